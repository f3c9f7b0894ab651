// The OCSP responder's pre-signed responses (RFC 5019 §2.1): the ocsp.presign job signs and
// stores one per certificate, any node serves it byte for byte, and none survives a
// revocation. Requests are made, and responses read, by the openssl command line.
#include "service/ocsp_service.h"

#include <gtest/gtest.h>

#include "pki/random.h"
#include "service/hierarchy_setup.h"
#include "service/issuer.h"
#include "support/test_ca.h"
#include "support/test_store.h"

namespace certkeep::service {
namespace {

using testing::Backend;
using testing::TestStore;

class OcspPresignTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestStore>(GetParam());
    if (!db_->ok()) GTEST_SKIP() << "back end unavailable (CERTKEEP_TEST_POSTGRES_DSN unset?)";
    ASSERT_NO_FATAL_FAILURE(testing::StartTestCa(*db_, clock_, random_, ca_));
    std::string out;
    auto csr = (db_->dir().path() / "req.csr").string();
    ASSERT_EQ(testing::RunCommand("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
                                  "-nodes -keyout /dev/null -subj /CN=ocsp.example.test -out " +
                                      csr,
                                  &out),
              0)
        << out;
    auto leaf =
        ca_.issuer->Issue({.actor = "test", .profile = "ssl-dv", .csr = *pki::ReadFile(csr)});
    ASSERT_TRUE(leaf) << leaf.error().internal();
    leaf_ = *leaf;
    db_->dir().Write("leaf.pem", leaf_.pem);
    // openssl's own request for the leaf: a SHA-1 CertID, no nonce.
    ASSERT_EQ(testing::RunCommand("openssl ocsp -issuer " + Path("issuing.pem") + " -cert " +
                                      Path("leaf.pem") + " -no_nonce -reqout " + Path("req.der"),
                                  &out),
              0)
        << out;
    request_ = *pki::ReadFile(db_->dir().path() / "req.der");
  }

  std::string Path(const std::string& name) { return (db_->dir().path() / name).string(); }
  // What openssl reads in `response`: "good", "revoked" or "unknown".
  std::string StatusIn(const std::string& response) {
    db_->dir().Write("resp.der", response);
    std::string out;
    testing::RunCommand("openssl ocsp -respin " + Path("resp.der") + " -issuer " +
                            Path("issuing.pem") + " -cert " + Path("leaf.pem") + " -CAfile " +
                            Path("root.pem") + " -verify_other " + Path("issuing.pem") +
                            " -no_nonce 2>&1",
                        &out);
    for (const char* s : {"revoked", "unknown", "good"}) {
      if (out.find(std::string(": ") + s) != std::string::npos &&
          out.find("Response verify OK") != std::string::npos) {
        return s;
      }
    }
    return out;
  }
  std::optional<store::StoredOcspResponse> Stored() {
    auto got = db_->store().Read(
        [&](store::Transaction& tx) { return tx.ocsp_responses().Get(leaf_.id); });
    EXPECT_TRUE(got);
    return got.value_or(std::nullopt);
  }

  std::unique_ptr<TestStore> db_;
  testing::TestCa ca_;
  core::SystemClock clock_;
  pki::OpenSslRandom random_;
  core::CertificateRecord leaf_{};
  std::string request_;
};

TEST_P(OcspPresignTest, AnyNodeServesThePresignedResponseByteForByte) {
  OcspService signer(db_->store(), clock_, *ca_.issuer);
  auto n = signer.Presign();
  ASSERT_TRUE(n) << n.error().internal();
  EXPECT_GE(*n, 1);  // the leaf (and the delegated responder's own certificate)
  auto stored = Stored();
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, core::CertificateStatus::kIssued);
  EXPECT_EQ(StatusIn(stored->der), "good");
  auto again = signer.Presign();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);  // nothing is due until a day has passed

  OcspService other_node(db_->store(), clock_, *ca_.issuer);
  EXPECT_EQ(other_node.Respond(request_), stored->der);
}

TEST_P(OcspPresignTest, NoStoredResponseOutlivesARevocation) {
  OcspService signer(db_->store(), clock_, *ca_.issuer);
  ASSERT_TRUE(signer.Presign());
  auto good = Stored();
  ASSERT_TRUE(good);
  ASSERT_TRUE(ca_.issuer->Revoke(leaf_.serial, 1, "test"));
  EXPECT_FALSE(Stored());  // deleted with the revocation

  // Even a "good" written after it (a job that signed before the revocation committed) is
  // never served: its status is not the certificate's.
  ASSERT_TRUE(db_->store().Transact(
      [&](store::Transaction& tx) { return tx.ocsp_responses().Put(*good); }));
  OcspService other_node(db_->store(), clock_, *ca_.issuer);
  auto live = other_node.Respond(request_);
  EXPECT_NE(live, good->der);
  EXPECT_EQ(StatusIn(live), "revoked");

  auto n = signer.Presign();
  ASSERT_TRUE(n);
  EXPECT_GE(*n, 1);  // the stale one is due again
  auto revoked = Stored();
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, core::CertificateStatus::kRevoked);
  EXPECT_EQ(StatusIn(revoked->der), "revoked");
  OcspService third_node(db_->store(), clock_, *ca_.issuer);
  EXPECT_EQ(third_node.Respond(request_), revoked->der);
}

INSTANTIATE_TEST_SUITE_P(Backends, OcspPresignTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::service
