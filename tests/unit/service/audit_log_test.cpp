#include "service/audit_log.h"

#include <gtest/gtest.h>

#include "core/random.h"
#include "pki/digest.h"
#include "support/test_store.h"

namespace certkeep::service {
namespace {

using testing::Backend;
using testing::TestStore;

class AuditLogTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
    for (const char* uri : {"A", "B"}) {
      auto id = db_->store().Transact([&](store::Transaction& tx) {
        return tx.customers().Insert({.uri = uri, .name = uri, .created_at = clock_.Now()});
      });
      ASSERT_TRUE(id);
      customers_.push_back(*id);
    }
  }
  // Records `action` in a transaction of its own; returns the record's id, which its
  // chain's head names once it commits.
  core::AuditId Record(core::CustomerId customer, std::string action) {
    auto done = db_->store().Transact([&](store::Transaction& tx) {
      return RecordAudit(tx, clock_,
                         {.customer_id = customer,
                          .actor = "tester",
                          .source = "192.0.2.7",
                          .action = std::move(action),
                          .object_type = "organization",
                          .object_id = "1",
                          .detail = "{\"name\":\"O1\"}"});
    });
    EXPECT_TRUE(done);
    auto heads = db_->store().Read([](store::Transaction& tx) { return tx.audit().Heads(); });
    EXPECT_TRUE(heads);
    for (const auto& [chain, head] : heads.value_or(decltype(heads)::value_type{})) {
      if (chain == customer) return head.id;
    }
    ADD_FAILURE() << "no head for customer " << customer.value;
    return core::AuditId{};
  }

  core::FakeClock clock_{core::FromUnixSeconds(1'800'000'000)};
  std::unique_ptr<TestStore> db_;
  std::vector<core::CustomerId> customers_;
};

TEST_P(AuditLogTest, EachCustomerHasItsOwnChain) {
  auto a1 = Record(customers_[0], "a.one");
  Record(customers_[1], "b.one");
  auto a2 = Record(customers_[0], "a.two");
  auto chain = db_->store().Read([&](store::Transaction& tx) {
    return tx.audit().ListChain(customers_[0], core::AuditId{0}, 10);
  });
  ASSERT_TRUE(chain);
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0].id, a1);
  EXPECT_EQ((*chain)[1].id, a2);
  EXPECT_EQ((*chain)[1].prev_hash, (*chain)[0].hash);
  auto v = VerifyAudit(db_->store(), nullptr);
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->first_broken);
  EXPECT_EQ(v->records, 3);
}

TEST_P(AuditLogTest, AnEditedRowIsNamed) {
  Record(customers_[0], "a.one");
  auto edited = Record(customers_[0], "a.two");
  Record(customers_[0], "a.three");
  ASSERT_TRUE(db_->ExecRaw("UPDATE audit_log SET actor = 'someone else' WHERE id = " +
                           std::to_string(edited.value)));
  auto broken = VerifyAuditChain(db_->store());
  ASSERT_TRUE(broken);
  EXPECT_EQ(*broken, edited);
}

TEST_P(AuditLogTest, ARemovedRowIsNamedAtTheRecordAfterIt) {
  Record(customers_[0], "a.one");
  auto removed = Record(customers_[0], "a.two");
  auto after = Record(customers_[0], "a.three");
  ASSERT_TRUE(db_->ExecRaw("DELETE FROM audit_log WHERE id = " + std::to_string(removed.value)));
  auto broken = VerifyAuditChain(db_->store());
  ASSERT_TRUE(broken);
  EXPECT_EQ(*broken, after);
}

TEST_P(AuditLogTest, ARewrittenAndRehashedRowIsCaughtByTheSignedCheckpoint) {
  auto key = pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256);
  ASSERT_TRUE(key);
  Record(customers_[0], "a.one");
  auto last = Record(customers_[0], "a.two");
  auto written = WriteAuditCheckpoints(db_->store(), clock_, *key);
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, 1);
  EXPECT_EQ(*WriteAuditCheckpoints(db_->store(), clock_, *key), 0);  // the head did not move

  // Someone with write access to the database rewrites the last record and recomputes
  // its hash and the chain head, so the chain itself checks out again.
  auto record = db_->store().Read([&](store::Transaction& tx) {
    return tx.audit().ListChain(customers_[0], core::AuditId{last.value - 1}, 1);
  });
  ASSERT_TRUE(record);
  auto forged = record->front();
  forged.actor = "nobody";
  forged.hash = core::Hex(pki::Sha256(core::AuditHashInput(forged)));
  ASSERT_TRUE(db_->ExecRaw("UPDATE audit_log SET actor = 'nobody', hash = '" + forged.hash +
                           "' WHERE id = " + std::to_string(last.value)));
  ASSERT_TRUE(db_->ExecRaw("UPDATE audit_chain SET head_hash = '" + forged.hash +
                           "' WHERE customer_id = " + std::to_string(customers_[0].value)));
  auto unsigned_check = VerifyAudit(db_->store(), nullptr);
  ASSERT_TRUE(unsigned_check);
  auto pub = key->Public();
  auto v = VerifyAudit(db_->store(), &pub);
  ASSERT_TRUE(v);
  ASSERT_TRUE(v->first_broken);
  EXPECT_EQ(*v->first_broken, last);
  EXPECT_NE(v->problem.find("checkpoint"), std::string::npos) << v->problem;

  // A forged checkpoint signature is caught too.
  ASSERT_TRUE(db_->ExecRaw("UPDATE audit_checkpoint SET signature = 'AAAA'"));
  auto forged_sig = VerifyAudit(db_->store(), &pub);
  ASSERT_TRUE(forged_sig);
  EXPECT_TRUE(forged_sig->first_broken);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditLogTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::service
