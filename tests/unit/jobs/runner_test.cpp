#include "jobs/runner.h"

#include <gtest/gtest.h>

#include "support/test_store.h"

namespace certkeep::jobs {
namespace {

using testing::Backend;
using testing::TestStore;

class JobRunnerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
  }
  std::unique_ptr<JobRunner> Runner(const std::string& node, int* runs) {
    auto r = std::make_unique<JobRunner>(
        db_->store(), clock_, node,
        [this](const std::string&, const core::Error& e) { errors_.push_back(e.detail()); });
    r->Add({"test.job", std::chrono::seconds(60), [runs]() -> core::Result<void> {
              ++*runs;
              return core::Ok();
            }});
    return r;
  }
  std::unique_ptr<TestStore> db_;
  core::FakeClock clock_{core::FromUnixSeconds(1'800'000'000)};
  std::vector<std::string> errors_;
};

TEST_P(JobRunnerTest, AJobRunsOncePerIntervalAcrossNodes) {
  int runs_a = 0, runs_b = 0;
  auto a = Runner("node-a", &runs_a);
  auto b = Runner("node-b", &runs_b);
  EXPECT_EQ(a->RunDue(), 1);
  EXPECT_EQ(b->RunDue(), 0);  // node a ran it just now
  EXPECT_EQ(a->RunDue(), 0);  // not due again yet
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(b->RunDue(), 1);
  EXPECT_EQ(a->RunDue(), 0);
  EXPECT_EQ(runs_a + runs_b, 2);
  EXPECT_TRUE(errors_.empty());
}

TEST_P(JobRunnerTest, ALeaseHeldByAnotherNodeBlocksUntilItExpires) {
  // Node a took the lease and "crashed" before finishing.
  auto taken = db_->store().Transact([&](store::Transaction& tx) {
    return tx.job_leases().Acquire("test.job", "node-a", clock_.Now(),
                                   clock_.Now() + std::chrono::seconds(60), clock_.Now());
  });
  ASSERT_TRUE(taken && *taken);
  int runs = 0;
  auto b = Runner("node-b", &runs);
  EXPECT_EQ(b->RunDue(), 0);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(b->RunDue(), 1);
}

TEST_P(JobRunnerTest, AFailingJobIsReportedAndStillFinishes) {
  JobRunner r(db_->store(), clock_, "node", [this](const std::string& job, const core::Error& e) {
    errors_.push_back(job + ": " + e.detail());
  });
  r.Add({"broken", std::chrono::seconds(60), []() -> core::Result<void> {
           return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kUnspecified, "boom");
         }});
  EXPECT_EQ(r.RunDue(), 1);
  EXPECT_EQ(errors_, std::vector<std::string>{"broken: boom"});
  EXPECT_EQ(r.RunDue(), 0);  // its run is recorded: not retried at once
}

INSTANTIATE_TEST_SUITE_P(Backends, JobRunnerTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::jobs
