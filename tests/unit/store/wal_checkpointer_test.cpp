#include "store/sqlite/wal_checkpointer.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <thread>

#include "support/temp_dir.h"

namespace certkeep::store::sqlite {
namespace {

// A WAL database whose writer never checkpoints: everything it commits stays in the log
// until someone else copies it into the database file.
sqlite3* WriterThatNeverCheckpoints(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db,
                         "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
                         "CREATE TABLE t (v BLOB);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  return db;
}

void Write(sqlite3* db, int rows) {
  for (int i = 0; i < rows; ++i) {
    ASSERT_EQ(
        sqlite3_exec(db, "INSERT INTO t VALUES (randomblob(3000))", nullptr, nullptr, nullptr),
        SQLITE_OK);
  }
}

TEST(WalCheckpointer, ItsThreadCopiesTheLogIntoTheDatabaseFile) {
  testing::TempDir dir;
  auto path = (dir.path() / "wal.db").string();
  sqlite3* writer = WriterThatNeverCheckpoints(path);
  Write(writer, 200);
  auto before = std::filesystem::file_size(path);
  EXPECT_LT(before, 100'000u) << "the rows are still only in the log";

  auto checkpointer = WalCheckpointer::Start(path, std::chrono::milliseconds(20));
  ASSERT_TRUE(checkpointer);
  for (int i = 0; i < 200 && std::filesystem::file_size(path) < 500'000u; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GT(std::filesystem::file_size(path), 500'000u);
  checkpointer->reset();  // stops and joins its thread
  sqlite3_close(writer);
}

TEST(WalCheckpointer, CheckpointNowLeavesNothingToCopyAndNeverBlocksAWriter) {
  testing::TempDir dir;
  auto path = (dir.path() / "wal.db").string();
  sqlite3* writer = WriterThatNeverCheckpoints(path);
  auto checkpointer = WalCheckpointer::Start(path, std::chrono::hours(1));
  ASSERT_TRUE(checkpointer);
  Write(writer, 50);
  EXPECT_EQ((*checkpointer)->CheckpointNow(), 0);

  // A reader holding an old snapshot: PASSIVE copies what it can and returns at once.
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &reader), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM t;", nullptr, nullptr, nullptr),
            SQLITE_OK);
  Write(writer, 50);
  EXPECT_GT((*checkpointer)->CheckpointNow(), 0);
  ASSERT_EQ(sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ((*checkpointer)->CheckpointNow(), 0);
  sqlite3_close(reader);
  sqlite3_close(writer);
}

}  // namespace
}  // namespace certkeep::store::sqlite
