#pragma once
// Whether an SQLite database in WAL mode may have changed, without a read transaction.
// Every commit, by this process or another (the CLI on the server), appends frames to
// the -wal file or restarts it with new salts; so (inode, size, mtime, header salts) of
// the -wal file change with every commit. One fstat and one 32-byte read on a kept
// descriptor, no SQLite lock, at most once per `max_age` (1 ms): the hot path of header
// logins uses it to skip re-reading a credential version that cannot have changed. A
// commit by another process is therefore seen by requests that start at most 1 ms
// after it; commits by this process are counted in SqlStore and seen at once.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

namespace certkeep::store::sqlite {

class WalChangeMonitor {
 public:
  /// Watches `db_path`'s "-wal" file.
  explicit WalChangeMonitor(std::string db_path,
                            std::chrono::nanoseconds max_age = std::chrono::milliseconds(1))
      : wal_path_(std::move(db_path) + "-wal"), max_age_(max_age) {}
  ~WalChangeMonitor();
  WalChangeMonitor(const WalChangeMonitor&) = delete;
  WalChangeMonitor& operator=(const WalChangeMonitor&) = delete;

  /// A fingerprint of the -wal file's state; equal fingerprints mean no commit in between.
  /// Thread-safe.
  [[nodiscard]] std::uint64_t Fingerprint();

 private:
  std::uint64_t Observe();

  std::string wal_path_;
  std::chrono::nanoseconds max_age_;
  std::atomic<std::int64_t> observed_at_{std::numeric_limits<std::int64_t>::min()};
  std::atomic<std::uint64_t> last_{0};
  std::mutex mu_;  ///< guards reopening fd_; reads through it need no lock
  std::atomic<int> fd_{-1};
  std::vector<int> retired_;  ///< earlier descriptors of a removed WAL, closed at the end
};

}  // namespace certkeep::store::sqlite
