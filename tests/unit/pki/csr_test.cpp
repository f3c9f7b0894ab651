#include "pki/csr.h"

#include <gtest/gtest.h>
#include <openssl/err.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "support/case_name.h"

namespace certkeep::pki {
namespace {

using core::Reason;

// The fixtures are made by tests/fixtures/csr/make.sh with the openssl command line.
std::string Fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(CERTKEEP_FIXTURES_DIR) / "csr" / name, std::ios::binary);
  EXPECT_TRUE(in) << "missing fixture " << name;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

const CsrPolicy kTls;
const CsrPolicy kTlsWithIp{.allow_ip = true};
const CsrPolicy kSmime{.names_are_hostnames = false, .allow_email = true};

std::vector<std::string> Names(std::initializer_list<const char*> names) {
  return {names.begin(), names.end()};
}

// ---- accepted -------------------------------------------------------------------------

TEST(ParseCsr, AcceptsRsaAndEcKeysOfAllowedSizes) {
  struct Case {
    const char* fixture;
    std::string_view type;
    int bits;
  };
  for (auto [fixture, type, bits] :
       {Case{"rsa2048.csr", "RSA", 2048}, Case{"rsa4096.csr", "RSA", 4096},
        Case{"p256.csr", "EC", 256}, Case{"p384.csr", "EC", 384}}) {
    auto csr = ParseCsr(Fixture(fixture), kTls);
    ASSERT_TRUE(csr) << fixture << ": " << csr.error().detail();
    EXPECT_EQ(csr->public_key.TypeName(), type) << fixture;
    EXPECT_EQ(csr->public_key.Bits(), bits) << fixture;
    EXPECT_EQ(csr->common_name, "www.example.org") << fixture;
    // The CN is already a SAN: the SAN order stands.
    EXPECT_EQ(csr->dns_names, Names({"api.example.org", "www.example.org"})) << fixture;
  }
}

TEST(ParseCsr, AcceptsEd25519WhereTheProfileAllowsIt) {
  auto csr = ParseCsr(Fixture("ed25519.csr"), CsrPolicy{.allow_ed25519 = true});
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_EQ(csr->public_key.TypeName(), "ED25519");
}

TEST(ParseCsr, AcceptsAnRsaPssSignatureOverSha256) {
  auto csr = ParseCsr(Fixture("pss-sha256.csr"), kTls);
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_EQ(csr->public_key.TypeName(), "RSA");
}

TEST(ParseCsr, LowerCasesDeduplicatesAndPutsTheCommonNameFirst) {
  // CN=WWW.Example.ORG, SAN DNS:Api.EXAMPLE.org, DNS:api.example.org
  auto csr = ParseCsr(Fixture("mixed-case.csr"), kTls);
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_EQ(csr->common_name, "www.example.org");
  EXPECT_EQ(csr->dns_names, Names({"www.example.org", "api.example.org"}));
}

TEST(ParseCsr, DerAndPemGiveTheSameResult) {
  std::string der = Fixture("rsa2048.der");
  auto from_pem = ParseCsr(Fixture("rsa2048.csr"), kTls);
  auto from_der = ParseCsr(der, kTls);
  ASSERT_TRUE(from_pem) << from_pem.error().detail();
  ASSERT_TRUE(from_der) << from_der.error().detail();
  EXPECT_EQ(from_pem->der, der);
  EXPECT_EQ(from_der->der, der);
  EXPECT_EQ(*from_pem->public_key.SpkiDer(), *from_der->public_key.SpkiDer());
  EXPECT_EQ(from_pem->dns_names, from_der->dns_names);
  EXPECT_EQ(from_pem->common_name, from_der->common_name);
}

TEST(ParseCsr, AcceptsTheOldPemLabelCrlfAndSurroundingWhitespace) {
  std::string pem = ReplaceAll(Fixture("rsa2048.csr"), " CERTIFICATE REQUEST-----",
                               " NEW CERTIFICATE REQUEST-----");
  ASSERT_NE(pem.find("BEGIN NEW CERTIFICATE REQUEST"), std::string::npos);
  pem = "\r\n  \r\n" + ReplaceAll(pem, "\n", "\r\n") + "\r\n\r\n ";
  auto csr = ParseCsr(pem, kTls);
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_EQ(csr->der, Fixture("rsa2048.der"));
}

TEST(ParseCsr, TakesOnlyTheNamesFromARequestAskingForCaAndEku) {
  // The CSR asks for basicConstraints CA:TRUE, keyCertSign, EKU and nameConstraints:
  // accepted, and none of it reaches the result.
  auto csr = ParseCsr(Fixture("ca-eku.csr"), kTls);
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_EQ(csr->common_name, "www.example.org");
  EXPECT_EQ(csr->dns_names, Names({"www.example.org"}));
  EXPECT_TRUE(csr->ip_addresses.empty());
  EXPECT_TRUE(csr->emails.empty());
}

TEST(ParseCsr, AcceptsAValidALabel) {
  auto csr = ParseCsr(Fixture("idn.csr"), kTls);
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_EQ(csr->dns_names, Names({"xn--bcher-kva.example.org"}));
}

TEST(ParseCsr, AcceptsAWildcard) {
  auto csr = ParseCsr(Fixture("wildcard.csr"), kTls);
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_EQ(csr->common_name, "*.example.org");
  EXPECT_EQ(csr->dns_names, Names({"*.example.org", "example.org"}));
}

TEST(ParseCsr, AcceptsIpAddressesWhereTheProfileAllowsThem) {
  auto csr = ParseCsr(Fixture("ip-san.csr"), kTlsWithIp);
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_EQ(csr->dns_names, Names({"www.example.org"}));
  EXPECT_EQ(csr->ip_addresses, Names({"192.0.2.10", "2001:db8::1"}));

  auto cn = ParseCsr(Fixture("ip-cn.csr"), kTlsWithIp);
  ASSERT_TRUE(cn) << cn.error().detail();
  EXPECT_EQ(cn->common_name, "192.0.2.1");
  EXPECT_EQ(cn->ip_addresses, Names({"192.0.2.1"}));
  EXPECT_TRUE(cn->dns_names.empty());
}

TEST(ParseCsr, AcceptsAHundredNames) {
  auto csr = ParseCsr(Fixture("names-100.csr"), kTls);
  ASSERT_TRUE(csr) << csr.error().detail();
  ASSERT_EQ(csr->dns_names.size(), 100u);
  EXPECT_EQ(csr->dns_names.front(), "n001.example.org");
  EXPECT_EQ(csr->dns_names.back(), "n100.example.org");
}

TEST(ParseCsr, KeepsAPersonsNameAsGivenInANonHostnameProfile) {
  auto csr = ParseCsr(Fixture("person.csr"), kSmime);
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_EQ(csr->common_name, "Jane Doe");
  EXPECT_TRUE(csr->dns_names.empty());
  EXPECT_EQ(csr->emails, Names({"Jane.Doe@example.org"}));
}

TEST(ParseCsr, ANonHostnameProfileMayGetNoNames) {
  auto csr = ParseCsr(Fixture("no-names.csr"), kSmime);
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_TRUE(csr->common_name.empty());
  EXPECT_TRUE(csr->dns_names.empty());
}

TEST(ParseCsr, AcceptsInternalNamesWhereTheProfileAllowsThem) {
  auto csr = ParseCsr(Fixture("cn-internal.csr"), CsrPolicy{.allow_internal_names = true});
  ASSERT_TRUE(csr) << csr.error().detail();
  EXPECT_EQ(csr->dns_names, Names({"server"}));
}

TEST(ParseCsr, RefusalsKeepOpenSslsErrorsInternalAndLeaveNoneBehind) {
  ERR_clear_error();
  auto csr = ParseCsr(Fixture("bad-signature.der"), kTls);
  ASSERT_FALSE(csr);
  EXPECT_FALSE(csr.error().internal().empty());
  EXPECT_EQ(csr.error().detail().find("rsa routines"), std::string::npos);
  EXPECT_EQ(ERR_peek_error(), 0u);
  ASSERT_FALSE(ParseCsr(Fixture("p521.csr"), kTls));
  EXPECT_EQ(ERR_peek_error(), 0u);
}

// ---- refused --------------------------------------------------------------------------

struct RefusedCase {
  std::string name;
  std::string fixture;                             // in tests/fixtures/csr/; "" for none
  std::function<std::string(std::string)> mutate;  // applied to the fixture; null: as is
  CsrPolicy policy;
  Reason reason;
  std::string detail;  // a part of the detail
};

void PrintTo(const RefusedCase& c, std::ostream* os) {
  *os << c.name;
}

class ParseCsrRefuses : public ::testing::TestWithParam<RefusedCase> {};

TEST_P(ParseCsrRefuses, WithTheReasonAndAnActionableDetail) {
  const RefusedCase& c = GetParam();
  std::string input = c.fixture.empty() ? std::string() : Fixture(c.fixture);
  if (c.mutate) input = c.mutate(std::move(input));
  auto csr = ParseCsr(input, c.policy);
  ASSERT_FALSE(csr) << c.name << " was accepted";
  EXPECT_EQ(csr.error().code(), core::ErrorCode::kBadCsr);
  EXPECT_EQ(csr.error().reason(), c.reason) << csr.error().detail();
  EXPECT_NE(csr.error().detail().find(c.detail), std::string::npos) << csr.error().detail();
}

auto Text(std::string text) {
  return [text](std::string) { return text; };
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseCsrRefuses,
    ::testing::Values(
        RefusedCase{"fail/empty", "", Text(" \r\n"), kTls, Reason::kCsrUndecodable, "is empty"},
        RefusedCase{"fail/garbage-text", "", Text("hello, this is not a CSR"), kTls,
                    Reason::kCsrUndecodable, "neither PEM"},
        RefusedCase{"fail/truncated-der", "rsa2048.der",
                    [](std::string der) { return der.substr(0, der.size() / 2); }, kTls,
                    Reason::kCsrUndecodable, "truncated or damaged"},
        RefusedCase{"fail/trailing-data-after-der", "rsa2048.der",
                    [](std::string der) { return der + "xy"; }, kTls, Reason::kCsrUndecodable,
                    "2 bytes of trailing data"},
        RefusedCase{"fail/broken-base64", "rsa2048.csr",
                    [](std::string pem) {
                      pem[pem.find('\n') + 20] = '!';
                      return pem;
                    },
                    kTls, Reason::kCsrUndecodable, "PEM block of the request is damaged"},
        RefusedCase{"fail/pem-without-end-line", "rsa2048.csr",
                    [](std::string pem) { return pem.substr(0, pem.find("-----END")); }, kTls,
                    Reason::kCsrUndecodable, "has no '-----END CERTIFICATE REQUEST-----' line"},
        RefusedCase{"fail/two-pem-blocks", "rsa2048.csr",
                    [](std::string pem) { return pem + pem; }, kTls, Reason::kCsrUndecodable,
                    "more than one PEM block"},
        RefusedCase{"fail/pem-with-encryption-headers", "rsa2048.csr",
                    [](std::string pem) {
                      return ReplaceAll(pem, "REQUEST-----\n",
                                        "REQUEST-----\nProc-Type: 4,ENCRYPTED\n\n");
                    },
                    kTls, Reason::kCsrUndecodable, "not valid base64"},
        RefusedCase{
            "fail/certificate-pem-not-a-request", "rsa2048.csr",
            [](std::string pem) { return ReplaceAll(pem, "CERTIFICATE REQUEST", "CERTIFICATE"); },
            kTls, Reason::kCsrUndecodable, "no '-----BEGIN CERTIFICATE REQUEST-----'"},
        RefusedCase{"fail/tampered-signature", "bad-signature.der", nullptr, kTls,
                    Reason::kCsrBadSignature, "signature does not verify"},
        RefusedCase{"fail/sha1-signature", "sha1.csr", nullptr, kTls, Reason::kCsrWeakSignature,
                    "signed with SHA-1 (sha1WithRSAEncryption)"},
        RefusedCase{"fail/md5-signature", "md5.csr", nullptr, kTls, Reason::kCsrWeakSignature,
                    "signed with MD5"},
        RefusedCase{"fail/rsa-pss-default-sha1", "pss-sha1.csr", nullptr, kTls,
                    Reason::kCsrWeakSignature, "signed with SHA-1 (rsassaPss)"},
        RefusedCase{"fail/rsa-1024", "rsa1024.csr", nullptr, kTls, Reason::kCsrKeyTooSmall,
                    "RSA key of 1024 bits is too small: at least 2048 bits are required"},
        RefusedCase{"fail/rsa-8200", "rsa8200.csr", nullptr, kTls, Reason::kCsrKeyTooLarge,
                    "RSA key of 8200 bits is too large: at most 8192 bits"},
        RefusedCase{"fail/rsa-exponent-3", "rsa-e3.csr", nullptr, kTls, Reason::kCsrBadExponent,
                    "exponent is 3: only 65537 is accepted"},
        RefusedCase{"fail/rsa-where-profile-allows-ec-only", "rsa2048.csr", nullptr,
                    CsrPolicy{.allow_rsa = false}, Reason::kCsrKeyTypeNotAllowed,
                    "RSA keys are not allowed: use EC P-256 or P-384"},
        RefusedCase{"fail/ec-point-not-on-the-curve", "p256.csr",
                    [](std::string pem) {
                      auto der = ParseCsr(pem, kTls)->der;
                      // The SubjectPublicKeyInfo's BIT STRING: 66 bytes, 0 unused bits, 04 X Y.
                      der[der.find(std::string("\x03\x42\x00\x04", 4)) + 10] ^= 1;
                      return der;
                    },
                    kTls, Reason::kCsrUndecodable, "the EC public key of the request is damaged"},
        RefusedCase{"fail/ec-point-at-infinity", "ec-point-at-infinity.csr", nullptr, kTls,
                    Reason::kCsrUndecodable, "the EC public key of the request is damaged"},
        RefusedCase{"fail/ec-hybrid-point", "p256.csr",
                    [](std::string pem) {
                      auto der = ParseCsr(pem, kTls)->der;
                      der[der.find(std::string("\x03\x42\x00\x04", 4)) + 3] = 0x06;
                      return der;
                    },
                    kTls, Reason::kCsrUndecodable, "the EC public key of the request is damaged"},
        RefusedCase{"fail/ec-secp521r1", "p521.csr", nullptr, kTls, Reason::kCsrKeyTypeNotAllowed,
                    "curve secp521r1 are not allowed"},
        RefusedCase{"fail/ec-secp256k1", "secp256k1.csr", nullptr, kTls,
                    Reason::kCsrKeyTypeNotAllowed, "curve secp256k1 are not allowed"},
        RefusedCase{"fail/ed25519-not-allowed", "ed25519.csr", nullptr, kTls,
                    Reason::kCsrKeyTypeNotAllowed, "Ed25519 keys are not allowed"},
        RefusedCase{"fail/ed448", "ed448.csr", nullptr, CsrPolicy{.allow_ed25519 = true},
                    Reason::kCsrKeyTypeNotAllowed, "ED448 keys are not allowed"},
        RefusedCase{"fail/dsa", "dsa.csr", nullptr, kTls, Reason::kCsrKeyTypeNotAllowed,
                    "DSA keys are not allowed"},
        RefusedCase{"fail/101-names", "names-101.csr", nullptr, kTls, Reason::kCsrTooManyNames,
                    "101 subjectAltName entries: at most 100 are allowed"},
        RefusedCase{"fail/100-names-over-a-limit-of-99", "names-100.csr", nullptr,
                    CsrPolicy{.max_names = 99}, Reason::kCsrTooManyNames, "at most 99"},
        RefusedCase{"fail/ip-san-not-allowed", "ip-san.csr", nullptr, kTls,
                    Reason::kCsrIpNotAllowed, "the IP address 192.0.2.10 in subjectAltName"},
        RefusedCase{"fail/ip-in-common-name", "ip-cn.csr", nullptr, kTls, Reason::kCsrIpNotAllowed,
                    "the common name '192.0.2.1' is an IP address"},
        RefusedCase{"fail/email-san-not-allowed", "person.csr", nullptr,
                    CsrPolicy{.names_are_hostnames = false}, Reason::kCsrEmailNotAllowed,
                    "'Jane.Doe@Example.ORG' in subjectAltName is not allowed"},
        RefusedCase{"fail/person-name-in-tls-profile", "person.csr", nullptr, kTls,
                    Reason::kCsrBadName, "the common name 'Jane Doe' has the character ' '"},
        RefusedCase{"fail/no-names", "no-names.csr", nullptr, kTls, Reason::kCsrNoNames,
                    "names no host"},
        RefusedCase{"fail/uri-san", "uri-san.csr", nullptr, kTls, Reason::kCsrBadName,
                    "type uniformResourceIdentifier are not accepted"},
        RefusedCase{"fail/san-wildcard-not-left-most", "san-wildcard-middle.csr", nullptr, kTls,
                    Reason::kCsrBadName,
                    "'foo.*.example.org' has a wildcard that is not the whole left-most label"},
        RefusedCase{"fail/san-u-label", "san-unicode.csr", nullptr, kTls, Reason::kCsrNotALabel,
                    "xn-- (A-label) form, 'xn--bcher-kva.example.org'"},
        RefusedCase{"fail/san-bogus-a-label", "san-bogus-alabel.csr", nullptr, kTls,
                    Reason::kCsrNotALabel, "'xn--a', which is not a valid A-label"},
        RefusedCase{"fail/san-dot-local", "san-local.csr", nullptr, kTls, Reason::kCsrInternalName,
                    "'host.local' ends in '.local'"},
        RefusedCase{"fail/cn-single-label", "cn-internal.csr", nullptr, kTls,
                    Reason::kCsrInternalName, "'server' is a single-label name"},
        RefusedCase{"fail/wildcard-not-allowed", "wildcard.csr", nullptr,
                    CsrPolicy{.allow_wildcard = false}, Reason::kCsrWildcardNotAllowed,
                    "does not allow wildcards"}),
    testing::CaseName<RefusedCase>);

// ---- CheckDnsName ---------------------------------------------------------------------

TEST(CheckDnsName, LowerCasesValidNames) {
  struct Case {
    const char* in;
    const char* out;
  };
  for (auto [in, out] :
       {Case{"WWW.Example.ORG", "www.example.org"}, Case{"*.example.org", "*.example.org"},
        Case{"xn--bcher-kva.example.org", "xn--bcher-kva.example.org"},
        Case{"XN--BCHER-KVA.Example.Org", "xn--bcher-kva.example.org"},
        Case{"www.example.test", "www.example.test"}, Case{"host.example", "host.example"},
        Case{"r3---sn-abc.googlevideo.com", "r3---sn-abc.googlevideo.com"},
        Case{"1-2.example.org", "1-2.example.org"}}) {
    auto name = CheckDnsName(in, kTls);
    ASSERT_TRUE(name) << in << ": " << name.error().detail();
    EXPECT_EQ(*name, out);
  }
}

TEST(CheckDnsName, AcceptsTheLongestLabelAndName) {
  std::string label63(63, 'a');
  EXPECT_TRUE(CheckDnsName(label63 + ".example.org", kTls));
  // 3 x 63 + 61 + 3 dots = 253.
  std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  ASSERT_EQ(name253.size(), 253u);
  EXPECT_TRUE(CheckDnsName(name253, kTls));
}

TEST(CheckDnsName, AcceptsInternalNamesWhereTheProfileAllowsThem) {
  CsrPolicy internal{.allow_internal_names = true};
  for (const char* name : {"server", "host.local", "printer.lan", "1.0.0.127.in-addr.arpa"}) {
    auto checked = CheckDnsName(name, internal);
    ASSERT_TRUE(checked) << name << ": " << checked.error().detail();
    EXPECT_EQ(*checked, name);
  }
}

struct BadNameCase {
  std::string name;
  std::string input;
  Reason reason;
  std::string detail;
};

void PrintTo(const BadNameCase& c, std::ostream* os) {
  *os << c.name;
}

class CheckDnsNameRefuses : public ::testing::TestWithParam<BadNameCase> {};

TEST_P(CheckDnsNameRefuses, WithTheReasonAndAnActionableDetail) {
  const BadNameCase& c = GetParam();
  auto name = CheckDnsName(c.input, kTls);
  ASSERT_FALSE(name) << c.input << " was accepted as " << *name;
  EXPECT_EQ(name.error().code(), core::ErrorCode::kBadCsr);
  EXPECT_EQ(name.error().reason(), c.reason) << name.error().detail();
  EXPECT_NE(name.error().detail().find(c.detail), std::string::npos) << name.error().detail();
}

INSTANTIATE_TEST_SUITE_P(
    Table, CheckDnsNameRefuses,
    ::testing::Values(
        BadNameCase{"fail/empty", "", Reason::kCsrBadName, "is empty"},
        BadNameCase{"fail/two-wildcards", "*.*.example.org", Reason::kCsrBadName,
                    "'*.*.example.org' has a wildcard that is not the whole left-most label"},
        BadNameCase{"fail/wildcard-in-the-middle", "foo.*.example.org", Reason::kCsrBadName,
                    "not the whole left-most label"},
        BadNameCase{"fail/partial-wildcard", "f*o.example.org", Reason::kCsrBadName,
                    "not the whole left-most label"},
        BadNameCase{"fail/wildcard-under-a-tld", "*.org", Reason::kCsrBadName,
                    "wildcard directly under the top-level domain 'org'"},
        BadNameCase{"fail/wildcard-alone", "*", Reason::kCsrBadName, "no domain under it"},
        BadNameCase{"fail/u-label",
                    "b\xc3\xbc"
                    "cher.example.org",
                    Reason::kCsrNotALabel, "xn-- (A-label) form, 'xn--bcher-kva.example.org'"},
        BadNameCase{"fail/a-label-that-does-not-decode", "xn--zz.example.org",
                    Reason::kCsrNotALabel, "'xn--zz', which is not a valid A-label"},
        BadNameCase{"fail/a-label-of-a-disallowed-code-point", "xn--a.example.org",
                    Reason::kCsrNotALabel, "not a valid A-label"},
        BadNameCase{"fail/single-label", "server", Reason::kCsrInternalName,
                    "'server' is a single-label name"},
        BadNameCase{"fail/dot-local", "host.local", Reason::kCsrInternalName, "ends in '.local'"},
        BadNameCase{"fail/dot-corp", "mail.Example.CORP", Reason::kCsrInternalName,
                    "ends in '.corp'"},
        BadNameCase{"fail/reverse-dns", "1.0.0.127.in-addr.arpa", Reason::kCsrInternalName,
                    "ends in '.arpa'"},
        BadNameCase{"fail/empty-label", "a..example.org", Reason::kCsrBadName,
                    "'a..example.org' has an empty label"},
        BadNameCase{"fail/leading-dot", ".example.org", Reason::kCsrBadName, "has an empty label"},
        BadNameCase{"fail/trailing-dot", "example.org.", Reason::kCsrBadName, "ends with a dot"},
        BadNameCase{"fail/label-of-64", std::string(64, 'a') + ".example.org", Reason::kCsrBadName,
                    "has a label of 64 characters: at most 63"},
        BadNameCase{"fail/name-of-254",
                    std::string(63, 'a') + "." + std::string(63, 'a') + "." + std::string(63, 'a') +
                        "." + std::string(62, 'b'),
                    Reason::kCsrBadName, "is 254 characters long: at most 253"},
        BadNameCase{"fail/underscore", "a_b.example.org", Reason::kCsrBadName,
                    "has the character '_' in the label 'a_b'"},
        BadNameCase{"fail/space", "a b.example.org", Reason::kCsrBadName, "has the character ' '"},
        BadNameCase{"fail/nul-byte", std::string("www.example.org\0.evil.test", 26),
                    Reason::kCsrBadName, "has the character '\\x00'"},
        BadNameCase{"fail/leading-hyphen", "-foo.example.org", Reason::kCsrBadName,
                    "'-foo', which starts or ends with a hyphen"},
        BadNameCase{"fail/trailing-hyphen", "foo-.example.org", Reason::kCsrBadName,
                    "'foo-', which starts or ends with a hyphen"},
        BadNameCase{"fail/ipv4-address", "192.0.2.1", Reason::kCsrBadName,
                    "is an IP address, not a DNS name"},
        BadNameCase{"fail/ipv6-address", "2001:db8::1", Reason::kCsrBadName,
                    "is an IP address, not a DNS name"},
        BadNameCase{"fail/numeric-tld", "10.1", Reason::kCsrBadName,
                    "ends in the all-numeric label '1'"}),
    testing::CaseName<BadNameCase>);

TEST(CheckDnsName, RefusesAWildcardWhereTheProfileAllowsNone) {
  auto name = CheckDnsName("*.example.org", CsrPolicy{.allow_wildcard = false});
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().reason(), Reason::kCsrWildcardNotAllowed);
}

}  // namespace
}  // namespace certkeep::pki
