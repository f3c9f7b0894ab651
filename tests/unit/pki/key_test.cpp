#include "pki/key.h"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/base64.h"

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

// What OpenSSL's own encoder writes for `key`.
std::string OpenSslSpki(const PublicKey& key) {
  unsigned char* out = nullptr;
  int n = i2d_PUBKEY(key.get(), &out);
  std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(n > 0 ? n : 0));
  OPENSSL_free(out);
  return der;
}

TEST(PublicKey, SpkiDerIsWhatOpenSslWritesForEveryKeyType) {
  for (auto a : {KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384, KeyAlgorithm::kRsa3072}) {
    auto key = PrivateKey::Generate(a);
    ASSERT_TRUE(key);
    auto spki = key->Public().SpkiDer();
    ASSERT_TRUE(spki) << ToString(a);
    EXPECT_EQ(*spki, OpenSslSpki(key->Public())) << ToString(a);
    auto back = PublicKey::FromSpkiDer(*spki);
    ASSERT_TRUE(back) << ToString(a);
    EXPECT_EQ(*back->SpkiDer(), *spki) << ToString(a);
  }
  // RFC 8410 §10.1's Ed25519 public key.
  auto ed = core::Base64Decode("MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=");
  ASSERT_TRUE(ed);
  auto key = PublicKey::FromSpkiDer(*ed);
  ASSERT_TRUE(key);
  EXPECT_EQ(*key->SpkiDer(), *ed);
  EXPECT_EQ(*key->SpkiDer(), OpenSslSpki(*key));
}

TEST(PublicKey, SpkiDerKeepsACompressedPointAsItCame) {
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  ASSERT_TRUE(key);
  EVP_PKEY* pkey = key->Public().get();
  ASSERT_EQ(EVP_PKEY_set_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                           "compressed"),
            1);
  std::string compressed = OpenSslSpki(key->Public());
  ASSERT_EQ(compressed.size(), 59u);  // 26 bytes of header and algorithm, 33 of point
  auto back = PublicKey::FromSpkiDer(compressed);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back->SpkiDer(), compressed);
}

TEST(PublicKey, VerifiesAgainAndAgainAndFromManyThreadsAtOnce) {
  // One key verifies many requests (an ACME account's), with a context it keeps per digest.
  for (auto a : {KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384, KeyAlgorithm::kRsa3072}) {
    auto key = PrivateKey::Generate(a);
    ASSERT_TRUE(key);
    auto signature = key->Sign("to be signed");
    ASSERT_TRUE(signature);
    PublicKey pub = key->Public();
    Digest digest = key->PreferredDigest();
    std::atomic<int> wrong = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, copy = pub] {
        for (int i = 0; i < 25; ++i) {
          if (!copy.Verify("to be signed", *signature, digest)) ++wrong;
          if (copy.Verify("to be signed!", *signature, digest)) ++wrong;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wrong, 0) << ToString(a);
    // Another digest over the same key is a context of its own: it does not verify.
    Digest other = digest == Digest::kSha256 ? Digest::kSha512 : Digest::kSha256;
    EXPECT_FALSE(pub.Verify("to be signed", *signature, other)) << ToString(a);
    EXPECT_TRUE(pub.Verify("to be signed", *signature, digest)) << ToString(a);
  }
}

}  // namespace
}  // namespace certkeep::pki
