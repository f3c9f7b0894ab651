#include "pki/ocsp.h"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <random>

#include "pki/internal/der.h"
#include "support/temp_dir.h"
#include "support/test_chain.h"

namespace certkeep::pki {
namespace {

namespace der = internal::der;
using std::chrono::days;
using std::chrono::hours;
using testing::FromHex;
using testing::RunCommand;
using testing::TempDir;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A chain made by us, a delegated responder and a leaf made by the openssl command line.
class OcspTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    now_ = core::SystemClock().Now();
    chain_ = new testing::TestChain(testing::MakeTestChain(*dir_, KeyAlgorithm::kEcP256, now_));
    dir_->Write("ext.cnf",
                "[ocsp]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=OCSPSigning\n1.3.6.1.5.5.7.48.1.5=ASN1:NULL\n"
                "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n"
                "[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n");
    const std::string script =
        "set -e; cd " + Dir() +
        "; for n in responder leaf; do openssl req -new -newkey ec -pkeyopt"
        " ec_paramgen_curve:P-256 -nodes -keyout $n.key -out $n.csr -subj /CN=$n 2>/dev/null"
        "; done"
        "; openssl x509 -req -in responder.csr -CA issuing.pem -CAkey issuing.key -days 30"
        " -set_serial 0x5151 -extfile ext.cnf -extensions ocsp -out responder.pem 2>/dev/null"
        "; openssl x509 -req -in leaf.csr -CA issuing.pem -CAkey issuing.key -days 30"
        " -set_serial 0x00ABCDEF0123 -extfile ext.cnf -extensions leaf -out leaf.pem 2>/dev/null";
    std::string out;
    ASSERT_EQ(RunCommand(script, &out), 0) << out;
    responder_ = new Certificate(*Certificate::FromPem(ReadFile(Dir() + "responder.pem")));
    responder_key_ = new PrivateKey(*PrivateKey::FromPem(ReadFile(Dir() + "responder.key")));
    // ResponderID byKey is the SHA-1 of the key bits: what openssl's SKI "hash" also is.
    ASSERT_EQ(RunCommand("openssl x509 -noout -ext subjectKeyIdentifier -in " + Dir() +
                             "responder.pem 2>/dev/null",
                         &out),
              0);
    for (char c : out.substr(out.find('\n'))) {
      if (std::isxdigit(static_cast<unsigned char>(c))) responder_key_id_ += c;
    }
    ASSERT_EQ(responder_key_id_.size(), 40u) << out;
  }
  static void TearDownTestSuite() {
    delete responder_key_;
    delete responder_;
    delete chain_;
    delete dir_;
  }
  static std::string Dir() { return dir_->path().string() + "/"; }

  // `openssl ocsp` making a request with `args`; returns its DER.
  static std::string MakeRequest(const std::string& args, const std::string& name = "req.der") {
    std::string out;
    EXPECT_EQ(RunCommand("openssl ocsp -issuer " + chain_->issuing_pem + " " + args + " -reqout " +
                             Dir() + name,
                         &out),
              0)
        << out;
    return ReadFile(Dir() + name);
  }

  // `openssl ocsp` checking the response `der` with `args`; returns what it printed.
  static std::string CheckResponse(const std::string& der, const std::string& args) {
    dir_->Write("resp.der", der);
    std::string out;
    RunCommand("openssl ocsp -respin " + Dir() + "resp.der -CAfile " + chain_->root_pem +
                   " -issuer " + chain_->issuing_pem + " " + args,
               &out);
    return out;
  }

  static std::vector<OcspSingleResponse> Answer(const OcspRequest& request, OcspCertStatus status,
                                                int reason = -1) {
    std::vector<OcspSingleResponse> out;
    for (const auto& id : request.ids) {
      out.push_back({id.der, status, now_ - days(3), reason, now_ - hours(1), now_ + days(3)});
    }
    return out;
  }

  static inline TempDir* dir_ = nullptr;
  static inline core::TimePoint now_;
  static inline testing::TestChain* chain_ = nullptr;
  static inline Certificate* responder_ = nullptr;
  static inline PrivateKey* responder_key_ = nullptr;
  static inline std::string responder_key_id_;  // upper-case hex
};

