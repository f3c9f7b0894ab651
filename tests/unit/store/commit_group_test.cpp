#include "store/internal/commit_group.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "store/sqlite/sqlite_connection.h"
#include "support/temp_dir.h"

namespace certkeep::store::internal {
namespace {

using namespace std::chrono_literals;

// A SQLite file with one table, its one writing connection in a pool, and a group over it
// that counts its COMMITs.
class CommitGroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (dir_.path() / "group.db").string();
    auto setup = sqlite::OpenSqliteConnection(path_, 5000);
    ASSERT_TRUE(setup);
    ASSERT_TRUE((*setup)->ExecScript("CREATE TABLE t (v TEXT NOT NULL UNIQUE)"));
  }

  core::Result<void> Insert(SqlConnection& c, const std::string& v) {
    std::vector<SqlValue> params{v};
    auto r = c.Execute("INSERT INTO t (v) VALUES (?)", params);
    if (!r) return core::Fail(r.error());
    return core::Ok();
  }

  std::vector<std::string> Rows() {
    auto conn = sqlite::OpenSqliteConnection(path_, 5000);
    EXPECT_TRUE(conn);
    auto rows = (*conn)->Query("SELECT v FROM t ORDER BY v");
    EXPECT_TRUE(rows);
    std::vector<std::string> out;
    for (const auto& r : *rows) out.push_back(r.Text(0));
    return out;
  }

  // Runs `first` on a thread of its own; once its work has begun, runs each of `then` on
  // a thread of its own, so that they queue behind it, and lets `first` finish after
  // they had time to queue. Returns every writer's result, `first`'s first.
  std::vector<core::Result<void>> Meet(
      const std::function<core::Result<void>(SqlConnection&)>& first,
      const std::vector<std::function<core::Result<void>(SqlConnection&)>>& then) {
    std::promise<void> begun;
    std::promise<void> go;
    auto go_future = go.get_future().share();
    auto a = std::async(std::launch::async, [&] {
      return group_.Run([&](SqlConnection& c) {
        begun.set_value();
        go_future.wait();
        return first(c);
      });
    });
    begun.get_future().wait();
    std::vector<std::future<core::Result<void>>> others;
    for (const auto& work : then) {
      others.push_back(std::async(std::launch::async, [&] { return group_.Run(work); }));
    }
    std::this_thread::sleep_for(200ms);  // they reach the queue
    go.set_value();
    std::vector<core::Result<void>> results{a.get()};
    for (auto& f : others) results.push_back(f.get());
    return results;
  }

  testing::TempDir dir_;
  std::string path_;
  std::atomic<int> commits_{0};  // COMMIT statements run (around_commit runs twice each)
  ConnectionPool pool_{[this] { return sqlite::OpenSqliteConnection(path_, 5000); }, 1, 5s};
  CommitGroup group_{pool_, "BEGIN IMMEDIATE", 16, [this] { commits_.fetch_add(1); }};
};

TEST_F(CommitGroupTest, AWriterAloneCommitsItsOwnTransaction) {
  ASSERT_TRUE(group_.Run([&](SqlConnection& c) { return Insert(c, "a"); }));
  ASSERT_TRUE(group_.Run([&](SqlConnection& c) { return Insert(c, "b"); }));
  EXPECT_EQ(commits_.load(), 4);  // two COMMITs
  EXPECT_EQ(Rows(), (std::vector<std::string>{"a", "b"}));
}

TEST_F(CommitGroupTest, WritersThatMeetShareOneCommit) {
  auto results = Meet([&](SqlConnection& c) { return Insert(c, "a"); },
                      {[&](SqlConnection& c) { return Insert(c, "b"); },
                       [&](SqlConnection& c) { return Insert(c, "c"); }});
  for (const auto& r : results) EXPECT_TRUE(r);
  EXPECT_EQ(commits_.load(), 2);  // one COMMIT: a left it to the writers that queued
  EXPECT_EQ(Rows(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(CommitGroupTest, AFailedWriterRollsBackOnlyItself) {
  ASSERT_TRUE(group_.Run([&](SqlConnection& c) { return Insert(c, "taken"); }));
  auto results = Meet([&](SqlConnection& c) { return Insert(c, "a"); },
                      {[&](SqlConnection& c) -> core::Result<void> {
                         if (auto r = Insert(c, "b"); !r) return r;
                         return Insert(c, "taken");  // a constraint fails after a write
                       },
                       [&](SqlConnection& c) { return Insert(c, "c"); }});
  EXPECT_TRUE(results[0]);
  EXPECT_FALSE(results[1]);
  EXPECT_TRUE(results[2]);
  EXPECT_EQ(Rows(), (std::vector<std::string>{"a", "c", "taken"}));
}

TEST_F(CommitGroupTest, AThrowingWriterGetsItsExceptionAndTheOthersCommit) {
  std::promise<void> begun;
  std::promise<void> go;
  auto go_future = go.get_future().share();
  auto a = std::async(std::launch::async, [&] {
    return group_.Run([&](SqlConnection& c) {
      begun.set_value();
      go_future.wait();
      return Insert(c, "a");
    });
  });
  begun.get_future().wait();
  auto thrower = std::async(std::launch::async, [&] {
    return group_.Run([&](SqlConnection& c) -> core::Result<void> {
      (void)Insert(c, "never");
      throw std::runtime_error("work failed");
    });
  });
  auto c = std::async(std::launch::async,
                      [&] { return group_.Run([&](SqlConnection& c) { return Insert(c, "c"); }); });
  std::this_thread::sleep_for(200ms);
  go.set_value();
  EXPECT_TRUE(a.get());
  EXPECT_THROW((void)thrower.get(), std::runtime_error);
  EXPECT_TRUE(c.get());
  EXPECT_EQ(Rows(), (std::vector<std::string>{"a", "c"}));
}

TEST_F(CommitGroupTest, WhenTheSharedTransactionEndsUnderAWriterEveryWriterInItHearsSo) {
  // A work that ends the transaction (as SQLite does on an I/O error) takes the work of
  // the writers before it along: none of them may be told it was committed.
  auto results = Meet([&](SqlConnection& c) { return Insert(c, "a"); },
                      {[&](SqlConnection& c) -> core::Result<void> {
                        if (auto r = Insert(c, "b"); !r) return r;
                        return c.Control("ROLLBACK");
                      }});
  ASSERT_FALSE(results[0]);
  EXPECT_EQ(results[0].error().code(), core::ErrorCode::kUnavailable);
  EXPECT_FALSE(results[1]);
  EXPECT_TRUE(Rows().empty());
  EXPECT_EQ(commits_.load(), 0);
  // The group goes on.
  ASSERT_TRUE(group_.Run([&](SqlConnection& c) { return Insert(c, "d"); }));
  EXPECT_EQ(Rows(), (std::vector<std::string>{"d"}));
}

}  // namespace
}  // namespace certkeep::store::internal
