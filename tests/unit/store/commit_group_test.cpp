#include "store/internal/commit_group.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
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
  // they had time to queue. Returns every writer's future, `first`'s first.
  std::vector<std::future<core::Result<void>>> Meet(
      std::function<core::Result<void>(SqlConnection&)> first,
      const std::vector<std::function<core::Result<void>(SqlConnection&)>>& then) {
    auto begun = std::make_shared<std::promise<void>>();  // set on the writer's thread
    std::promise<void> go;
    std::vector<std::future<core::Result<void>>> writers;
    writers.push_back(std::async(
        std::launch::async, [this, begun, first, go_future = go.get_future().share()] {
          return group_.Run([&](SqlConnection& c) {
            begun->set_value();
            go_future.wait();
            return first(c);
          });
        }));
    begun->get_future().wait();
    for (const auto& work : then) {
      writers.push_back(std::async(std::launch::async, [this, work] { return group_.Run(work); }));
    }
    std::this_thread::sleep_for(200ms);  // they reach the queue
    go.set_value();
    return writers;
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
  auto writers = Meet([&](SqlConnection& c) { return Insert(c, "a"); },
                       {[&](SqlConnection& c) { return Insert(c, "b"); },
                        [&](SqlConnection& c) { return Insert(c, "c"); }});
  for (auto& w : writers) EXPECT_TRUE(w.get());
  EXPECT_EQ(commits_.load(), 2);  // one COMMIT: a left it to the writers that queued
  EXPECT_EQ(Rows(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(CommitGroupTest, AFailedWriterRollsBackOnlyItself) {
  ASSERT_TRUE(group_.Run([&](SqlConnection& c) { return Insert(c, "taken"); }));
  auto writers = Meet([&](SqlConnection& c) { return Insert(c, "a"); },
                       {[&](SqlConnection& c) -> core::Result<void> {
                          if (auto r = Insert(c, "b"); !r) return r;
                          return Insert(c, "taken");  // a constraint fails after a write
                        },
                        [&](SqlConnection& c) { return Insert(c, "c"); }});
  EXPECT_TRUE(writers[0].get());
  EXPECT_FALSE(writers[1].get());
  EXPECT_TRUE(writers[2].get());
  EXPECT_EQ(Rows(), (std::vector<std::string>{"a", "c", "taken"}));
}

TEST_F(CommitGroupTest, AThrowingWriterGetsItsExceptionAndTheOthersCommit) {
  auto writers = Meet([&](SqlConnection& c) { return Insert(c, "a"); },
                       {[&](SqlConnection& c) -> core::Result<void> {
                          (void)Insert(c, "never");
                          throw std::runtime_error("work failed");
                        },
                        [&](SqlConnection& c) { return Insert(c, "c"); }});
  EXPECT_TRUE(writers[0].get());
  EXPECT_THROW((void)writers[1].get(), std::runtime_error);
  EXPECT_TRUE(writers[2].get());
  EXPECT_EQ(Rows(), (std::vector<std::string>{"a", "c"}));
}

TEST_F(CommitGroupTest, WhenTheSharedTransactionEndsUnderAWriterEveryWriterInItHearsSo) {
  // A work that ends the transaction (as SQLite does on an I/O error) takes the work of
  // the writers before it along: none of them may be told it was committed.
  auto writers = Meet([&](SqlConnection& c) { return Insert(c, "a"); },
                       {[&](SqlConnection& c) -> core::Result<void> {
                         if (auto r = Insert(c, "b"); !r) return r;
                         return c.Control("ROLLBACK");
                       }});
  auto first = writers[0].get();
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code(), core::ErrorCode::kUnavailable);
  EXPECT_FALSE(writers[1].get());
  EXPECT_TRUE(Rows().empty());
  EXPECT_EQ(commits_.load(), 0);
  // The group goes on.
  ASSERT_TRUE(group_.Run([&](SqlConnection& c) { return Insert(c, "d"); }));
  EXPECT_EQ(Rows(), (std::vector<std::string>{"d"}));
}

}  // namespace
}  // namespace certkeep::store::internal