TEST_F(OcspTest, ParsesAnOpenSslRequestWithNonce) {
  auto request = ParseOcspRequest(MakeRequest("-serial 0x0A0B0C"));
  ASSERT_TRUE(request) << request.error().internal();
  ASSERT_EQ(request->ids.size(), 1u);
  const auto& id = request->ids[0];
  EXPECT_EQ(id.serial, FromHex("0a0b0c"));
  EXPECT_EQ(id.hash_oid_der, der::Oid("1.3.14.3.2.26"));
  auto hashes = ComputeIssuerHashes(chain_->issuing);
  ASSERT_TRUE(hashes);
  EXPECT_EQ(id.issuer_name_hash, hashes->sha1_name);
  EXPECT_EQ(id.issuer_key_hash, hashes->sha1_key);
  EXPECT_TRUE(IsIssuedBy(id, *hashes));
  EXPECT_FALSE(IsIssuedBy(id, *ComputeIssuerHashes(chain_->root)));
  EXPECT_EQ(id.der, MakeOcspCertIdDer(*hashes, id.serial, OcspHashAlgorithm::kSha1));
  ASSERT_TRUE(request->nonce);
  EXPECT_EQ(request->nonce->size(), 18u);  // OCTET STRING of 16 random bytes
}

TEST_F(OcspTest, ParsesRequestsWithoutNonceWithSha256AndForACertificate) {
  auto plain = ParseOcspRequest(MakeRequest("-no_nonce -serial 0x01"));
  ASSERT_TRUE(plain) << plain.error().internal();
  EXPECT_FALSE(plain->nonce);

  auto sha256 = ParseOcspRequest(MakeRequest("-sha256 -serial 0x01"));
  ASSERT_TRUE(sha256) << sha256.error().internal();
  EXPECT_EQ(sha256->ids[0].hash_oid_der, der::Oid("2.16.840.1.101.3.4.2.1"));
  EXPECT_TRUE(IsIssuedBy(sha256->ids[0], *ComputeIssuerHashes(chain_->issuing)));

  auto leaf = ParseOcspRequest(MakeRequest("-cert " + Dir() + "leaf.pem"));
  ASSERT_TRUE(leaf) << leaf.error().internal();
  EXPECT_EQ(leaf->ids[0].serial, FromHex("abcdef0123"));  // the sign-padding zero is gone

  auto several = ParseOcspRequest(MakeRequest("-serial 1 -serial 2 -serial 0x80"));
  ASSERT_TRUE(several) << several.error().internal();
  ASSERT_EQ(several->ids.size(), 3u);
  EXPECT_EQ(several->ids[2].serial, FromHex("80"));
}

TEST_F(OcspTest, ParsesASignedRequestIgnoringTheSignature) {
  auto request = ParseOcspRequest(MakeRequest("-serial 0x77 -signer " + Dir() + "responder.pem" +
                                              " -signkey " + Dir() + "responder.key"));
  ASSERT_TRUE(request) << request.error().internal();
  EXPECT_EQ(request->ids[0].serial, FromHex("77"));
}

