#pragma once
// Scheduled work. Each job runs at most once per interval across every node sharing the
// store: a node runs it only while holding the job's lease in the store, so two nodes
// never run one job at once, and a node that dies mid-run loses the lease when it expires.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace certkeep::jobs {

/// One kind of scheduled work.
struct Job {
  std::string name;
  std::chrono::seconds every;
  std::function<core::Result<void>()> run;
};

class JobRunner {
 public:
  /// `node` names this process in the leases (host and pid, say). A lease lasts a job's
  /// interval, and at least `min_lease`: a run must end within it.
  JobRunner(store::Store& store, const core::Clock& clock, std::string node,
            std::function<void(const std::string& job, const core::Error&)> on_error,
            std::chrono::seconds min_lease = std::chrono::seconds(60))
      : store_(store),
        clock_(clock),
        node_(std::move(node)),
        on_error_(std::move(on_error)),
        min_lease_(min_lease) {}
  ~JobRunner() { Stop(); }

  void Add(Job job) { jobs_.push_back(std::move(job)); }
  /// Runs every due job once, on the calling thread; returns how many ran.
  int RunDue();
  /// Checks for due jobs every `tick` on a thread of its own until Stop().
  void Start(std::chrono::milliseconds tick = std::chrono::milliseconds(1000));
  void Stop();

 private:
  store::Store& store_;
  const core::Clock& clock_;
  std::string node_;
  std::function<void(const std::string&, const core::Error&)> on_error_;
  std::chrono::seconds min_lease_;
  std::vector<Job> jobs_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace certkeep::jobs
