#include "pki/hierarchy.h"

#include <gtest/gtest.h>

#include "pki/random.h"
#include "support/temp_dir.h"

namespace certkeep::pki {
namespace {

using std::chrono::days;

struct Chain {
  PrivateKey root_key;
  Certificate root;
  PrivateKey issuing_key;
  Certificate issuing;
};

Chain MakeChain(KeyAlgorithm algorithm, core::TimePoint now) {
  OpenSslRandom random;
  auto root_key = PrivateKey::Generate(algorithm);
  auto root = MakeRootCertificate(*root_key, {"Test Root", "certkeep tests", "FI"},
                                  {now, days(3650)}, random);
  auto issuing_key = PrivateKey::Generate(algorithm);
  auto issuing =
      MakeIssuingCaCertificate(*root, *root_key, *issuing_key,
                               {"Test Issuing", "certkeep tests", "FI"}, {now, days(1825)}, random);
  EXPECT_TRUE(root && issuing);
  return {std::move(*root_key), std::move(*root), std::move(*issuing_key), std::move(*issuing)};
}

std::string Text(const testing::TempDir& dir, const Certificate& cert) {
  auto file = dir.Write("c.pem", *cert.ToPem());
  std::string out;
  testing::RunCommand("openssl x509 -noout -text -in " + file.string(), &out);
  return out;
}

class HierarchyTest : public ::testing::TestWithParam<KeyAlgorithm> {};

TEST_P(HierarchyTest, ServerCertificateVerifiesWithOpenSsl) {
  testing::TempDir dir;
  auto now = core::SystemClock().Now();
  auto chain = MakeChain(GetParam(), now);
  OpenSslRandom random;
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto server = MakeServerCertificate(chain.issuing, chain.issuing_key, *key,
                                      {"localhost", "ck.example.test"}, {"127.0.0.1"},
                                      {now, days(90)}, random);
  ASSERT_TRUE(server) << server.error().internal();
  auto root = dir.Write("root.pem", *chain.root.ToPem());
  auto issuing = dir.Write("issuing.pem", *chain.issuing.ToPem());
  auto leaf = dir.Write("leaf.pem", *server->ToPem());
  std::string out;
  EXPECT_EQ(testing::RunCommand("openssl verify -x509_strict -purpose sslserver -CAfile " +
                                    root.string() + " -untrusted " + issuing.string() + " " +
                                    leaf.string(),
                                &out),
            0)
      << out;
  EXPECT_EQ(testing::RunCommand("openssl verify -x509_strict -verify_hostname ck.example.test "
                                "-CAfile " +
                                    root.string() + " -untrusted " + issuing.string() + " " +
                                    leaf.string(),
                                &out),
            0)
      << out;
}

INSTANTIATE_TEST_SUITE_P(Algorithms, HierarchyTest,
                         ::testing::Values(KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384,
                                           KeyAlgorithm::kRsa3072));

TEST(MakeRootCertificate, IsASelfSignedCaWithCriticalConstraints) {
  testing::TempDir dir;
  auto chain = MakeChain(KeyAlgorithm::kEcP256, core::SystemClock().Now());
  EXPECT_TRUE(chain.root.IsCa());
  EXPECT_EQ(chain.root.Subject(), chain.root.Issuer());
  EXPECT_EQ(chain.root.Subject(), "CN=Test Root,O=certkeep tests,C=FI");
  auto text = Text(dir, chain.root);
  EXPECT_NE(text.find("X509v3 Basic Constraints: critical\n                CA:TRUE\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Certificate Sign, CRL Sign"), std::string::npos) << text;
  EXPECT_NE(text.find("ecdsa-with-SHA256"), std::string::npos) << text;
}

TEST(MakeIssuingCaCertificate, HasPathLenZeroAndAuthorityKeyId) {
  testing::TempDir dir;
  auto chain = MakeChain(KeyAlgorithm::kEcP384, core::SystemClock().Now());
  auto text = Text(dir, chain.issuing);
  EXPECT_NE(text.find("CA:TRUE, pathlen:0"), std::string::npos) << text;
  EXPECT_NE(text.find("X509v3 Authority Key Identifier"), std::string::npos) << text;
  EXPECT_NE(text.find("ecdsa-with-SHA384"), std::string::npos) << text;
  EXPECT_EQ(chain.issuing.Issuer(), chain.root.Subject());
}

TEST(MakeIssuingCaCertificate, ValidityIsClippedToTheIssuers) {
  OpenSslRandom random;
  auto now = core::SystemClock().Now();
  auto root_key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto root = MakeRootCertificate(*root_key, {"R", "", ""}, {now, days(10)}, random);
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto issuing =
      MakeIssuingCaCertificate(*root, *root_key, *key, {"I", "", ""}, {now, days(100)}, random);
  ASSERT_TRUE(issuing);
  EXPECT_EQ(issuing->NotAfter(), root->NotAfter());
}

TEST(MakeServerCertificate, SerialsArePositiveAndDistinct) {
  auto now = core::SystemClock().Now();
  auto chain = MakeChain(KeyAlgorithm::kEcP256, now);
  OpenSslRandom random;
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto a = MakeServerCertificate(chain.issuing, chain.issuing_key, *key, {"a.example.test"}, {},
                                 {now, days(1)}, random);
  auto b = MakeServerCertificate(chain.issuing, chain.issuing_key, *key, {"a.example.test"}, {},
                                 {now, days(1)}, random);
  EXPECT_NE(a->SerialNumberHex(), b->SerialNumberHex());
  EXPECT_GE(a->SerialNumberHex().size(), 30u);  // ~126 bits, leading zero nibbles aside
  EXPECT_NE(a->SerialNumberHex().front(), '-');
  EXPECT_EQ(a->DnsNames(), std::vector<std::string>{"a.example.test"});
  EXPECT_FALSE(a->IsCa());
}

TEST(MakeServerCertificate, NeedsAName) {
  auto now = core::SystemClock().Now();
  auto chain = MakeChain(KeyAlgorithm::kEcP256, now);
  OpenSslRandom random;
  EXPECT_FALSE(MakeServerCertificate(chain.issuing, chain.issuing_key, chain.issuing_key, {}, {},
                                     {now, days(1)}, random));
}

}  // namespace
}  // namespace certkeep::pki
