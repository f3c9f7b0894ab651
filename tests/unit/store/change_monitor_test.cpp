#include "store/sqlite/change_monitor.h"

#include <gtest/gtest.h>

#include "support/test_store.h"

namespace certkeep::store {
namespace {

using testing::Backend;
using testing::TestStore;

TEST(ChangeToken, StaysWhileNothingIsWrittenAndMovesWithEveryCommit) {
  TestStore db(Backend::kSqlite);
  ASSERT_TRUE(db.ok());
  auto& store = db.store();
  auto before = store.ChangeToken();
  ASSERT_TRUE(before);
  ASSERT_TRUE(store.Read([](Transaction& tx) { return tx.customers().List(); }));
  EXPECT_EQ(store.ChangeToken(), before);

  // A commit by this process.
  ASSERT_TRUE(store.Transact(
      [](Transaction& tx) { return tx.customers().Insert({.uri = "a", .name = "a"}); }));
  auto after_local = store.ChangeToken();
  EXPECT_NE(after_local, before);

  // A commit by another process (the sqlite3 command line).
  ASSERT_TRUE(db.ExecRaw("INSERT INTO customer (uri, name, created_at) VALUES ('b', 'b', 0)"));
  EXPECT_NE(store.ChangeToken(), after_local);
}

TEST(ChangeToken, PostgresCannotTellAndSaysSo) {
  TestStore db(Backend::kPostgres);
  if (!db.ok()) GTEST_SKIP() << "CERTKEEP_TEST_POSTGRES_DSN unset";
  EXPECT_FALSE(db.store().ChangeToken());
}

TEST(WalChangeMonitor, SeesAWalRestartThatKeepsTheSize) {
  TestStore db(Backend::kSqlite);
  ASSERT_TRUE(db.ok());
  sqlite::WalChangeMonitor monitor(db.options().sqlite_path, std::chrono::nanoseconds(0));
  ASSERT_TRUE(db.ExecRaw("INSERT INTO customer (uri, name, created_at) VALUES ('c', 'c', 0)"));
  auto before = monitor.Fingerprint();
  EXPECT_EQ(monitor.Fingerprint(), before);
  // Checkpoint everything, then one more commit: the WAL starts again from frame 0 with
  // new salts, and may keep its length.
  ASSERT_TRUE(
      db.ExecRaw("PRAGMA wal_checkpoint(RESTART); "
                 "INSERT INTO customer (uri, name, created_at) VALUES ('d', 'd', 0)"));
  EXPECT_NE(monitor.Fingerprint(), before);
}

}  // namespace
}  // namespace certkeep::store
