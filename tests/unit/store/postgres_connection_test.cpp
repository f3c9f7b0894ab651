#include "store/postgres/postgres_connection.h"

#include <gtest/gtest.h>

#include "support/test_store.h"

namespace certkeep::store::postgres {
namespace {

TEST(NumberPlaceholders, NumbersEachQuestionMarkInOrder) {
  EXPECT_EQ(NumberPlaceholders("SELECT a FROM t WHERE b = ? AND c = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
}

TEST(NumberPlaceholders, LeavesQuotedTextAlone) {
  EXPECT_EQ(NumberPlaceholders("SELECT '?', \"a?\" FROM t WHERE x = ?"),
            "SELECT '?', \"a?\" FROM t WHERE x = $1");
}

TEST(NumberPlaceholders, CountsPastNine) {
  std::string sql, want;
  for (int i = 1; i <= 11; ++i) {
    sql += "?,";
    want += "$" + std::to_string(i) + ",";
  }
  EXPECT_EQ(NumberPlaceholders(sql), want);
}

// A transaction's BEGIN goes with its first statement, and ExecuteLater's writes with the
// next statement or the COMMIT, in one pipeline: what the server runs, and in what order,
// and what a failure undoes, are as if each had been sent on its own.
class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!db_.ok()) return;
    auto conn = OpenPostgresConnection(db_.options().postgres_dsn);
    ASSERT_TRUE(conn) << conn.error().detail();
    conn_ = std::move(*conn);
    ASSERT_TRUE(conn_->Control("BEGIN READ WRITE"));
    ASSERT_TRUE(conn_->ExecScript("CREATE TABLE t (n BIGINT PRIMARY KEY)"));
    ASSERT_TRUE(conn_->Control("COMMIT"));
  }
  std::int64_t Count() {
    auto rows = conn_->Query("SELECT COUNT(*) FROM t");
    EXPECT_TRUE(rows) << rows.error().detail();
    return rows ? rows->front().Int(0) : -1;
  }
  core::Result<void> Insert(std::int64_t n) {
    std::vector<internal::SqlValue> params{n};
    return conn_->ExecuteLater("INSERT INTO t (n) VALUES (?)", params);
  }

  ::certkeep::testing::TestStore db_{::certkeep::testing::Backend::kPostgres};
  std::unique_ptr<internal::SqlConnection> conn_;
};

TEST_F(PipelineTest, WritesThatWaitRunInOrderBeforeTheNextStatementAndCommit) {
  if (!conn_) GTEST_SKIP();
  ASSERT_TRUE(conn_->Control("BEGIN READ WRITE"));
  ASSERT_TRUE(Insert(1));
  ASSERT_TRUE(Insert(2));
  EXPECT_EQ(Count(), 2);  // sent ahead of the count, in the transaction
  ASSERT_TRUE(Insert(3));
  ASSERT_TRUE(conn_->Control("COMMIT"));  // takes the third along
  EXPECT_EQ(Count(), 3);
}

TEST_F(PipelineTest, AWaitingWriteThatFailsFailsTheCommitAndUndoesTheTransaction) {
  if (!conn_) GTEST_SKIP();
  ASSERT_TRUE(conn_->Control("BEGIN READ WRITE"));
  ASSERT_TRUE(Insert(1));
  EXPECT_EQ(Count(), 1);
  ASSERT_TRUE(Insert(2));
  ASSERT_TRUE(Insert(1));  // a duplicate key: known only when it is sent
  auto committed = conn_->Control("COMMIT");
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code(), core::ErrorCode::kConflict);
  ASSERT_TRUE(conn_->Control("ROLLBACK"));  // as the store does after a failed COMMIT
  EXPECT_FALSE(conn_->IsBroken());
  EXPECT_EQ(Count(), 0);
}

TEST_F(PipelineTest, AFailedFirstStatementFailsWithItsOwnErrorAndTheConnectionGoesOn) {
  if (!conn_) GTEST_SKIP();
  ASSERT_TRUE(conn_->Control("BEGIN READ WRITE"));
  auto bad = conn_->Query("SELECT n FROM no_such_table");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().internal().find("no_such_table"), std::string::npos) << bad.error().internal();
  ASSERT_TRUE(conn_->Control("ROLLBACK"));
  // One that fails as it runs, in the pipeline with its BEGIN.
  ASSERT_TRUE(conn_->Control("BEGIN READ WRITE"));
  std::vector<internal::SqlValue> zero{std::int64_t{0}};
  auto divided = conn_->Query("SELECT 1 / ?::bigint", zero);
  ASSERT_FALSE(divided);
  EXPECT_NE(divided.error().internal().find("division by zero"), std::string::npos)
      << divided.error().internal();
  ASSERT_TRUE(conn_->Control("ROLLBACK"));
  ASSERT_TRUE(conn_->Control("BEGIN READ WRITE"));
  ASSERT_TRUE(Insert(7));
  ASSERT_TRUE(conn_->Control("COMMIT"));
  EXPECT_EQ(Count(), 1);
}

TEST_F(PipelineTest, ATransactionThatRanNothingAndARolledBackWaitingWriteLeaveNothing) {
  if (!conn_) GTEST_SKIP();
  ASSERT_TRUE(conn_->Control("BEGIN READ WRITE"));
  ASSERT_TRUE(conn_->Control("COMMIT"));
  ASSERT_TRUE(conn_->Control("BEGIN READ WRITE"));
  ASSERT_TRUE(Insert(1));
  ASSERT_TRUE(conn_->Control("ROLLBACK"));
  EXPECT_EQ(Count(), 0);
  // Outside a transaction a write runs at once (and the session is read-only there).
  EXPECT_FALSE(Insert(5));
}

}  // namespace
}  // namespace certkeep::store::postgres
