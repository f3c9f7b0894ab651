#include "store/sqlite/wal_checkpointer.h"

#include <sqlite3.h>

namespace certkeep::store::sqlite {

core::Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(
    const std::string& db_path, std::chrono::milliseconds interval) {
  sqlite3* db = nullptr;
  int rc =
      sqlite3_open_v2(db_path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    auto err = core::Error(core::ErrorCode::kUnavailable, core::Reason::kStoreUnavailable,
                           "the store cannot be opened",
                           "sqlite checkpointer open " + db_path + ": " +
                               (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close_v2(db);
    return core::Fail(err);
  }
  // A connection learns that the database is in WAL mode only by reading it; until then
  // a checkpoint does nothing. This also puts a database just created into WAL mode, as
  // every connection of the store does.
  rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    auto err = core::Error(core::ErrorCode::kUnavailable, core::Reason::kStoreUnavailable,
                           "the store cannot be opened",
                           "sqlite checkpointer on " + db_path + ": " + sqlite3_errmsg(db));
    sqlite3_close_v2(db);
    return core::Fail(err);
  }
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(db, interval));
}

WalCheckpointer::WalCheckpointer(sqlite3* db, std::chrono::milliseconds interval)
    : db_(db), interval_(interval), thread_([this] { Loop(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
  sqlite3_close_v2(db_);
}

int WalCheckpointer::CheckpointNow() {
  int frames = 0;
  int copied = 0;
  // PASSIVE: copies what no reader still needs, waits for no lock; a busy database is
  // simply tried again at the next interval.
  sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
  return frames - copied;
}

void WalCheckpointer::Loop() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    (void)CheckpointNow();
    lock.lock();
  }
}

}  // namespace certkeep::store::sqlite
