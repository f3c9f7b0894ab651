#include "service/issuer.h"

#include <gtest/gtest.h>

#include <set>

#include "pki/random.h"
#include "service/audit_log.h"
#include "service/hierarchy_setup.h"
#include "support/test_ca.h"
#include "support/test_store.h"

namespace certkeep::service {
namespace {

using testing::Backend;
using testing::TestStore;

class IssuerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
    ASSERT_NO_FATAL_FAILURE(testing::StartTestCa(*db_, clock_, random_, ca_));
  }

  // A CSR made by the openssl command line, never by certkeep itself.
  std::string Csr(const std::string& cn, const std::string& sans,
                  const std::string& key = "ec -pkeyopt ec_paramgen_curve:P-256") {
    auto path = db_->dir().path() / "req.csr";
    std::string cmd =
        "openssl req -new -newkey " + key + " -nodes -keyout /dev/null -subj '/CN=" + cn + "'" +
        (sans.empty() ? "" : " -addext 'subjectAltName=" + sans + "'") + " -out " + path.string();
    std::string out;
    EXPECT_EQ(testing::RunCommand(cmd, &out), 0) << out;
    return *pki::ReadFile(path);
  }

  std::int64_t Count(core::CertificateStatus s) {
    return *db_->store().Transact(
        [&](store::Transaction& tx) { return tx.certificates().Count(s); });
  }

  std::unique_ptr<TestStore> db_;
  testing::TestCa ca_;
  core::SystemClock clock_;
  pki::OpenSslRandom random_;
};

