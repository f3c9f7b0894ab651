#include "pki/certificate.h"

#include <gtest/gtest.h>

#include "pki/hierarchy.h"
#include "pki/key.h"
#include "pki/random.h"

namespace certkeep::pki {
namespace {

std::string SelfSigned(const std::string& cn) {
  OpenSslRandom random;
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto cert =
      MakeRootCertificate(*key, {cn, "certkeep tests", ""},
                          {core::FromUnixSeconds(1'790'000'000), std::chrono::days(10)}, random);
  EXPECT_TRUE(cert);
  return *cert->ToPem();
}

TEST(CertificateAllFromPem, ReadsEveryCertificateInOrder) {
  auto a = SelfSigned("A");
  auto b = SelfSigned("B");
  auto both = Certificate::AllFromPem("\n" + a + "\r\n\n" + b);
  ASSERT_TRUE(both) << both.error().internal();
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[0].Subject(), "CN=A,O=certkeep tests");
  EXPECT_EQ((*both)[1].Subject(), "CN=B,O=certkeep tests");
  auto none = Certificate::AllFromPem(" \n");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(CertificateAllFromPem, RefusesAnythingElseInTheText) {
  auto a = SelfSigned("A");
  EXPECT_FALSE(Certificate::AllFromPem("issuer: A\n" + a));
  EXPECT_FALSE(Certificate::AllFromPem(a + "trailing words"));
  EXPECT_FALSE(Certificate::AllFromPem(
      a + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
  EXPECT_FALSE(Certificate::AllFromPem(a.substr(0, a.size() - 30)));  // cut short
  auto garbled = a;
  garbled[40] = garbled[40] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(Certificate::AllFromPem(garbled));
}

TEST(Certificate, SaysItsSignatureAlgorithmAndUsagesAsScmNamesThem) {
  OpenSslRandom random;
  auto root_key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto root =
      MakeRootCertificate(*root_key, {"R", "certkeep tests", ""},
                          {core::FromUnixSeconds(1'790'000'000), std::chrono::days(10)}, random);
  auto leaf_key = PrivateKey::Generate(KeyAlgorithm::kRsa3072);
  auto leaf =
      MakeServerCertificate(*root, *root_key, *leaf_key, {"www.example.test"}, {},
                            {core::FromUnixSeconds(1'790'000'000), std::chrono::days(5)}, random);
  ASSERT_TRUE(root && leaf);
  EXPECT_EQ(root->SignatureAlgorithm(), "SHA256WITHECDSA");
  EXPECT_EQ(root->KeyUsages(), (std::vector<std::string>{"keyCertSign", "cRLSign"}));
  EXPECT_TRUE(root->ExtendedKeyUsages().empty());
  EXPECT_EQ(leaf->ExtendedKeyUsages(), std::vector<std::string>{"serverAuth"});
  EXPECT_FALSE(leaf->KeyUsages().empty());
}

}  // namespace
}  // namespace certkeep::pki
