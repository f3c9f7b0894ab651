#pragma once
// Moves an SQLite database's write-ahead log back into the database file on a thread of
// its own. A checkpoint copies pages and syncs the file; run by the committing writer (as
// SQLite does by default, every 1000 pages) it stalls that writer and every writer queued
// behind it. A PASSIVE checkpoint here takes no lock writers wait for: they keep
// appending while it copies what is already committed. The writers' own automatic
// checkpoint stays as a backstop, at a much larger size (kBackstopPages).

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.h"

struct sqlite3;

namespace certkeep::store::sqlite {

class WalCheckpointer {
 public:
  /// The writers' automatic checkpoint, in pages (4 KiB each): reached only when this
  /// thread falls far behind.
  static constexpr int kBackstopPages = 16384;

  /// Opens its own connection to `db_path` and checkpoints every `interval`.
  [[nodiscard]] static core::Result<std::unique_ptr<WalCheckpointer>> Start(
      const std::string& db_path, std::chrono::milliseconds interval);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  /// Checkpoints now (also what the thread does); returns the log's frames left to copy.
  int CheckpointNow();

 private:
  WalCheckpointer(sqlite3* db, std::chrono::milliseconds interval);
  void Loop();

  sqlite3* db_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace certkeep::store::sqlite
