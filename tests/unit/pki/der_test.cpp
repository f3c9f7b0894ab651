#include "pki/internal/der.h"

#include <gtest/gtest.h>

#include "pki/key.h"
#include "support/temp_dir.h"

namespace certkeep::pki::internal::der {
namespace {

std::string Hex(std::string_view s) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

TEST(Der, LengthsUseTheShortestForm) {
  EXPECT_EQ(Hex(Tlv(kOctetString, std::string(5, 'a'))).substr(0, 4), "0405");
  EXPECT_EQ(Hex(Tlv(kOctetString, std::string(128, 'a'))).substr(0, 6), "048180");
  EXPECT_EQ(Hex(Tlv(kOctetString, std::string(300, 'a'))).substr(0, 8), "0482012c");
}

TEST(Der, IntegersAreMinimalTwosComplement) {
  EXPECT_EQ(Hex(Integer(0)), "020100");
  EXPECT_EQ(Hex(Integer(127)), "02017f");
  EXPECT_EQ(Hex(Integer(128)), "02020080");
  EXPECT_EQ(Hex(Integer(-1)), "0201ff");
  EXPECT_EQ(Hex(Integer(-129)), "0202ff7f");
  const std::uint8_t high[] = {0x00, 0x00, 0x80, 0x01};
  EXPECT_EQ(Hex(UnsignedInteger(high)), "0203008001");
}

TEST(Der, OidsMatchX690Examples) {
  EXPECT_EQ(Hex(Oid("1.2.840.113549.1.1.11")), "06092a864886f70d01010b");
  EXPECT_EQ(Hex(Oid("2.5.29.19")), "0603551d13");
  EXPECT_EQ(Hex(Oid("1.3.6.1.5.5.7.48.1")), "06082b06010505073001");
}

TEST(Der, TimesSwitchToGeneralizedIn2050) {
  EXPECT_EQ(Time(core::FromUnixSeconds(1'795'555'872)), Tlv(kUtcTime, "261124213112Z"));
  EXPECT_EQ(Time(core::FromUnixSeconds(2'524'608'000)), Tlv(kGeneralizedTime, "20500101000000Z"));
  EXPECT_EQ(GeneralizedTime(core::FromUnixSeconds(0)), Tlv(kGeneralizedTime, "19700101000000Z"));
}

TEST(Der, SmallTypes) {
  EXPECT_EQ(Hex(Boolean(true)), "0101ff");
  EXPECT_EQ(Hex(Enumerated(1)), "0a0101");
  EXPECT_EQ(Hex(BitString("\x01")), "03020001");
  EXPECT_EQ(Hex(Explicit(0, Integer(2))), "a003020102");
  EXPECT_EQ(Hex(ImplicitPrimitive(2, "ab")), "82026162");
}

// A structure signed with PrivateKey::Sign verifies with the openssl command line.
TEST(PrivateKeySign, SignaturesVerifyWithOpenSsl) {
  testing::TempDir dir;
  for (auto algorithm : {KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384, KeyAlgorithm::kRsa3072}) {
    auto key = PrivateKey::Generate(algorithm);
    ASSERT_TRUE(key);
    std::string data = "to be signed";
    auto sig = key->Sign(data);
    ASSERT_TRUE(sig) << sig.error().internal();
    auto pub = dir.Write("pub.pem", *key->PublicKeyPem());
    auto msg = dir.Write("msg", data);
    auto sigf = dir.Write("sig", *sig);
    std::string digest = key->PreferredDigest() == Digest::kSha384 ? "-sha384" : "-sha256";
    std::string out;
    EXPECT_EQ(testing::RunCommand("openssl dgst " + digest + " -verify " + pub.string() +
                                      " -signature " + sigf.string() + " " + msg.string(),
                                  &out),
              0)
        << out;
    EXPECT_TRUE(key->SignatureAlgorithmDer());
  }
}

}  // namespace
}  // namespace certkeep::pki::internal::der