TEST_F(OcspTest, OpenSslVerifiesGoodRevokedAndUnknown) {
  struct Case {
    const char* name;
    OcspCertStatus status;
    int reason;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"ok/good", OcspCertStatus::kGood, -1, {"0x0A0B0C: good"}},
      {"ok/revoked-key-compromise",
       OcspCertStatus::kRevoked,
       1,
       {"0x0A0B0C: revoked", "Reason: keyCompromise", "Revocation Time: "}},
      {"ok/revoked-unspecified-omitted", OcspCertStatus::kRevoked, 0, {"0x0A0B0C: revoked"}},
      {"ok/unknown", OcspCertStatus::kUnknown, -1, {"0x0A0B0C: unknown"}},
  };
  auto request = ParseOcspRequest(MakeRequest("-no_nonce -serial 0x0A0B0C"));
  ASSERT_TRUE(request) << request.error().internal();
  for (const auto& c : cases) {
    auto response = BuildOcspResponse(*responder_, *responder_key_,
                                      Answer(*request, c.status, c.reason), now_, std::nullopt);
    ASSERT_TRUE(response) << c.name << ": " << response.error().internal();
    auto out = CheckResponse(*response, "-no_nonce -serial 0x0A0B0C -verify_other " + Dir() +
                                            "responder.pem -resp_text");
    EXPECT_NE(out.find("Response verify OK"), std::string::npos) << c.name << "\n" << out;
    for (const auto& line : c.expected) {
      EXPECT_NE(out.find(line), std::string::npos) << c.name << ": " << line << "\n" << out;
    }
    if (c.reason == 0) {
      EXPECT_EQ(out.find("Reason:"), std::string::npos) << c.name << "\n" << out;
    }
    EXPECT_NE(out.find("Responder Id: " + responder_key_id_), std::string::npos) << out;
  }
}

TEST_F(OcspTest, NonceIsEchoedAndOpenSslChecksIt) {
  auto der = MakeRequest("-serial 0x0A0B0C");
  auto request = ParseOcspRequest(der);
  ASSERT_TRUE(request && request->nonce);
  auto response = BuildOcspResponse(*responder_, *responder_key_,
                                    Answer(*request, OcspCertStatus::kGood), now_, request->nonce);
  ASSERT_TRUE(response) << response.error().internal();
  auto out = CheckResponse(*response, "-reqin " + Dir() + "req.der -resp_text");
  EXPECT_NE(out.find("Response verify OK"), std::string::npos) << out;
  EXPECT_EQ(out.find("Nonce Verify error"), std::string::npos) << out;
  EXPECT_EQ(out.find("WARNING: no nonce"), std::string::npos) << out;
  EXPECT_NE(out.find("OCSP Nonce"), std::string::npos) << out;

  // A different nonce: openssl must notice, or this test proves nothing.
  std::string other = *request->nonce;
  other.back() ^= 1;
  auto wrong = BuildOcspResponse(*responder_, *responder_key_,
                                 Answer(*request, OcspCertStatus::kGood), now_, other);
  ASSERT_TRUE(wrong);
  out = CheckResponse(*wrong, "-reqin " + Dir() + "req.der");
  EXPECT_NE(out.find("Nonce Verify error"), std::string::npos) << out;
}

TEST_F(OcspTest, ResponseBuiltAheadServesALaterRequest) {
  auto hashes = ComputeIssuerHashes(chain_->issuing);
  ASSERT_TRUE(hashes);
  auto serial = FromHex("abcdef0123");
  auto response = BuildOcspResponse(
      *responder_, *responder_key_,
      {{MakeOcspCertIdDer(*hashes, serial, OcspHashAlgorithm::kSha1), OcspCertStatus::kRevoked,
        now_ - days(1), 4, now_ - hours(1), now_ + days(7)}},
      now_, std::nullopt);
  ASSERT_TRUE(response) << response.error().internal();
  auto out = CheckResponse(*response, "-no_nonce -cert " + Dir() + "leaf.pem");
  EXPECT_NE(out.find("Response verify OK"), std::string::npos) << out;
  EXPECT_NE(out.find("leaf.pem: revoked"), std::string::npos) << out;
  EXPECT_NE(out.find("Reason: superseded"), std::string::npos) << out;
}

TEST_F(OcspTest, SeveralCertIdsGetSeveralResponses) {
  auto request = ParseOcspRequest(MakeRequest("-no_nonce -serial 0x01 -serial 0x02 -serial 0x03"));
  ASSERT_TRUE(request);
  auto answers = Answer(*request, OcspCertStatus::kGood);
  answers[1].status = OcspCertStatus::kRevoked;
  answers[1].reason = 3;
  answers[2].status = OcspCertStatus::kUnknown;
  auto response = BuildOcspResponse(*responder_, *responder_key_, answers, now_, std::nullopt);
  ASSERT_TRUE(response) << response.error().internal();
  auto out = CheckResponse(*response, "-no_nonce -serial 0x01 -serial 0x02 -serial 0x03");
  EXPECT_NE(out.find("Response verify OK"), std::string::npos) << out;
  EXPECT_NE(out.find("0x01: good"), std::string::npos) << out;
  EXPECT_NE(out.find("0x02: revoked"), std::string::npos) << out;
  EXPECT_NE(out.find("Reason: affiliationChanged"), std::string::npos) << out;
  EXPECT_NE(out.find("0x03: unknown"), std::string::npos) << out;
}

