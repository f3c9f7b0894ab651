#include "pki/certificate_template.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "pki/hierarchy.h"
#include "pki/lint.h"
#include "pki/random.h"
#include "support/temp_dir.h"

namespace certkeep::pki {
namespace {

using std::chrono::days;

const core::CertificateProfile& Profile(std::string_view name) {
  static const auto kProfiles = core::DefaultProfiles();
  for (const auto& p : kProfiles) {
    if (p.name == name) return p;
  }
  throw std::logic_error("no profile " + std::string(name));
}

class CertificateTemplateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    now_ = core::SystemClock().Now();
    root_key_ = std::make_unique<PrivateKey>(*PrivateKey::Generate(KeyAlgorithm::kEcP256));
    root_ = std::make_unique<Certificate>(*MakeRootCertificate(
        *root_key_, {"Test Root", "certkeep tests", "FI"}, {now_, days(3650)}, random_));
    key_ = std::make_unique<PrivateKey>(*PrivateKey::Generate(KeyAlgorithm::kEcP256));
    issuer_ = std::make_unique<Certificate>(*MakeIssuingCaCertificate(
        *root_, *root_key_, *key_, {"Test Issuing", "certkeep tests", "FI"}, {now_, days(1825)},
        random_));
    dir_.Write("root.pem", *root_->ToPem());
    dir_.Write("issuing.pem", *issuer_->ToPem());
  }

  CertificateRequest Request(const PublicKey& pub, std::vector<std::string> names) {
    CertificateRequest r;
    r.public_key = &pub;
    r.dns_names = std::move(names);
    if (!r.dns_names.empty()) r.subject.common_name = r.dns_names.front();
    r.serial = std::string(reinterpret_cast<const char*>(random_.Bytes(16).data()), 16);
    r.serial[0] = static_cast<char>((r.serial[0] & 0x7f) | 0x01);
    r.not_before = now_;
    r.validity_days = 90;
    return r;
  }

  IssuerUrls Urls() {
    return {"http://ca.example.test/ocsp", "http://ca.example.test/ca/issuing-1.crt",
            "http://ca.example.test/crl/issuing-1.crl"};
  }

  // Builds, lints and signs; returns the PEM file path or the error.
  core::Result<std::string> Issue(const core::CertificateProfile& profile,
                                  const CertificateRequest& r) {
    auto t = CertificateTemplate::Prepare(profile, *issuer_, *key_, Urls());
    if (!t) return core::Fail(t.error());
    auto tbs = t->BuildTbs(r);
    if (!tbs) return core::Fail(tbs.error());
    if (auto lint = LintCertificate(t->Unsigned(*tbs), *t, r, now_); !lint)
      return core::Fail(lint.error());
    auto der = t->Sign(*tbs, *key_);
    if (!der) return core::Fail(der.error());
    auto file = dir_.Write("leaf.der", *der);
    std::string out;
    testing::RunCommand("openssl x509 -inform DER -in " + file.string() + " -out " +
                            (dir_.path() / "leaf.pem").string(),
                        &out);
    return (dir_.path() / "leaf.pem").string();
  }

  int Verify(const std::string& args, std::string* out) {
    return testing::RunCommand("openssl verify -x509_strict " + args + " -CAfile " +
                                   (dir_.path() / "root.pem").string() + " -untrusted " +
                                   (dir_.path() / "issuing.pem").string() + " " +
                                   (dir_.path() / "leaf.pem").string(),
                               out);
  }

  std::string Text() {
    std::string out;
    testing::RunCommand("openssl x509 -noout -text -in " + (dir_.path() / "leaf.pem").string(),
                        &out);
    return out;
  }

  testing::TempDir dir_;
  OpenSslRandom random_;
  core::TimePoint now_;
  std::unique_ptr<PrivateKey> root_key_, key_;
  std::unique_ptr<Certificate> root_, issuer_;
};

