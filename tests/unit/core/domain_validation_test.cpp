#include "core/domain_validation.h"

#include <gtest/gtest.h>

namespace certkeep::core {
namespace {

using P = DomainPrivilege;

const TimePoint kNow = FromUnixSeconds(1'800'000'000);
const OrgId kDept{11}, kOtherDept{12};

Domain Row(std::string name, std::set<P> privileges, bool active = true,
           DelegationStatus status = DelegationStatus::kActive, OrgId org = kDept,
           std::set<CertType> types = {CertType::kSsl}) {
  return {.id = DomainId{1},
          .customer_id = CustomerId{1},
          .name = std::move(name),
          .active = active,
          .delegations = {{.org_id = org,
                           .cert_types = std::move(types),
                           .privileges = std::move(privileges),
                           .status = status}}};
}

DomainValidation Validated(std::string name, DcvMethod method, int days_left = 100) {
  return {.proved_name = std::move(name),
          .method = method,
          .validated_at = kNow - std::chrono::days(10),
          .expires_at = kNow + std::chrono::days(days_left)};
}

struct Case {
  const char* name;
  std::vector<Domain> domains;
  std::vector<DomainValidation> validations;
  OrgId org;
  CertType type;
  std::string requested;
  std::optional<Reason> refusal;  // nullopt: issued
};

const std::set<P> kAll = {P::kDomain, P::kSubdomain, P::kWildcard1stLevel, P::kWildcard2ndLevel};

TEST(CheckIssuanceGate, EveryCase) {
  const Case cases[] = {
      {"ok/exact",
       {Row("example.org", {P::kDomain})},
       {Validated("example.org", DcvMethod::kTxt)},
       kDept,
       CertType::kSsl,
       "example.org",
       {}},
      {"ok/subdomain-of-dns-validated-parent",
       {Row("example.org", {P::kSubdomain})},
       {Validated("example.org", DcvMethod::kCname)},
       kDept,
       CertType::kSsl,
       "a.example.org",
       {}},
      {"ok/deeper-subdomain",
       {Row("example.org", {P::kSubdomain})},
       {Validated("example.org", DcvMethod::kEmail)},
       kDept,
       CertType::kSsl,
       "b.a.example.org",
       {}},
      {"ok/wildcard-1st-level",
       {Row("example.org", kAll)},
       {Validated("example.org", DcvMethod::kTxt)},
       kDept,
       CertType::kSsl,
       "*.example.org",
       {}},
      {"ok/wildcard-2nd-level",
       {Row("example.org", kAll)},
       {Validated("example.org", DcvMethod::kTxt)},
       kDept,
       CertType::kSsl,
       "*.a.example.org",
       {}},
      {"ok/wildcard-row-as-the-seed-adds-it",
       {Row("example.org", {P::kDomain}), Row("*.example.org", {P::kWildcard1stLevel})},
       {Validated("example.org", DcvMethod::kTxt)},
       kDept,
       CertType::kSsl,
       "*.example.org",
       {}},
      {"ok/http-validated-exact-host",
       {Row("www.example.org", {P::kDomain})},
       {Validated("www.example.org", DcvMethod::kHttp)},
       kDept,
       CertType::kSsl,
       "www.example.org",
       {}},
      {"fail/http-validated-parent-does-not-cover-subdomain",
       {Row("example.org", {P::kSubdomain})},
       {Validated("example.org", DcvMethod::kHttps)},
       kDept,
       CertType::kSsl,
       "a.example.org",
       Reason::kDcvIncomplete},
      {"fail/http-validation-never-covers-a-wildcard",
       {Row("example.org", kAll)},
       {Validated("example.org", DcvMethod::kHttp)},
       kDept,
       CertType::kSsl,
       "*.example.org",
       Reason::kDcvIncomplete},
      {"fail/expired-validation",
       {Row("example.org", {P::kDomain})},
       {Validated("example.org", DcvMethod::kTxt, -1)},
       kDept,
       CertType::kSsl,
       "example.org",
       Reason::kDcvIncomplete},
      {"fail/no-validation",
       {Row("example.org", {P::kDomain})},
       {},
       kDept,
       CertType::kSsl,
       "example.org",
       Reason::kDcvIncomplete},
      {"fail/suspended-domain",
       {Row("example.org", {P::kDomain}, false)},
       {Validated("example.org", DcvMethod::kTxt)},
       kDept,
       CertType::kSsl,
       "example.org",
       Reason::kNameNotDelegated},
      {"fail/unapproved-delegation",
       {Row("example.org", {P::kDomain}, true, DelegationStatus::kRequested)},
       {Validated("example.org", DcvMethod::kTxt)},
       kDept,
       CertType::kSsl,
       "example.org",
       Reason::kNameNotDelegated},
      {"fail/other-department",
       {Row("example.org", {P::kDomain}, true, DelegationStatus::kActive, kOtherDept)},
       {Validated("example.org", DcvMethod::kTxt)},
       kDept,
       CertType::kSsl,
       "example.org",
       Reason::kNameNotDelegated},
      {"fail/other-certificate-type",
       {Row("example.org", {P::kDomain}, true, DelegationStatus::kActive, kDept,
            {CertType::kSmime})},
       {Validated("example.org", DcvMethod::kTxt)},
       kDept,
       CertType::kSsl,
       "example.org",
       Reason::kNameNotDelegated},
      {"fail/subdomain-without-the-privilege",
       {Row("example.org", {P::kDomain})},
       {Validated("example.org", DcvMethod::kTxt)},
       kDept,
       CertType::kSsl,
       "a.example.org",
       Reason::kNameNotDelegated},
      {"fail/wildcard-without-a-wildcard-privilege",
       {Row("example.org", {P::kDomain, P::kSubdomain})},
       {Validated("example.org", DcvMethod::kTxt)},
       kDept,
       CertType::kSsl,
       "*.example.org",
       Reason::kNameNotDelegated},
  };
  for (const auto& c : cases) {
    auto r = CheckIssuanceGate(c.domains, c.validations, c.org, c.type, {c.requested}, kNow);
    if (!c.refusal) {
      EXPECT_TRUE(r) << c.name << ": " << r.error().detail();
    } else {
      ASSERT_FALSE(r) << c.name;
      EXPECT_EQ(r.error().reason(), *c.refusal) << c.name << ": " << r.error().detail();
    }
  }
}

TEST(CheckIssuanceGate, EveryNameMustPassAndTheFirstFailureIsNamed) {
  std::vector<Domain> domains{Row("example.org", kAll)};
  std::vector<DomainValidation> validations{Validated("example.org", DcvMethod::kTxt)};
  EXPECT_TRUE(CheckIssuanceGate(domains, validations, kDept, CertType::kSsl,
                                {"example.org", "www.example.org", "*.example.org"}, kNow));
  auto r = CheckIssuanceGate(domains, validations, kDept, CertType::kSsl,
                             {"www.example.org", "www.example.com"}, kNow);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail().find("www.example.com"), std::string::npos);
}

TEST(DescribeCoverage, SaysWhichNamesAValidationCovers) {
  EXPECT_EQ(DescribeCoverage(Validated("example.org", DcvMethod::kTxt)),
            "example.org, every name below it and their wildcards");
  EXPECT_EQ(DescribeCoverage(Validated("www.example.org", DcvMethod::kHttp)),
            "www.example.org only (a file check proves one host)");
  EXPECT_EQ(ParseDcvMethod("CNAME_CSR_HASH"), DcvMethod::kCname);
}

TEST(ValidationOf, SaysValidatedExpiredOrNotValidatedAndWhichValidationDecides) {
  struct StateCase {
    const char* name;
    std::vector<DomainValidation> validations;
    std::string asked;
    ValidationState want;
  };
  const StateCase cases[] = {
      {"nothing recorded", {}, "example.org", ValidationState::kNotValidated},
      {"DNS validation of the name",
       {Validated("example.org", DcvMethod::kTxt)},
       "example.org",
       ValidationState::kValidated},
      {"subdomain of a DNS-validated name (validated at once)",
       {Validated("example.org", DcvMethod::kCname)},
       "new.example.org",
       ValidationState::kValidated},
      {"wildcard below an email-validated name",
       {Validated("example.org", DcvMethod::kEmail)},
       "*.example.org",
       ValidationState::kValidated},
      {"subdomain of an HTTP-validated host",
       {Validated("example.org", DcvMethod::kHttp)},
       "www.example.org",
       ValidationState::kNotValidated},
      {"wildcard of an HTTPS-validated host",
       {Validated("example.org", DcvMethod::kHttps)},
       "*.example.org",
       ValidationState::kNotValidated},
      {"lapsed validation",
       {Validated("example.org", DcvMethod::kTxt, -1)},
       "www.example.org",
       ValidationState::kExpired},
      {"a live one beats a lapsed one",
       {Validated("example.org", DcvMethod::kTxt, -1),
        Validated("www.example.org", DcvMethod::kHttp)},
       "www.example.org",
       ValidationState::kValidated},
      {"another domain's validation",
       {Validated("example.com", DcvMethod::kTxt)},
       "example.org",
       ValidationState::kNotValidated},
  };
  for (const auto& c : cases) {
    auto v = ValidationOf(c.validations, c.asked, kNow);
    EXPECT_EQ(v.state, c.want) << c.name;
    EXPECT_EQ(v.by != nullptr, c.want != ValidationState::kNotValidated) << c.name;
  }
  EXPECT_EQ(ToString(ValidationState::kExpired), "EXPIRED");
  EXPECT_EQ(ToString(DcvOrderState::kStarted), "NOT_INITIATED");
  EXPECT_EQ(OrderModeName(DcvMethod::kTxt), "TXT");
  EXPECT_EQ(ParseOrderMode("HTTPS"), DcvMethod::kHttps);
}

}  // namespace
}  // namespace certkeep::core