TEST_F(OcspTest, BuildRejectsInconsistentArguments) {
  auto request = ParseOcspRequest(MakeRequest("-no_nonce -serial 0x01"));
  ASSERT_TRUE(request);
  auto answers = Answer(*request, OcspCertStatus::kRevoked, 7);
  EXPECT_EQ(
      BuildOcspResponse(*responder_, *responder_key_, answers, now_, std::nullopt).error().reason(),
      core::Reason::kBadRevocationReason);
  answers = Answer(*request, OcspCertStatus::kGood);
  answers[0].next_update = answers[0].this_update;
  EXPECT_FALSE(BuildOcspResponse(*responder_, *responder_key_, answers, now_, std::nullopt));
  answers = Answer(*request, OcspCertStatus::kGood);
  answers[0].cert_id_der += '\0';
  EXPECT_FALSE(BuildOcspResponse(*responder_, *responder_key_, answers, now_, std::nullopt));
  EXPECT_FALSE(BuildOcspResponse(*responder_, *responder_key_, {}, now_, std::nullopt));
  // The key must be the responder certificate's.
  EXPECT_FALSE(BuildOcspResponse(*responder_, chain_->issuing_key,
                                 Answer(*request, OcspCertStatus::kGood), now_, std::nullopt));
}

TEST_F(OcspTest, CaItselfMayRespond) {
  auto request = ParseOcspRequest(MakeRequest("-no_nonce -serial 0x0A"));
  ASSERT_TRUE(request);
  auto response = BuildOcspResponse(chain_->issuing, chain_->issuing_key,
                                    Answer(*request, OcspCertStatus::kGood), now_, std::nullopt);
  ASSERT_TRUE(response) << response.error().internal();
  auto out = CheckResponse(*response, "-no_nonce -serial 0x0A");
  EXPECT_NE(out.find("Response verify OK"), std::string::npos) << out;
  EXPECT_NE(out.find("0x0A: good"), std::string::npos) << out;
}

TEST(OcspErrorResponse, IsTheBareStatus) {
  TempDir dir;
  struct Case {
    OcspErrorStatus status;
    const char* text;
  };
  const Case cases[] = {{OcspErrorStatus::kMalformedRequest, "malformedrequest (1)"},
                        {OcspErrorStatus::kInternalError, "internalerror (2)"},
                        {OcspErrorStatus::kTryLater, "trylater (3)"},
                        {OcspErrorStatus::kSigRequired, "sigrequired (5)"},
                        {OcspErrorStatus::kUnauthorized, "unauthorized (6)"}};
  for (const auto& c : cases) {
    auto der = OcspErrorResponse(c.status);
    EXPECT_EQ(der, std::string("\x30\x03\x0a\x01", 4) + static_cast<char>(c.status));
    auto file = dir.Write("err.der", der);
    std::string out;
    RunCommand("openssl ocsp -respin " + file.string() + " -resp_text", &out);
    EXPECT_NE(out.find(c.text), std::string::npos) << out;
  }
}

// --- malformed input: every case fails with kOcspMalformed, none crashes.

std::string CertId(std::string_view serial_content) {
  return der::Sequence(der::Sequence(der::Oid("1.3.14.3.2.26") + der::Tlv(der::kNull, {})) +
                       der::OctetString(std::string(20, 'n')) +
                       der::OctetString(std::string(20, 'k')) +
                       der::Tlv(der::kInteger, serial_content));
}

std::string Request(const std::string& requests, const std::string& tbs_prefix = {},
                    const std::string& extensions = {}) {
  std::string tbs = tbs_prefix + der::Sequence(requests);
  if (!extensions.empty()) tbs += der::Explicit(2, der::Sequence(extensions));
  return der::Sequence(der::Sequence(tbs));
}

