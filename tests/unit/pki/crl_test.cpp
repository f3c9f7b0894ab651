#include "pki/crl.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <vector>

#include "pki/internal/x509_fields.h"
#include "support/temp_dir.h"
#include "support/test_chain.h"

namespace certkeep::pki {
namespace {

using std::chrono::days;
using std::chrono::hours;
using testing::CountOf;
using testing::FromHex;
using testing::RunCommand;
using testing::TempDir;
using testing::ToHex;

struct Entry {
  std::string serial;
  core::TimePoint revoked_at;
  int reason;
};

core::Result<std::string> WriteCrl(const Certificate& issuer, const PrivateKey& key,
                                   std::int64_t number, core::TimePoint now,
                                   const std::vector<Entry>& entries) {
  CrlWriter writer(issuer, key, number, now - hours(1), now + days(7));
  writer.Reserve(entries.size());
  for (const auto& e : entries) writer.Add({e.serial, e.revoked_at, e.reason});
  return writer.Finish();
}

// `openssl crl` on the DER CRL in `dir`: the -verify verdict and the -text listing.
std::string OpenSslCrl(const TempDir& dir, const std::string& crl, const std::string& args) {
  auto file = dir.Write("crl.der", crl);
  std::string out;
  RunCommand("openssl crl -inform DER -in " + file.string() + " -noout " + args, &out);
  return out;
}

class CrlWriterTest : public ::testing::TestWithParam<KeyAlgorithm> {};

TEST_P(CrlWriterTest, VerifiesWithOpenSslAndListsEntries) {
  TempDir dir;
  auto now = core::SystemClock().Now();
  auto chain = testing::MakeTestChain(dir, GetParam(), now);
  auto revoked = now - days(2);
  auto crl = WriteCrl(chain.issuing, chain.issuing_key, 42, now,
                      {{FromHex("0a0b0c"), revoked, 1},
                       {FromHex("00000d0e"), revoked, 4},  // leading zeros are trimmed
                       {FromHex("80ffeeddccbbaa99887766554433221100"), revoked, 0},
                       {FromHex("7f"), revoked, 5}});
  ASSERT_TRUE(crl) << crl.error().internal();

  auto verify = OpenSslCrl(dir, *crl, "-verify -CAfile " + chain.chain_pem);
  EXPECT_NE(verify.find("verify OK"), std::string::npos) << verify;
  auto text = OpenSslCrl(dir, *crl, "-text");
  EXPECT_NE(text.find("Version 2 (0x1)"), std::string::npos) << text;
  EXPECT_NE(text.find("Issuer: C = FI, O = certkeep tests, CN = Test Issuing"), std::string::npos)
      << text;
  EXPECT_NE(text.find("X509v3 CRL Number: \n                42\n"), std::string::npos) << text;
  EXPECT_NE(text.find("X509v3 Authority Key Identifier: \n"), std::string::npos) << text;
  auto ski = ToHex(*internal::KeyIdentifier(chain.issuing), ":");
  EXPECT_NE(text.find(ski), std::string::npos) << ski << "\n" << text;
  EXPECT_NE(text.find("Serial Number: 0A0B0C\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Serial Number: 0D0E\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Serial Number: 80FFEEDDCCBBAA99887766554433221100\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Serial Number: 7F\n"), std::string::npos) << text;
  EXPECT_EQ(CountOf(text, "Serial Number:"), 4u) << text;
  EXPECT_NE(text.find("Key Compromise"), std::string::npos) << text;
  EXPECT_NE(text.find("Superseded"), std::string::npos) << text;
  EXPECT_NE(text.find("Cessation Of Operation"), std::string::npos) << text;
  // RFC 5280 §5.3.1: unspecified is stated by leaving the extension out.
  EXPECT_EQ(CountOf(text, "X509v3 CRL Reason Code"), 3u) << text;
  EXPECT_EQ(text.find("Unspecified"), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(Algorithms, CrlWriterTest,
                         ::testing::Values(KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384,
                                           KeyAlgorithm::kRsa3072));

TEST(CrlWriter, EmptyCrlHasNoRevokedCertificatesField) {
  TempDir dir;
  auto now = core::SystemClock().Now();
  auto chain = testing::MakeTestChain(dir, KeyAlgorithm::kEcP256, now);
  auto crl = WriteCrl(chain.issuing, chain.issuing_key, 0, now, {});
  ASSERT_TRUE(crl) << crl.error().internal();
  auto verify = OpenSslCrl(dir, *crl, "-verify -CAfile " + chain.chain_pem);
  EXPECT_NE(verify.find("verify OK"), std::string::npos) << verify;
  auto text = OpenSslCrl(dir, *crl, "-text");
  EXPECT_NE(text.find("No Revoked Certificates."), std::string::npos) << text;
  EXPECT_NE(text.find("X509v3 CRL Number: \n                0\n"), std::string::npos) << text;
}

TEST(CrlWriter, ThousandEntriesAllListed) {
  TempDir dir;
  auto now = core::SystemClock().Now();
  auto chain = testing::MakeTestChain(dir, KeyAlgorithm::kEcP256, now);
  CrlWriter writer(chain.issuing, chain.issuing_key, 1000, now - hours(1), now + days(1));
  std::string serial(16, '\0');
  for (int i = 0; i < 1000; ++i) {
    serial[0] = static_cast<char>(0x40 | (i % 7));
    serial[14] = static_cast<char>(i >> 8);
    serial[15] = static_cast<char>(i);
    writer.Add({serial, now - std::chrono::seconds(i), i % 11 == 7 ? 0 : i % 11 % 8});
  }
  EXPECT_EQ(writer.size(), 1000u);
  auto crl = writer.Finish();
  ASSERT_TRUE(crl) << crl.error().internal();
  auto verify = OpenSslCrl(dir, *crl, "-verify -CAfile " + chain.chain_pem);
  EXPECT_NE(verify.find("verify OK"), std::string::npos) << verify;
  auto text = OpenSslCrl(dir, *crl, "-text");
  EXPECT_EQ(CountOf(text, "Serial Number:"), 1000u);
  EXPECT_NE(text.find("Serial Number: 450000000000000000000000000003E7\n"), std::string::npos);
}

TEST(CrlWriter, DatesFrom2050AreGeneralizedTime) {
  TempDir dir;
  auto now = core::SystemClock().Now();
  auto chain = testing::MakeTestChain(dir, KeyAlgorithm::kEcP256, now);
  auto far = core::FromUnixSeconds(2'556'144'000);  // 2051-01-01
  CrlWriter writer(chain.issuing, chain.issuing_key, 7, now, far);
  writer.Add({FromHex("01"), far - days(1), 1});
  auto crl = writer.Finish();
  ASSERT_TRUE(crl) << crl.error().internal();
  auto text = OpenSslCrl(dir, *crl, "-text");
  EXPECT_NE(text.find("Next Update: Jan  1 00:00:00 2051 GMT"), std::string::npos) << text;
  EXPECT_NE(text.find("Revocation Date: Dec 31 00:00:00 2050 GMT"), std::string::npos) << text;
}

// The whole hierarchy made by the openssl command line, the CRL by us, and openssl's own
// path validation with -crl_check deciding whether a certificate is revoked.
TEST(CrlWriter, OpenSslPathValidationSeesTheRevocation) {
  TempDir dir;
  const auto d = dir.path().string() + "/";
  std::string out;
  dir.Write("ext.cnf",
            "[ca]\nbasicConstraints=critical,CA:TRUE,pathlen:0\n"
            "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n"
            "authorityKeyIdentifier=keyid:always\n"
            "[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
            "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n");
  const std::string script =
      "set -e; cd " + d +
      "; openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 30"
      " -subj '/C=FI/O=External/CN=External Root' 2>/dev/null"
      "; openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout sub.key"
      " -out sub.csr -subj '/C=FI/O=External/CN=External Issuing' 2>/dev/null"
      "; openssl x509 -req -in sub.csr -CA root.pem -CAkey root.key -set_serial 2 -days 30"
      " -extfile ext.cnf -extensions ca -out sub.pem 2>/dev/null"
      "; for n in 1 2; do openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
      " -keyout leaf$n.key -out leaf$n.csr -subj /CN=leaf$n 2>/dev/null"
      "; openssl x509 -req -in leaf$n.csr -CA sub.pem -CAkey sub.key -days 10 -extfile ext.cnf"
      " -extensions leaf -set_serial 0x00C0FFEE0$n -out leaf$n.pem 2>/dev/null; done"
      "; cat root.pem sub.pem > chain.pem";
  ASSERT_EQ(RunCommand(script, &out), 0) << out;

  std::ifstream sub_file(d + "sub.pem"), key_file(d + "sub.key");
  std::string sub_pem((std::istreambuf_iterator<char>(sub_file)), {});
  std::string key_pem((std::istreambuf_iterator<char>(key_file)), {});
  auto issuer = Certificate::FromPem(sub_pem);
  auto key = PrivateKey::FromPem(key_pem);
  ASSERT_TRUE(issuer && key);
  auto now = core::SystemClock().Now();
  auto crl = WriteCrl(*issuer, *key, 5, now, {{FromHex("c0ffee01"), now - hours(2), 1}});
  ASSERT_TRUE(crl) << crl.error().internal();
  dir.Write("crl.der", *crl);
  ASSERT_EQ(RunCommand("openssl crl -inform DER -in " + d + "crl.der -out " + d + "crl.pem", &out),
            0)
      << out;

  const std::string verify =
      "openssl verify -crl_check -CAfile " + d + "chain.pem -CRLfile " + d + "crl.pem " + d;
  EXPECT_NE(RunCommand(verify + "leaf1.pem", &out), 0) << out;
  EXPECT_NE(out.find("certificate revoked"), std::string::npos) << out;
  EXPECT_EQ(RunCommand(verify + "leaf2.pem", &out), 0) << out;
  EXPECT_NE(out.find("OK"), std::string::npos) << out;
}

TEST(CrlWriter, RejectsWhatACrlMustNotSay) {
  TempDir dir;
  auto now = core::SystemClock().Now();
  auto chain = testing::MakeTestChain(dir, KeyAlgorithm::kEcP256, now);
  struct Case {
    const char* name;
    Entry entry;
    core::Reason reason;
  };
  const Case cases[] = {
      {"fail/reason-7-unused", {FromHex("01"), now, 7}, core::Reason::kBadRevocationReason},
      {"fail/reason-8-delta-only", {FromHex("01"), now, 8}, core::Reason::kBadRevocationReason},
      {"fail/reason-11", {FromHex("01"), now, 11}, core::Reason::kBadRevocationReason},
      {"fail/reason-negative", {FromHex("01"), now, -1}, core::Reason::kBadRevocationReason},
      {"fail/zero-serial", {FromHex("0000"), now, 1}, core::Reason::kBadCertificate},
      {"fail/empty-serial", {"", now, 1}, core::Reason::kBadCertificate},
      {"fail/21-octet-serial", {std::string(21, '\x01'), now, 1}, core::Reason::kBadCertificate},
      {"fail/20-octets-plus-sign",
       {std::string(20, '\x81'), now, 1},
       core::Reason::kBadCertificate},
  };
  for (const auto& c : cases) {
    CrlWriter writer(chain.issuing, chain.issuing_key, 1, now, now + days(1));
    writer.Add({FromHex("05"), now, 1});
    writer.Add({c.entry.serial, c.entry.revoked_at, c.entry.reason});
    writer.Add({FromHex("06"), now, 1});
    auto crl = writer.Finish();
    ASSERT_FALSE(crl) << c.name;
    EXPECT_EQ(crl.error().reason(), c.reason) << c.name;
    EXPECT_EQ(crl.error().code(), core::ErrorCode::kInternal) << c.name;
  }
  CrlWriter ok(chain.issuing, chain.issuing_key, 1, now, now + days(1));
  ok.Add({std::string(20, '\x7f'), now, 10});  // 20 octets is the most, aACompromise allowed
  EXPECT_TRUE(ok.Finish());
  EXPECT_FALSE(ok.Finish());  // spent
}

TEST(CrlWriter, RejectsBadArguments) {
  TempDir dir;
  auto now = core::SystemClock().Now();
  auto chain = testing::MakeTestChain(dir, KeyAlgorithm::kEcP256, now);
  EXPECT_FALSE(CrlWriter(chain.issuing, chain.issuing_key, -1, now, now + days(1)).Finish());
  EXPECT_FALSE(CrlWriter(chain.issuing, chain.issuing_key, 1, now, now).Finish());
}

TEST(RevocationReason, NamesRoundTrip) {
  struct Case {
    std::string_view name;
    int code;
  };
  const Case cases[] = {{"unspecified", 0},        {"keyCompromise", 1},
                        {"cACompromise", 2},       {"affiliationChanged", 3},
                        {"superseded", 4},         {"cessationOfOperation", 5},
                        {"certificateHold", 6},    {"removeFromCRL", 8},
                        {"privilegeWithdrawn", 9}, {"aACompromise", 10}};
  for (const auto& c : cases) {
    EXPECT_EQ(ParseRevocationReason(c.name), c.code) << c.name;
    EXPECT_EQ(RevocationReasonName(c.code), c.name) << c.code;
  }
  EXPECT_EQ(ParseRevocationReason("caCompromise"), 2);  // case-insensitive
  EXPECT_EQ(ParseRevocationReason("KEYCOMPROMISE"), 1);
  EXPECT_EQ(ParseRevocationReason(""), std::nullopt);
  EXPECT_EQ(ParseRevocationReason("keyCompromised"), std::nullopt);
  EXPECT_EQ(RevocationReasonName(7), "");
  EXPECT_EQ(RevocationReasonName(11), "");
  EXPECT_EQ(RevocationReasonName(-1), "");
  EXPECT_TRUE(IsRevocationReasonAllowed(0));
  EXPECT_TRUE(IsRevocationReasonAllowed(6));
  EXPECT_FALSE(IsRevocationReasonAllowed(7));
  EXPECT_FALSE(IsRevocationReasonAllowed(8));
}

}  // namespace
}  // namespace certkeep::pki
