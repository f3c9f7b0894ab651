#include "pki/key.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace certkeep::pki {
namespace {

TEST(ParseKeyAlgorithm, AcceptsTheFourSpellings) {
  for (auto a : {KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384, KeyAlgorithm::kRsa3072,
                 KeyAlgorithm::kRsa4096}) {
    auto parsed = ParseKeyAlgorithm(ToString(a));
    ASSERT_TRUE(parsed) << ToString(a);
    EXPECT_EQ(*parsed, a);
  }
  auto bad = ParseKeyAlgorithm("dsa-1024");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().detail().find("dsa-1024"), std::string::npos);
}

TEST(PrivateKey, EncryptedPemRoundTripsWithThePassphrase) {
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  ASSERT_TRUE(key);
  auto pem = key->ToEncryptedPem("correct horse");
  ASSERT_TRUE(pem);
  EXPECT_NE(pem->find("BEGIN ENCRYPTED PRIVATE KEY"), std::string::npos);
  auto back = PrivateKey::FromPem(*pem, "correct horse");
  ASSERT_TRUE(back);
  EXPECT_EQ(*back->PublicKeyPem(), *key->PublicKeyPem());
}

TEST(PrivateKey, WrongPassphraseIsReportedAsSuch) {
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto pem = key->ToEncryptedPem("right");
  auto back = PrivateKey::FromPem(*pem, "wrong");
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().reason(), core::Reason::kBadPassphrase);
}

TEST(PrivateKey, EncryptedPemIsReadableByOpenSsl) {
  testing::TempDir dir;
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP384);
  auto file = dir.Write("k.pem", *key->ToEncryptedPem("pass phrase"));
  std::string out;
  ASSERT_EQ(
      testing::RunCommand(
          "openssl pkey -in " + file.string() + " -passin pass:'pass phrase' -noout -text", &out),
      0)
      << out;
  EXPECT_NE(out.find("NIST CURVE: P-384"), std::string::npos) << out;
}

TEST(PrivateKey, EmptyPassphraseIsRefused) {
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  EXPECT_FALSE(key->ToEncryptedPem(""));
}

TEST(PrivateKey, GarbageIsNotAKey) {
  auto r = PrivateKey::FromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason(), core::Reason::kBadKey);
}

}  // namespace
}  // namespace certkeep::pki