TEST_F(CertificateTemplateTest, ACertificatesSpkiIsItsKeys) {
  EXPECT_EQ(*root_->SpkiDer(), *root_key_->Public().SpkiDer());
  EXPECT_EQ(*issuer_->SpkiDer(), *key_->Public().SpkiDer());
  auto rsa = PrivateKey::Generate(KeyAlgorithm::kRsa3072);
  auto leaf = Issue(Profile("ssl-ov"), Request(rsa->Public(), {"rsa.example.test"}));
  ASSERT_TRUE(leaf) << leaf.error().detail();
  std::ifstream file(*leaf);
  std::string pem((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto cert = Certificate::FromPem(pem);
  ASSERT_TRUE(cert);
  EXPECT_EQ(*cert->SpkiDer(), *rsa->Public().SpkiDer());
}

TEST_F(CertificateTemplateTest, TlsCertificateVerifiesAsSslServer) {
  auto leaf = *PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto pub = leaf.Public();
  auto r = Request(pub, {"www.example.test", "example.test", "*.example.test"});
  auto pem = Issue(Profile("ssl-dv"), r);
  ASSERT_TRUE(pem) << pem.error().detail();
  std::string out;
  EXPECT_EQ(Verify("-purpose sslserver -verify_hostname www.example.test", &out), 0) << out;
  EXPECT_EQ(Verify("-purpose sslserver -verify_hostname foo.example.test", &out), 0) << out;
  auto text = Text();
  EXPECT_NE(text.find("DNS:www.example.test, DNS:example.test, DNS:*.example.test"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("OCSP - URI:http://ca.example.test/ocsp"), std::string::npos) << text;
  EXPECT_NE(text.find("URI:http://ca.example.test/crl/issuing-1.crl"), std::string::npos) << text;
  EXPECT_NE(text.find("Policy: 2.23.140.1.2.1"), std::string::npos) << text;
  EXPECT_NE(text.find("X509v3 Key Usage: critical\n                Digital Signature\n"),
            std::string::npos)
      << text;
}

TEST_F(CertificateTemplateTest, RsaKeysGetKeyEnciphermentInTls) {
  auto leaf = *PrivateKey::Generate(KeyAlgorithm::kRsa3072);
  auto pub = leaf.Public();
  ASSERT_TRUE(Issue(Profile("ssl-ov"), Request(pub, {"rsa.example.test"})));
  EXPECT_NE(Text().find("Digital Signature, Key Encipherment"), std::string::npos);
  std::string out;
  EXPECT_EQ(Verify("-purpose sslserver", &out), 0) << out;
}

TEST_F(CertificateTemplateTest, OrganizationFieldsGoInTheSubject) {
  auto leaf = *PrivateKey::Generate(KeyAlgorithm::kEcP384);
  auto pub = leaf.Public();
  auto r = Request(pub, {"ov.example.test"});
  r.subject.organization = "Université de Test";
  r.subject.locality = "Espoo";
  r.subject.state = "Uusimaa";
  r.subject.country = "FI";
  ASSERT_TRUE(Issue(Profile("ssl-ov"), r));
  std::string out;
  testing::RunCommand("openssl x509 -noout -subject -nameopt RFC2253,-esc_msb -in " +
                          (dir_.path() / "leaf.pem").string(),
                      &out);
  EXPECT_NE(out.find("CN=ov.example.test,O=Université de Test,L=Espoo,ST=Uusimaa,C=FI"),
            std::string::npos)
      << out;
}

TEST_F(CertificateTemplateTest, EvVerifiesUnderItsPolicy) {
  auto leaf = *PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto pub = leaf.Public();
  auto r = Request(pub, {"ev.example.test"});
  r.subject = {.common_name = "ev.example.test",
               .organization = "Test University",
               .locality = "Espoo",
               .country = "FI",
               .business_category = "Government Entity",
               .jurisdiction_country = "FI",
               .serial_number = "1234567-8"};
  ASSERT_TRUE(Issue(Profile("ssl-ev"), r));
  // The issuing CA asserts anyPolicy, so the EV policy verifies as an explicit policy.
  std::string out;
  EXPECT_EQ(Verify("-purpose sslserver -policy 2.23.140.1.1 -explicit_policy", &out), 0) << out;
  EXPECT_NE(Verify("-purpose sslserver -policy 2.23.140.1.2.1 -explicit_policy", &out), 0) << out;
  EXPECT_NE(Text().find("Policy: 2.23.140.1.1"), std::string::npos);
}

TEST_F(CertificateTemplateTest, SmimeVerifiesForSigning) {
  auto leaf = *PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto pub = leaf.Public();
  CertificateRequest r = Request(pub, {});
  r.emails = {"jane.doe@example.test"};
  r.subject.common_name = "Jane Doe";
  r.subject.organization = "Test University";
  r.subject.country = "FI";
  r.validity_days = 365;
  auto pem = Issue(Profile("smime"), r);
  ASSERT_TRUE(pem) << pem.error().detail();
  std::string out;
  EXPECT_EQ(Verify("-purpose smimesign", &out), 0) << out;
  EXPECT_NE(Text().find("email:jane.doe@example.test"), std::string::npos);
}

TEST_F(CertificateTemplateTest, CodeSigningHasOnlyTheCodeSigningEku) {
  auto leaf = *PrivateKey::Generate(KeyAlgorithm::kRsa3072);
  auto pub = leaf.Public();
  CertificateRequest r = Request(pub, {});
  r.subject = {
      .common_name = "Test University", .organization = "Test University", .country = "FI"};
  r.validity_days = 365;
  ASSERT_TRUE(Issue(Profile("code-signing"), r));
  std::string out;
  EXPECT_EQ(Verify("-purpose any", &out), 0) << out;
  auto text = Text();
  EXPECT_NE(text.find("X509v3 Extended Key Usage: \n                Code Signing\n"),
            std::string::npos)
      << text;
}

TEST_F(CertificateTemplateTest, OcspSignerCarriesNoCheck) {
  auto leaf = *PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto pub = leaf.Public();
  CertificateRequest r = Request(pub, {});
  r.subject.common_name = "Test Issuing OCSP Responder";
  r.validity_days = 7;
  ASSERT_TRUE(Issue(Profile("ocsp-signing"), r));
  std::string out;
  EXPECT_EQ(Verify("-purpose ocsphelper", &out), 0) << out;
  EXPECT_NE(Text().find("OCSP No Check"), std::string::npos);
}

TEST_F(CertificateTemplateTest, GridHostVerifies) {
  auto leaf = *PrivateKey::Generate(KeyAlgorithm::kRsa3072);
  auto pub = leaf.Public();
  auto r = Request(pub, {"node1.grid.example.test"});
  r.subject.organization = "Test Grid";
  r.subject.country = "FI";
  ASSERT_TRUE(Issue(Profile("grid-host"), r));
  std::string out;
  EXPECT_EQ(Verify("-purpose sslserver", &out), 0) << out;
  EXPECT_EQ(Verify("-purpose sslclient", &out), 0) << out;
}

struct LintCase {
  std::string name;
  std::string profile;
  std::function<void(CertificateRequest&, CertificateRequest&)> mutate;  // (built, expected)
  std::string rule;
};

void PrintTo(const LintCase& c, std::ostream* os) {
  *os << c.name;
}

class LintTest : public CertificateTemplateTest, public ::testing::WithParamInterface<LintCase> {};

TEST_P(LintTest, RefusesWithTheRuleNamed) {
  auto leaf = *PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto pub = leaf.Public();
  auto built = Request(pub, {"a.example.test", "b.example.test"});
  auto expected = built;
  GetParam().mutate(built, expected);
  auto t = CertificateTemplate::Prepare(Profile(GetParam().profile), *issuer_, *key_, Urls());
  ASSERT_TRUE(t);
  auto tbs = t->BuildTbs(built);
  ASSERT_TRUE(tbs) << tbs.error().detail();
  auto lint = LintCertificate(t->Unsigned(*tbs), *t, expected, now_);
  ASSERT_FALSE(lint);
  EXPECT_EQ(lint.error().reason(), core::Reason::kLintFailed);
  EXPECT_NE(lint.error().detail().find("lint rule " + GetParam().rule + ":"), std::string::npos)
      << lint.error().detail();
}

INSTANTIATE_TEST_SUITE_P(
    Rules, LintTest,
    ::testing::Values(
        LintCase{"validity_over_profile", "ssl-dv", [](auto& b, auto&) { b.validity_days = 398; },
                 "validity-period"},
        LintCase{"names_not_authorized", "ssl-dv",
                 [](auto& b, auto&) { b.dns_names.push_back("evil.example.test"); },
                 "names-authorized"},
        LintCase{"authorized_name_missing", "ssl-dv",
                 [](auto&, auto& e) { e.dns_names.push_back("c.example.test"); },
                 "names-authorized"},
        LintCase{"cn_not_in_san", "ssl-dv",
                 [](auto& b, auto&) { b.subject.common_name = "other.example.test"; },
                 "tls-common-name"},
        LintCase{"no_san_in_tls", "ssl-dv",
                 [](auto& b, auto& e) {
                   b.dns_names.clear();
                   e.dns_names.clear();
                   b.subject.common_name = "";
                   b.subject.organization = "X";
                 },
                 "tls-names"},
        LintCase{"wildcard_in_ev", "ssl-ev",
                 [](auto& b, auto& e) {
                   b.dns_names = e.dns_names = {"*.example.test"};
                   b.subject.common_name = "*.example.test";
                 },
                 "wildcard"},
        LintCase{"short_serial", "ssl-dv", [](auto& b, auto&) { b.serial = "\x01\x02\x03"; },
                 "serial-number"},
        LintCase{"backdated", "ssl-dv",
                 [](auto& b, auto&) { b.not_before -= std::chrono::hours(72); }, "not-before"},
        LintCase{"ip_not_allowed", "ssl-dv",
                 [](auto& b, auto& e) { b.ip_addresses = e.ip_addresses = {"192.0.2.1"}; },
                 "ip-addresses"},
        LintCase{"email_in_tls", "ssl-dv",
                 [](auto& b, auto& e) { b.emails = e.emails = {"a@example.test"}; }, "emails"},
        LintCase{"too_many_names", "ocsp-signing",
                 [](auto& b, auto&) {
                   b.subject.common_name = "x";
                   b.validity_days = 7;
                 },
                 "name-count"},
        LintCase{"common_name_required", "grid-host",
                 [](auto& b, auto&) { b.subject.common_name = ""; }, "common-name"}),
    [](const auto& info) { return info.param.name; });

TEST_F(CertificateTemplateTest, AnInvalidProfileCannotBePrepared) {
  auto bad = Profile("ssl-dv");
  bad.max_validity_days = 800;
  auto t = CertificateTemplate::Prepare(bad, *issuer_, *key_, Urls());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().reason(), core::Reason::kProfileInvalid);
}

}  // namespace
}  // namespace certkeep::pki
