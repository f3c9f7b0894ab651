#include "store/store.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "support/test_store.h"

namespace certkeep::store {
namespace {

using testing::Backend;
using testing::TestStore;

core::CertificateAuthority Ca(std::string name, std::optional<core::CaId> parent = {}) {
  return {.name = std::move(name),
          .role = parent ? core::CaRole::kIssuing : core::CaRole::kRoot,
          .parent_id = parent,
          .certificate_pem = "-----BEGIN CERTIFICATE-----\n...",
          .key_ref = "file:x.key.pem",
          .created_at = core::FromUnixSeconds(1'700'000'000)};
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
  }
  Store& store() { return db_->store(); }
  std::unique_ptr<TestStore> db_;
};

TEST_P(StoreTest, MigrationsBringTheSchemaToTheLatestVersion) {
  auto version = store().SchemaVersion();
  ASSERT_TRUE(version) << version.error().internal();
  EXPECT_GE(*version, 1);
}

TEST_P(StoreTest, ReopeningAppliesNothingTwice) {
  auto again = db_->Reopen();
  ASSERT_TRUE(again) << again.error().internal();
  EXPECT_EQ(*(*again)->SchemaVersion(), *store().SchemaVersion());
}

TEST_P(StoreTest, PingAnswers) {
  EXPECT_TRUE(store().Ping());
}

TEST_P(StoreTest, InsertedCaReadsBackFieldByField) {
  auto id = store().Transact([](Transaction& tx) { return tx.cas().Insert(Ca("root")); });
  ASSERT_TRUE(id) << id.error().internal();
  auto issuing_id =
      store().Transact([&](Transaction& tx) { return tx.cas().Insert(Ca("issuing-1", *id)); });
  ASSERT_TRUE(issuing_id) << issuing_id.error().internal();

  auto got = store().Transact([&](Transaction& tx) { return tx.cas().Get(*issuing_id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "issuing-1");
  EXPECT_EQ(got->role, core::CaRole::kIssuing);
  EXPECT_EQ(got->parent_id, *id);
  EXPECT_EQ(got->certificate_pem, "-----BEGIN CERTIFICATE-----\n...");
  EXPECT_EQ(got->key_ref, "file:x.key.pem");
  EXPECT_EQ(core::ToUnixSeconds(got->created_at), 1'700'000'000);

  auto all = store().Transact([](Transaction& tx) { return tx.cas().List(); });
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "root");
  EXPECT_FALSE((*all)[0].parent_id);
}

TEST_P(StoreTest, MissingCaIsNotFound) {
  auto got = store().Transact([](Transaction& tx) { return tx.cas().Get(core::CaId{424242}); });
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), core::ErrorCode::kNotFound);
  auto named = store().Transact([](Transaction& tx) { return tx.cas().FindByName("nope"); });
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(StoreTest, DuplicateNameIsAConflict) {
  ASSERT_TRUE(store().Transact([](Transaction& tx) { return tx.cas().Insert(Ca("root")); }));
  auto again = store().Transact([](Transaction& tx) { return tx.cas().Insert(Ca("root")); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().reason(), core::Reason::kStoreConstraint);
}

TEST_P(StoreTest, UnknownParentViolatesTheForeignKey) {
  auto r = store().Transact(
      [](Transaction& tx) { return tx.cas().Insert(Ca("orphan", core::CaId{999})); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), core::ErrorCode::kConflict);
}

TEST_P(StoreTest, AnErrorRollsTheWholeTransactionBack) {
  auto r = store().Transact([](Transaction& tx) -> core::Result<void> {
    if (auto id = tx.cas().Insert(Ca("first")); !id) return core::Fail(id.error());
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kUnspecified, "changed my mind");
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().detail(), "changed my mind");
  auto all = store().Transact([](Transaction& tx) { return tx.cas().List(); });
  EXPECT_TRUE(all->empty());
}

TEST_P(StoreTest, AFailedStatementRollsEarlierWritesBack) {
  auto r = store().Transact([](Transaction& tx) -> core::Result<void> {
    if (auto id = tx.cas().Insert(Ca("a")); !id) return core::Fail(id.error());
    if (auto id = tx.cas().Insert(Ca("a")); !id) return core::Fail(id.error());
    return core::Ok();
  });
  ASSERT_FALSE(r);
  auto all = store().Transact([](Transaction& tx) { return tx.cas().List(); });
  EXPECT_TRUE(all->empty());
}

TEST_P(StoreTest, ATransactionWhoseFirstStatementFailsSaysWhyAndLeavesTheStoreUsable) {
  // The failure is this transaction's, rolled back, with the connection fit for the next.
  ASSERT_TRUE(store().Transact([](Transaction& tx) { return tx.cas().Insert(Ca("taken")); }));
  for (int i = 0; i < 3; ++i) {  // more than once: the pool hands the same connection back
    auto again = store().Transact([](Transaction& tx) { return tx.cas().Insert(Ca("taken")); });
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code(), core::ErrorCode::kConflict);
  }
  auto read = store().Read([](Transaction& tx) { return tx.cas().FindByName("absent"); });
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), core::ErrorCode::kNotFound);
  ASSERT_TRUE(store().Transact([](Transaction& tx) { return tx.cas().Insert(Ca("next")); }));
  auto all = store().Read([](Transaction& tx) { return tx.cas().List(); });
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
}

TEST_P(StoreTest, AReadThatRunsNoStatementEndsCleanly) {
  ASSERT_TRUE(store().Read([](Transaction&) -> core::Result<int> { return 1; }));
  ASSERT_FALSE(store().Read([](Transaction&) -> core::Result<int> {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified, "nothing");
  }));
  ASSERT_TRUE(store().Transact([](Transaction& tx) { return tx.cas().Insert(Ca("after")); }));
}

// PostgreSQL runs a read's statements without a transaction, on a session that is
// read-only by default: a write that strays into a read is still refused, and the
// connection serves the next transaction as usual.
TEST_P(StoreTest, AWriteInsideAReadIsRefusedOnPostgres) {
  if (GetParam() != testing::Backend::kPostgres) GTEST_SKIP() << "SQLite takes the write";
  auto r = store().Read([](Transaction& tx) { return tx.cas().Insert(Ca("strayed")); });
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().internal().find("read-only"), std::string::npos) << r.error().internal();
  auto one = store().ReadOne([](Transaction& tx) { return tx.cas().Insert(Ca("strayed")); });
  ASSERT_FALSE(one);
  ASSERT_TRUE(store().Transact([](Transaction& tx) { return tx.cas().Insert(Ca("after")); }));
  auto all = store().Read([](Transaction& tx) { return tx.cas().List(); });
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().name, "after");
}