std::string NonceExtension(std::string_view nonce) {
  return der::Sequence(der::Oid("1.3.6.1.5.5.7.48.1.2") +
                       der::OctetString(der::OctetString(nonce)));
}

TEST(ParseOcspRequest, HandMadeRequestsParse) {
  auto one = der::Sequence(CertId("\x01"));
  auto ok = ParseOcspRequest(Request(one, {}, NonceExtension(std::string(128, 'x'))));
  ASSERT_TRUE(ok) << ok.error().internal();
  EXPECT_EQ(ok->nonce, der::OctetString(std::string(128, 'x')));
  std::string twenty;
  for (int i = 0; i < 20; ++i) twenty += one;
  EXPECT_TRUE(ParseOcspRequest(Request(twenty)));
  // Explicit v1, an unknown non-critical extension, and a requestorName are all fine.
  auto version = der::Explicit(0, der::Integer(0));
  auto name = der::Explicit(1, der::Explicit(2, "example.test"));  // dNSName, say
  auto other = der::Sequence(der::Oid("1.2.3.4") + der::OctetString("x"));
  EXPECT_TRUE(ParseOcspRequest(Request(one, version + name, other)));
}

TEST(ParseOcspRequest, RejectsMalformedInput) {
  auto one = der::Sequence(CertId("\x01"));
  std::string twenty_one;
  for (int i = 0; i < 21; ++i) twenty_one += one;
  auto valid = Request(one);
  std::string deep = der::Tlv(der::kNull, {});
  for (int i = 0; i < 2000; ++i) deep = der::Sequence(deep);
  std::string nested = "\x05\x00";
  for (int i = 0; i < 100; ++i) nested = der::Sequence(nested);
  auto critical_other =
      der::Sequence(der::Oid("1.2.3.4") + der::Boolean(true) + der::OctetString("x"));

  struct Case {
    const char* name;
    std::string der;
  };
  const Case cases[] = {
      {"fail/empty", ""},
      {"fail/garbage", "GET / HTTP/1.1\r\n\r\n"},
      {"fail/wrong-outer-tag", "\x31" + valid.substr(1)},
      {"fail/octet-string-outside", der::OctetString(valid)},
      {"fail/trailing-data", valid + '\0'},
      {"fail/truncated", valid.substr(0, valid.size() - 1)},
      {"fail/indefinite-length", "\x30\x80" + valid.substr(2) + std::string(2, '\0')},
      {"fail/length-overflow", std::string("\x30\x88\xff\xff\xff\xff\xff\xff\xff\xff", 10)},
      {"fail/length-non-minimal", std::string("\x30\x81\x05", 3) + valid.substr(2, 5)},
      {"fail/deep-nesting", deep},
      {"fail/deep-nesting-in-certid", Request(der::Sequence(der::Sequence(nested)))},
      {"fail/version-2", Request(one, der::Explicit(0, der::Integer(1)))},
      {"fail/no-certid", Request("")},
      {"fail/21-certids", Request(twenty_one)},
      {"fail/negative-serial", Request(der::Sequence(CertId("\x80")))},
      {"fail/non-minimal-serial", Request(der::Sequence(CertId(std::string("\x00\x01", 2))))},
      {"fail/empty-serial", Request(der::Sequence(CertId("")))},
      {"fail/empty-nonce", Request(one, {}, NonceExtension(""))},
      {"fail/nonce-129", Request(one, {}, NonceExtension(std::string(129, 'x')))},
      {"fail/two-nonces", Request(one, {}, NonceExtension("a") + NonceExtension("b"))},
      {"fail/critical-unknown-extension", Request(one, {}, critical_other)},
      {"fail/high-tag-number", std::string("\x3f\x81\x01\x00", 4)},
      {"fail/too-large", der::Sequence(std::string(70 * 1024, '\0'))},
  };
  for (const auto& c : cases) {
    auto parsed = ParseOcspRequest(c.der);
    ASSERT_FALSE(parsed) << c.name;
    EXPECT_EQ(parsed.error().code(), core::ErrorCode::kMalformed) << c.name;
    EXPECT_EQ(parsed.error().reason(), core::Reason::kOcspMalformed) << c.name;
  }
}

