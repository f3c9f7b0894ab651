#include "jobs/runner.h"

namespace certkeep::jobs {

int JobRunner::RunDue() {
  int ran = 0;
  for (const auto& job : jobs_) {
    auto now = clock_.Now();
    // The lease outlives a normal run by far; a crashed holder frees it after that.
    auto lease_until = now + std::max(job.every, min_lease_);
    auto mine = store_.Transact([&](store::Transaction& tx) {
      return tx.job_leases().Acquire(job.name, node_, now, lease_until, now - job.every);
    });
    if (!mine) {
      on_error_(job.name, mine.error());
      continue;
    }
    if (!*mine) continue;
    if (auto r = job.run(); !r) on_error_(job.name, r.error());
    ++ran;
    auto finished = store_.Transact([&](store::Transaction& tx) {
      return tx.job_leases().Finish(job.name, node_, clock_.Now());
    });
    if (!finished) on_error_(job.name, finished.error());
  }
  return ran;
}

void JobRunner::Start(std::chrono::milliseconds tick) {
  thread_ = std::thread([this, tick] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      RunDue();
      lock.lock();
      cv_.wait_for(lock, tick, [this] { return stopping_; });
    }
  });
}

void JobRunner::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace certkeep::jobs