TEST_P(StoreTest, AnExceptionRollsBackAndPropagates) {
  EXPECT_THROW((void)store().Transact([](Transaction& tx) -> core::Result<void> {
    (void)tx.cas().Insert(Ca("thrown"));
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  auto all = store().Transact([](Transaction& tx) { return tx.cas().List(); });
  EXPECT_TRUE(all->empty());
  // The connection went back to the pool usable.
  EXPECT_TRUE(store().Transact([](Transaction& tx) { return tx.cas().Insert(Ca("after")); }));
}

TEST_P(StoreTest, AuditRecordsAppendInOrder) {
  for (int i = 0; i < 3; ++i) {
    auto id = store().Transact([&](Transaction& tx) {
      return tx.audit().Append({.at = core::FromUnixSeconds(i),
                                .actor = "system",
                                .action = "test." + std::to_string(i),
                                .object_type = "t",
                                .object_id = std::to_string(i),
                                .detail = "{}",
                                .prev_hash = "p" + std::to_string(i),
                                .hash = "h" + std::to_string(i)});
    });
    ASSERT_TRUE(id) << id.error().internal();
  }
  auto last = store().Transact([](Transaction& tx) { return tx.audit().Last(); });
  ASSERT_TRUE(last && *last);
  EXPECT_EQ((*last)->action, "test.2");
  auto page =
      store().Transact([](Transaction& tx) { return tx.audit().List(core::AuditId{0}, 2); });
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].hash, "h0");
  auto rest = store().Transact([&](Transaction& tx) { return tx.audit().List((*page)[1].id, 10); });
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].hash, "h2");
}