TEST_F(OcspTest, NoPrefixOrMutationOfARealRequestCrashes) {
  auto valid = MakeRequest("-serial 0x0A0B0C -serial 0x0D");
  ASSERT_TRUE(ParseOcspRequest(valid));
  for (std::size_t n = 0; n < valid.size(); ++n) {
    EXPECT_FALSE(ParseOcspRequest(valid.substr(0, n))) << "prefix of " << n;
  }
  std::mt19937 random(6960);
  for (std::size_t i = 0; i < valid.size(); ++i) {
    for (int flip : {0x01, 0x80, 0xff}) {
      auto mutated = valid;
      mutated[i] = static_cast<char>(mutated[i] ^ flip);
      (void)ParseOcspRequest(mutated);  // parses or fails; must not crash or hang
    }
  }
  for (int i = 0; i < 2000; ++i) {
    std::string garbage(random() % 300, '\0');
    for (auto& c : garbage) c = static_cast<char>(random());
    if (i % 2 == 0 && !garbage.empty()) garbage[0] = '\x30';
    (void)ParseOcspRequest(garbage);
  }
}

TEST(DecodeOcspGetPath, AcceptsEveryEncodingOfSlashAndPlus) {
  const std::string bytes("\xfb\xff\xbf\x30\x03\x02\x01", 7);  // base64 "+/+/MAMCAQ=="
  struct Case {
    const char* name;
    std::string path;
  };
  const Case cases[] = {
      {"ok/raw", "+/+/MAMCAQ=="},
      {"ok/no-padding", "+/+/MAMCAQ"},
      {"ok/percent-slash", "+%2F+%2FMAMCAQ=="},
      {"ok/percent-lower-case", "+%2f+%2fMAMCAQ%3d%3D"},
      {"ok/percent-plus", "%2B/%2b/MAMCAQ"},
      {"ok/leading-slash", "/+/+/MAMCAQ=="},
  };
  for (const auto& c : cases) {
    auto decoded = DecodeOcspGetPath(c.path);
    ASSERT_TRUE(decoded) << c.name << ": " << decoded.error().internal();
    EXPECT_EQ(*decoded, bytes) << c.name;
  }
  const Case bad[] = {
      {"fail/space-for-plus", " /+/MAMCAQ=="},
      {"fail/bad-escape", "+%2G+/MAMCAQ"},
      {"fail/short-escape", "MAMCAQ%2"},
      {"fail/url-safe-alphabet", "-_-_MAMCAQ"},
      {"fail/data-after-padding", "MA==MA"},
      {"fail/one-symbol-left", "MAMCA"},
      {"fail/empty", ""},
      {"fail/only-slashes", "///"},
  };
  for (const auto& c : bad) {
    auto decoded = DecodeOcspGetPath(c.path);
    ASSERT_FALSE(decoded) << c.name;
    EXPECT_EQ(decoded.error().reason(), core::Reason::kOcspMalformed) << c.name;
  }
}

TEST_F(OcspTest, GetPathOfAnOpenSslRequestDecodes) {
  auto der = MakeRequest("-serial 0x0A0B0C");
  std::string base64;
  ASSERT_EQ(RunCommand("openssl base64 -A -in " + Dir() + "req.der", &base64), 0);
  std::string escaped;
  for (char c : base64) escaped += c == '/' ? "%2F" : c == '+' ? "%2B" : std::string(1, c);
  EXPECT_EQ(DecodeOcspGetPath(base64), der);
  EXPECT_EQ(DecodeOcspGetPath(escaped), der);
  auto request = ParseOcspRequest(*DecodeOcspGetPath(escaped));
  ASSERT_TRUE(request);
  EXPECT_EQ(request->ids[0].serial, FromHex("0a0b0c"));
}

}  // namespace
}  // namespace certkeep::pki
