#include "service/hierarchy_setup.h"

#include <gtest/gtest.h>

#include "pki/random.h"
#include "service/audit_log.h"
#include "support/test_store.h"

namespace certkeep::service {
namespace {

using testing::Backend;
using testing::TestStore;

HierarchyOptions Options() {
  return {.algorithm = pki::KeyAlgorithm::kEcP256,
          .root_name = {"Test Root", "certkeep tests", ""},
          .issuing_name = {"Test Issuing", "certkeep tests", ""},
          .root_validity = std::chrono::days(3650),
          .issuing_validity = std::chrono::days(1825)};
}

class HierarchySetupTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
    keys_ = std::make_unique<pki::FileKeyStore>(db_->dir().path() / "keys", "pass");
    ring_ = std::make_unique<KeyRing>(*keys_);
  }
  std::unique_ptr<TestStore> db_;
  std::unique_ptr<pki::FileKeyStore> keys_;
  std::unique_ptr<KeyRing> ring_;
  core::FakeClock clock_{core::FromUnixSeconds(1'790'000'000)};
  pki::OpenSslRandom random_;
};

TEST_P(HierarchySetupTest, CreatesRootAndIssuingOnceThenReturnsThem) {
  auto first = EnsureHierarchy(db_->store(), *keys_, clock_, random_, Options());
  ASSERT_TRUE(first) << first.error().internal();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->issuing.parent_id, first->root.id);
  auto root = pki::Certificate::FromPem(first->root.certificate_pem);
  auto issuing = pki::Certificate::FromPem(first->issuing.certificate_pem);
  EXPECT_EQ(issuing->Issuer(), root->Subject());
  EXPECT_EQ(core::ToUnixSeconds(root->NotBefore()), 1'790'000'000);
  EXPECT_TRUE(keys_->Load(first->issuing.key_ref));

  auto second = EnsureHierarchy(db_->store(), *keys_, clock_, random_, Options());
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->root.certificate_pem, first->root.certificate_pem);
}

TEST_P(HierarchySetupTest, WritesAnAuditChainThatVerifies) {
  ASSERT_TRUE(EnsureHierarchy(db_->store(), *keys_, clock_, random_, Options()));
  auto broken = VerifyAuditChain(db_->store());
  ASSERT_TRUE(broken);
  EXPECT_FALSE(*broken);
  auto records = db_->store().Transact(
      [](store::Transaction& tx) { return tx.audit().List(core::AuditId{0}, 10); });
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].action, "ca.create");
  EXPECT_EQ((*records)[0].prev_hash, "");
  EXPECT_EQ((*records)[1].prev_hash, (*records)[0].hash);
}

TEST_P(HierarchySetupTest, TamperingWithTheAuditLogIsDetected) {
  ASSERT_TRUE(EnsureHierarchy(db_->store(), *keys_, clock_, random_, Options()));
  ASSERT_TRUE(db_->ExecRaw("UPDATE audit_log SET actor = 'mallory' WHERE id = 1"));
  auto broken = VerifyAuditChain(db_->store());
  ASSERT_TRUE(broken);
  ASSERT_TRUE(*broken);
  EXPECT_EQ((*broken)->value, 1);
}

TEST_P(HierarchySetupTest, ServerCertificateIsIssuedOnceAndRenewedNearExpiry) {
  ASSERT_TRUE(EnsureHierarchy(db_->store(), *keys_, clock_, random_, Options()));
  ServerCertificateOptions options{.dns_names = {"localhost"},
                                   .ip_addresses = {"127.0.0.1"},
                                   .chain_file = db_->dir().path() / "tls" / "server.pem",
                                   .key_file = db_->dir().path() / "tls" / "server.key"};
  auto issued = EnsureServerCertificate(db_->store(), *ring_, clock_, random_, options);
  ASSERT_TRUE(issued) << issued.error().internal();
  EXPECT_TRUE(*issued);
  EXPECT_FALSE(*EnsureServerCertificate(db_->store(), *ring_, clock_, random_, options));

  clock_.Advance(std::chrono::days(61));  // 29 days left of 90: inside renew_before
  EXPECT_TRUE(*EnsureServerCertificate(db_->store(), *ring_, clock_, random_, options));

  options.dns_names = {"localhost", "ck.example.test"};  // a new name forces a new one
  EXPECT_TRUE(*EnsureServerCertificate(db_->store(), *ring_, clock_, random_, options));
  auto chain = pki::ReadFile(options.chain_file);
  auto leaf = pki::Certificate::FromPem(*chain);
  EXPECT_EQ(leaf->DnsNames(), (std::vector<std::string>{"localhost", "ck.example.test"}));
}

TEST_P(HierarchySetupTest, WithoutAHierarchyTheServerCertificateCannotBeIssued) {
  ServerCertificateOptions options{.dns_names = {"localhost"},
                                   .chain_file = db_->dir().path() / "s.pem",
                                   .key_file = db_->dir().path() / "s.key"};
  auto r = EnsureServerCertificate(db_->store(), *ring_, clock_, random_, options);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), core::ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, HierarchySetupTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::service