TEST_P(StoreTest, ConcurrentWritersAllCommit) {
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = store().Transact([&](Transaction& tx) {
          return tx.cas().Insert(Ca("ca-" + std::to_string(t) + "-" + std::to_string(i)));
        });
        if (!r) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto all = store().Transact([](Transaction& tx) { return tx.cas().List(); });
  EXPECT_EQ(all->size(), static_cast<std::size_t>(kThreads * kEach));
}

TEST_P(StoreTest, AStoreFromANewerCertkeepIsRefused) {
  ASSERT_TRUE(db_->ExecRaw(
      "INSERT INTO schema_version (version, name, applied_at) VALUES (9999, '9999_future', 0)"));
  auto again = db_->Reopen();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().reason(), core::Reason::kStoreMigration);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

TEST(OpenStore, UnreachablePostgresIsUnavailable) {
  StoreOptions options;
  options.backend = StoreOptions::Backend::kPostgres;
  options.postgres_dsn = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2";
  auto r = OpenStore(options, core::SystemClock());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), core::ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().internal().find("nobody@"), std::string::npos) << "DSN leaked into the error";
}

}  // namespace
}  // namespace certkeep::store

namespace certkeep::store {
namespace {

class CrlRepositoryTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<testing::TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable";
    auto id = db_->store().Transact([](Transaction& tx) {
      return tx.cas().Insert({.name = "issuing-1",
                              .role = core::CaRole::kRoot,
                              .certificate_pem = "x",
                              .key_ref = "file:x",
                              .created_at = core::FromUnixSeconds(1)});
    });
    ASSERT_TRUE(id);
    ca_ = *id;
  }
  std::unique_ptr<testing::TestStore> db_;
  core::CaId ca_;
};

TEST_P(CrlRepositoryTest, NumbersGrowAndOnlyANewerCrlReplacesThePublishedOne) {
  auto n1 = db_->store().Transact([&](Transaction& tx) { return tx.crls().NextNumber(ca_); });
  auto n2 = db_->store().Transact([&](Transaction& tx) { return tx.crls().NextNumber(ca_); });
  ASSERT_TRUE(n1 && n2);
  EXPECT_EQ(*n1, 1);
  EXPECT_EQ(*n2, 2);
  auto none = db_->store().Transact([&](Transaction& tx) { return tx.crls().Latest(ca_); });
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  std::string der("\x30\x03\x02\x01\x00\xff", 6);  // binary survives the text column
  ASSERT_TRUE(db_->store().Transact([&](Transaction& tx) {
    return tx.crls().Publish(
        {ca_, 2, core::FromUnixSeconds(10), core::FromUnixSeconds(20), 5, der});
  }));
  ASSERT_TRUE(db_->store().Transact([&](Transaction& tx) {  // an older build finishing late
    return tx.crls().Publish(
        {ca_, 1, core::FromUnixSeconds(9), core::FromUnixSeconds(19), 4, "old"});
  }));
  auto latest = db_->store().Transact([&](Transaction& tx) { return tx.crls().Latest(ca_); });
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->crl_number, 2);
  EXPECT_EQ((*latest)->der, der);
  EXPECT_EQ((*latest)->entries, 5);
  EXPECT_EQ(*db_->store().Transact([&](Transaction& tx) { return tx.crls().LatestNumber(ca_); }),
            2);
}

INSTANTIATE_TEST_SUITE_P(Backends, CrlRepositoryTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
