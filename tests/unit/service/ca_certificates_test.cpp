#include "service/ca_certificates.h"

#include <gtest/gtest.h>

#include "pki/hierarchy.h"
#include "pki/random.h"
#include "service/audit_log.h"
#include "service/hierarchy_setup.h"
#include "support/test_store.h"

namespace certkeep::service {
namespace {

using testing::Backend;
using testing::TestStore;

const pki::CaName kIssuingName{"Test Issuing", "certkeep tests", ""};

// certkeep's root and issuing CA, and a bridge root of another organisation that
// cross-certifies the issuing CA's key under the issuing CA's own name.
class CrossCertificateTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
    keys_ = std::make_unique<pki::FileKeyStore>(db_->dir().path() / "keys", "pass");
    auto made = EnsureHierarchy(
        db_->store(), *keys_, clock_, random_,
        {.root_name = {"Test Root", "certkeep tests", ""}, .issuing_name = kIssuingName});
    ASSERT_TRUE(made) << made.error().internal();
    hierarchy_ = *made;
    auto issuing_key = keys_->Load(hierarchy_.issuing.key_ref);
    ASSERT_TRUE(issuing_key);
    issuing_key_.emplace(std::move(*issuing_key));
    bridge_key_.emplace(*pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256));
    bridge_.emplace(*pki::MakeRootCertificate(*bridge_key_, {"Bridge Root", "Elsewhere", ""},
                                              Valid(), random_));
    cross_ = Pem(*pki::MakeIssuingCaCertificate(*bridge_, *bridge_key_, *issuing_key_, kIssuingName,
                                                Valid(), random_));
  }
  pki::Validity Valid() { return {clock_.Now() - std::chrono::hours(1), std::chrono::days(365)}; }
  static std::string Pem(const pki::Certificate& c) { return *c.ToPem(); }
  core::Result<core::CrossCertificate> Add(std::string cert, std::string chain) {
    return AddCrossCertificate(db_->store(), clock_,
                               {.ca_name = hierarchy_.issuing.name,
                                .certificate_pem = std::move(cert),
                                .chain_pem = std::move(chain)});
  }
  core::Result<std::vector<std::vector<pki::Certificate>>> Alternates() {
    return db_->store().Read(
        [&](store::Transaction& tx) -> core::Result<std::vector<std::vector<pki::Certificate>>> {
          auto path = IssuerChain(tx, hierarchy_.issuing.id);
          if (!path) return core::Fail(path.error());
          return AlternateChains(tx, *path);
        });
  }

  std::unique_ptr<TestStore> db_;
  std::unique_ptr<pki::FileKeyStore> keys_;
  core::FakeClock clock_{core::FromUnixSeconds(1'790'000'000)};
  pki::OpenSslRandom random_;
  HierarchySummary hierarchy_;
  std::optional<pki::PrivateKey> issuing_key_;
  std::optional<pki::PrivateKey> bridge_key_;
  std::optional<pki::Certificate> bridge_;
  std::string cross_;
};

TEST_P(CrossCertificateTest, GivesWhatTheCaIssuesAnAlternativeChainUntilRemoved) {
  auto none = Alternates();
  ASSERT_TRUE(none) << none.error().internal();
  EXPECT_TRUE(none->empty());

  auto added = Add(cross_, Pem(*bridge_));
  ASSERT_TRUE(added) << added.error().internal();
  auto alternates = Alternates();
  ASSERT_TRUE(alternates) << alternates.error().internal();
  ASSERT_EQ(alternates->size(), 1u);
  const auto& chain = alternates->front();
  ASSERT_EQ(chain.size(), 2u);  // the cross-certificate, then the bridge root above it
  EXPECT_EQ(Pem(chain[0]), cross_);
  EXPECT_EQ(chain[1].Subject(), bridge_->Subject());

  // A cross-certificate of the root comes after the issuing CA's own certificate.
  auto root_key = keys_->Load(hierarchy_.root.key_ref);
  ASSERT_TRUE(root_key);
  auto root_cross = pki::MakeIssuingCaCertificate(
      *bridge_, *bridge_key_, *root_key, {"Test Root", "certkeep tests", ""}, Valid(), random_);
  ASSERT_TRUE(root_cross);
  ASSERT_TRUE(AddCrossCertificate(
      db_->store(), clock_,
      {.ca_name = hierarchy_.root.name, .certificate_pem = Pem(*root_cross), .chain_pem = ""}));
  alternates = Alternates();
  ASSERT_TRUE(alternates);
  ASSERT_EQ(alternates->size(), 2u);
  ASSERT_EQ((*alternates)[1].size(), 2u);
  EXPECT_EQ(Pem((*alternates)[1][0]), hierarchy_.issuing.certificate_pem);
  EXPECT_EQ(Pem((*alternates)[1][1]), Pem(*root_cross));

  ASSERT_TRUE(RemoveCrossCertificate(db_->store(), clock_, hierarchy_.issuing.name, added->id));
  alternates = Alternates();
  ASSERT_TRUE(alternates);
  EXPECT_EQ(alternates->size(), 1u);
  auto again = RemoveCrossCertificate(db_->store(), clock_, hierarchy_.issuing.name, added->id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kNotFound);

  // Each change is in the audit log, whose chain still verifies.
  auto broken = VerifyAuditChain(db_->store());
  ASSERT_TRUE(broken);
  EXPECT_FALSE(*broken);
  auto records = db_->store().Read(
      [](store::Transaction& tx) { return tx.audit().List(core::AuditId{0}, 100); });
  ASSERT_TRUE(records);
  int adds = 0, removes = 0;
  for (const auto& r : *records) {
    adds += r.action == "ca.cross.add";
    removes += r.action == "ca.cross.remove";
  }
  EXPECT_EQ(adds, 2);
  EXPECT_EQ(removes, 1);
}

TEST_P(CrossCertificateTest, RefusesWhatIsNoCrossCertificateOfTheCa) {
  auto expect_refused = [&](const std::string& cert, const std::string& chain,
                            const std::string& why) {
    auto r = Add(cert, chain);
    ASSERT_FALSE(r) << why;
    EXPECT_EQ(r.error().code(), core::ErrorCode::kMalformed) << why;
    EXPECT_NE(r.error().detail().find(why), std::string::npos) << r.error().detail();
  };
  // Another key under the issuing CA's name; the issuing CA's key under another name.
  auto other_key = *pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256);
  expect_refused(Pem(*pki::MakeIssuingCaCertificate(*bridge_, *bridge_key_, other_key, kIssuingName,
                                                    Valid(), random_)),
                 "", "its subject or key differs");
  expect_refused(Pem(*pki::MakeIssuingCaCertificate(*bridge_, *bridge_key_, *issuing_key_,
                                                    {"Someone Else", "x", ""}, Valid(), random_)),
                 "", "its subject or key differs");
  // A leaf, not a CA; a chain whose certificate did not sign it; two certificates at once.
  expect_refused(Pem(*pki::MakeServerCertificate(*bridge_, *bridge_key_, *issuing_key_,
                                                 {"x.example"}, {}, Valid(), random_)),
                 "", "not a CA certificate");
  expect_refused(cross_, hierarchy_.root.certificate_pem, "did not sign");
  expect_refused(cross_ + Pem(*bridge_), "", "alone");
  expect_refused(cross_, "garbage", "something other than certificates");
  // Not valid now.
  auto old = pki::MakeIssuingCaCertificate(
      *bridge_, *bridge_key_, *issuing_key_, kIssuingName,
      {clock_.Now() - std::chrono::days(30), std::chrono::days(10)}, random_);
  ASSERT_TRUE(old);
  expect_refused(Pem(*old), "", "not valid now");
  // The same one twice is a conflict.
  ASSERT_TRUE(Add(cross_, ""));
  auto twice = Add(cross_, "");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), core::ErrorCode::kConflict);
  // An unknown CA.
  auto unknown =
      AddCrossCertificate(db_->store(), clock_, {.ca_name = "nowhere", .certificate_pem = cross_});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), core::ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, CrossCertificateTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::service