TEST_P(IssuerTest, IssuesFromAnOpensslCsrAndRecordsIt) {
  auto record =
      ca_.issuer->Issue({.actor = "test",
                         .profile = "ssl-dv",
                         .csr = Csr("www.example.test", "DNS:www.example.test,DNS:example.test")});
  ASSERT_TRUE(record) << record.error().detail() << " " << record.error().internal();
  EXPECT_EQ(record->status, core::CertificateStatus::kIssued);
  EXPECT_EQ(record->names, (std::vector<std::string>{"www.example.test", "example.test"}));
  auto leaf = db_->dir().Write("leaf.pem", record->pem);
  std::string out;
  EXPECT_EQ(
      testing::RunCommand("openssl verify -x509_strict -purpose sslserver -CAfile " +
                              (db_->dir().path() / "root.pem").string() + " -untrusted " +
                              (db_->dir().path() / "issuing.pem").string() + " " + leaf.string(),
                          &out),
      0)
      << out;
  testing::RunCommand("openssl x509 -noout -serial -in " + leaf.string(), &out);
  EXPECT_EQ(core::NormalizeSerialHex(
                out.substr(out.find('=') + 1, out.find_last_not_of("\n") - out.find('='))),
            record->serial);
  auto stored = db_->store().Transact(
      [&](store::Transaction& tx) { return tx.certificates().FindBySerial(record->serial); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->pem, record->pem);
  EXPECT_EQ(stored->status, core::CertificateStatus::kIssued);
  auto broken = VerifyAuditChain(db_->store());
  ASSERT_TRUE(broken);
  EXPECT_FALSE(*broken);
}

TEST_P(IssuerTest, NamesTheCsrAsksForMustBeAuthorized) {
  auto r =
      ca_.issuer->Issue({.profile = "ssl-dv",
                         .csr = Csr("a.example.test", "DNS:a.example.test,DNS:evil.example.test"),
                         .dns_names = {"a.example.test"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), core::ErrorCode::kRejectedIdentifier);
  EXPECT_NE(r.error().detail().find("evil.example.test"), std::string::npos);
  EXPECT_EQ(Count(core::CertificateStatus::kReserved) + Count(core::CertificateStatus::kIssued), 0);
}

TEST_P(IssuerTest, TheCertificateCarriesExactlyTheAuthorizedNames) {
  auto r = ca_.issuer->Issue({.profile = "ssl-dv",
                              .csr = Csr("a.example.test", "DNS:a.example.test"),
                              .dns_names = {"a.example.test", "B.Example.Test"}});
  ASSERT_TRUE(r) << r.error().detail();
  EXPECT_EQ(r->names, (std::vector<std::string>{"a.example.test", "b.example.test"}));
}

TEST_P(IssuerTest, ABadCsrStoresNothing) {
  auto r = ca_.issuer->Issue(
      {.profile = "ssl-dv", .csr = Csr("weak.example.test", "DNS:weak.example.test", "rsa:1024")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), core::ErrorCode::kBadCsr);
  EXPECT_EQ(Count(core::CertificateStatus::kReserved) + Count(core::CertificateStatus::kIssued), 0);
}

TEST_P(IssuerTest, ATermLongerThanTheProfileIsRefused) {
  auto r = ca_.issuer->Issue({.profile = "ssl-dv",
                              .csr = Csr("t.example.test", "DNS:t.example.test"),
                              .validity_days = 500});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail().find("500 days"), std::string::npos);
}

TEST_P(IssuerTest, UnknownProfileIsNotFound) {
  auto r =
      ca_.issuer->Issue({.profile = "nope", .csr = Csr("t.example.test", "DNS:t.example.test")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), core::ErrorCode::kNotFound);
}

TEST_P(IssuerTest, SerialsNeverRepeat) {
  auto csr = Csr("s.example.test", "DNS:s.example.test");
  std::set<std::string> serials;
  for (int i = 0; i < 50; ++i) {
    auto r = ca_.issuer->Issue({.profile = "ssl-dv", .csr = csr});
    ASSERT_TRUE(r) << r.error().detail();
    EXPECT_TRUE(serials.insert(r->serial).second);
    EXPECT_GE(r->serial.size(), 30u);
  }
}

TEST_P(IssuerTest, RevocationIsRecordedOnce) {
  auto r =
      ca_.issuer->Issue({.profile = "ssl-dv", .csr = Csr("r.example.test", "DNS:r.example.test")});
  ASSERT_TRUE(r);
  auto revoked = ca_.issuer->Revoke(r->serial, 1, "test");
  ASSERT_TRUE(revoked) << revoked.error().detail();
  EXPECT_EQ(revoked->status, core::CertificateStatus::kRevoked);
  EXPECT_EQ(revoked->revocation_reason, 1);
  auto again = ca_.issuer->Revoke(r->serial, 1, "test");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().reason(), core::Reason::kAlreadyRevoked);
  EXPECT_EQ(ca_.issuer->Revoke(r->serial, 7, "test").error().reason(),
            core::Reason::kBadRevocationReason);
  EXPECT_EQ(ca_.issuer->Revoke("00ff", 1, "test").error().code(), core::ErrorCode::kNotFound);
  std::vector<store::RevokedSerial> listed;
  auto ca = db_->store().Transact(
      [](store::Transaction& tx) { return tx.cas().FindByName("issuing-1"); });
  ASSERT_TRUE(db_->store().Transact([&](store::Transaction& tx) {
    return tx.certificates().ForEachRevoked(
        ca->id, clock_.Now(), [&](const store::RevokedSerial& s) { listed.push_back(s); });
  }));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].serial, r->serial);
  EXPECT_EQ(listed[0].reason, 1);
}

TEST_P(IssuerTest, AnEditedProfileTakesEffectAtOnce) {
  auto csr = Csr("p.example.test", "DNS:p.example.test");
  ASSERT_TRUE(ca_.issuer->Issue({.profile = "ssl-dv", .csr = csr}));
  ASSERT_TRUE(db_->store().Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto p = tx.profiles().FindByName("ssl-dv");
    if (!p) return core::Fail(p.error());
    p->max_validity_days = 30;
    p->terms = {30};
    return tx.profiles().Update(*p, clock_.Now() + std::chrono::seconds(1));
  }));
  auto r = ca_.issuer->Issue({.profile = "ssl-dv", .csr = csr});
  ASSERT_TRUE(r) << r.error().detail();
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::days>(r->not_after - r->not_before +
                                                          std::chrono::seconds(1))
                .count(),
            30);
}

INSTANTIATE_TEST_SUITE_P(Backends, IssuerTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::service
