// CAA: the evaluation of one record set, case by case, and the climb to that set against a
// real DNS server (dnsmasq, whose --caa-record writes the wire format rather than us).

#include "dcv/caa.h"

#include <gtest/gtest.h>

#include "support/dnsmasq.h"

namespace certkeep::dcv {
namespace {

using V = CaaVerdict;

const std::vector<std::string> kOurs = {"ca.certkeep.test"};

CaaRecord Issue(std::string value) {
  return {0, "issue", std::move(value)};
}
CaaRecord IssueWild(std::string value) {
  return {0, "issuewild", std::move(value)};
}

struct Case {
  const char* name;
  std::vector<CaaRecord> records;
  bool is_wildcard;
  CaaVerdict want;
};

const Case kCases[] = {
    {"ok/empty-set", {}, false, V::kAuthorized},
    {"ok/issue-names-us", {Issue("ca.certkeep.test")}, false, V::kAuthorized},
    {"ok/one-of-several-issue-names-us",
     {Issue("other-ca.example"), Issue("ca.certkeep.test")},
     false,
     V::kAuthorized},
    {"fail/issue-for-another-ca", {Issue("other-ca.example")}, false, V::kNotAuthorized},
    {"fail/empty-issue-authorizes-no-one", {Issue(";")}, false, V::kNotAuthorized},
    {"fail/empty-value-authorizes-no-one", {Issue("")}, false, V::kNotAuthorized},
    {"ok/authorizations-are-additive",
     {Issue(";"), Issue("ca.certkeep.test")},
     false,
     V::kAuthorized},
    {"ok/parameters-after-semicolon-ignored",
     {Issue("ca.certkeep.test; accounturi=https://acme.example/acct/1; validationmethods=dns-01")},
     false,
     V::kAuthorized},
    {"ok/whitespace-around-name-and-parameters",
     {Issue(" \tca.certkeep.test ;  policy=ev ")},
     false,
     V::kAuthorized},
    {"ok/case-and-trailing-dot-ignored", {Issue("CA.CertKeep.TEST.")}, false, V::kAuthorized},
    {"fail/malformed-value-names-no-one", {Issue("%%%%%")}, false, V::kNotAuthorized},
    {"fail/malformed-parameters-name-no-one",
     {Issue("ca.certkeep.test; %%%")},
     false,
     V::kNotAuthorized},
    {"fail/parameter-without-value-sign",
     {Issue("ca.certkeep.test; policy")},
     false,
     V::kNotAuthorized},
    {"fail/text-after-the-name", {Issue("ca.certkeep.test other")}, false, V::kNotAuthorized},
    {"fail/a-suffix-of-our-name-is-not-our-name",
     {Issue("certkeep.test")},
     false,
     V::kNotAuthorized},
    {"ok/wildcard-issuewild-names-us",
     {Issue("other-ca.example"), IssueWild("ca.certkeep.test")},
     true,
     V::kAuthorized},
    {"fail/wildcard-issuewild-overrides-issue",
     {Issue("ca.certkeep.test"), IssueWild("other-ca.example")},
     true,
     V::kNotAuthorized},
    {"fail/wildcard-empty-issuewild-forbids",
     {Issue("ca.certkeep.test"), IssueWild(";")},
     true,
     V::kNotAuthorized},
    {"ok/wildcard-without-issuewild-uses-issue", {Issue("ca.certkeep.test")}, true, V::kAuthorized},
    {"fail/wildcard-without-issuewild-uses-issue",
     {Issue("other-ca.example")},
     true,
     V::kNotAuthorized},
    {"ok/issuewild-ignored-for-non-wildcard",
     {IssueWild("other-ca.example")},
     false,
     V::kAuthorized},
    {"ok/issuewild-ignored-beside-issue-for-non-wildcard",
     {Issue("ca.certkeep.test"), IssueWild(";")},
     false,
     V::kAuthorized},
    {"fail/critical-unknown-tag",
     {Issue("ca.certkeep.test"), {128, "tbs", "unknown"}},
     false,
     V::kUnknownCriticalProperty},
    {"fail/critical-unknown-tag-for-wildcard",
     {IssueWild("ca.certkeep.test"), {128, "tbs", "unknown"}},
     true,
     V::kUnknownCriticalProperty},
    {"ok/non-critical-unknown-tag-ignored",
     {Issue("ca.certkeep.test"), {0, "tbs", "unknown"}},
     false,
     V::kAuthorized},
    {"ok/reserved-flag-bits-are-not-critical", {{1, "tbs", "unknown"}}, false, V::kAuthorized},
    {"ok/critical-known-tag",
     {Issue("ca.certkeep.test"), {128, "iodef", "mailto:a@example.org"}},
     false,
     V::kAuthorized},
    {"ok/only-iodef-restricts-no-one",
     {{0, "iodef", "mailto:a@example.org"}},
     false,
     V::kAuthorized},
    {"ok/only-iodef-restricts-no-one-for-wildcard",
     {{0, "iodef", "mailto:a@example.org"}},
     true,
     V::kAuthorized},
};

TEST(EvaluateCaa, EveryRuleOfRfc8659) {
  for (const auto& c : kCases) {
    EXPECT_EQ(EvaluateCaa(c.records, c.is_wildcard, kOurs), c.want) << c.name;
  }
}

TEST(EvaluateCaa, OurIssuerDomainsCompareWithoutCaseOrTrailingDot) {
  EXPECT_EQ(EvaluateCaa({Issue("ca.certkeep.test")}, false, {"CA.certkeep.test."}), V::kAuthorized);
  EXPECT_EQ(
      EvaluateCaa({Issue("ca2.certkeep.test")}, false, {"ca.certkeep.test", "ca2.certkeep.test"}),
      V::kAuthorized);
}

class CheckCaaTest : public testing::DnsmasqTest {
 protected:
  CheckCaaTest()
      : DnsmasqTest({
            "--caa-record=allowed.test,0,issue,\"ca.certkeep.test; account=1\"",
            "--caa-record=forbidden.test,0,issue,other-ca.example",
            "--caa-record=open.forbidden.test,0,issue,ca.certkeep.test",
            "--caa-record=wild.test,0,issue,ca.certkeep.test",
            "--caa-record=wild.test,0,Issuewild,other-ca.example",
            "--caa-record=critical.test,0,issue,ca.certkeep.test",
            "--caa-record=critical.test,128,tbs,unknown",
            "--dns-rr=malformed.test,257,00:09:69:73",
            "--host-record=www.plain.test,192.0.2.1",
        }) {}
};

TEST_F(CheckCaaTest, FindsTheRecordsOfAParentWhenClimbing) {
  auto ok = CheckCaa(*resolver_, "a.b.allowed.test", kOurs);
  EXPECT_TRUE(ok) << ok.error().detail() << " " << ok.error().internal();
}

TEST_F(CheckCaaTest, RefusesWhenTheRelevantSetNamesAnotherCa) {
  auto refused = CheckCaa(*resolver_, "www.forbidden.test", kOurs);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), core::ErrorCode::kRejectedIdentifier);
  EXPECT_EQ(refused.error().reason(), core::Reason::kCaaForbids);
  EXPECT_EQ(refused.error().detail(),
            "CAA records for forbidden.test do not authorize ca.certkeep.test to issue for "
            "www.forbidden.test");
}

TEST_F(CheckCaaTest, TheClosestSetWinsOverItsParents) {
  auto ok = CheckCaa(*resolver_, "x.open.forbidden.test", kOurs);
  EXPECT_TRUE(ok) << ok.error().detail();
}

TEST_F(CheckCaaTest, AWildcardIsJudgedByIssuewildAtItsBase) {
  auto wildcard = CheckCaa(*resolver_, "*.wild.test", kOurs);
  ASSERT_FALSE(wildcard);
  EXPECT_EQ(wildcard.error().reason(), core::Reason::kCaaForbids);
  EXPECT_NE(wildcard.error().detail().find("CAA records for wild.test "), std::string::npos)
      << wildcard.error().detail();
  auto plain = CheckCaa(*resolver_, "www.wild.test", kOurs);
  EXPECT_TRUE(plain) << plain.error().detail();
}

TEST_F(CheckCaaTest, RefusesACriticalPropertyItDoesNotKnow) {
  auto refused = CheckCaa(*resolver_, "critical.test", kOurs);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason(), core::Reason::kCaaForbids);
}

TEST_F(CheckCaaTest, NoCaaAnywhereAllowsIssuance) {
  for (const char* name : {"www.plain.test", "a.b.nothing.test", "*.nothing.test"}) {
    auto ok = CheckCaa(*resolver_, name, kOurs);
    EXPECT_TRUE(ok) << name << ": " << ok.error().detail() << " " << ok.error().internal();
  }
}

TEST_F(CheckCaaTest, AMalformedRecordIsALookupFailure) {
  auto failed = CheckCaa(*resolver_, "www.malformed.test", kOurs);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code(), core::ErrorCode::kUnavailable);
  EXPECT_EQ(failed.error().reason(), core::Reason::kDnsFailure);
}

TEST(CheckCaa, ALookupFailureRefusesIssuance) {
  auto r = MakeUnboundResolver({.forwarder = "127.0.0.1@1",
                                .insecure_domains = {"test"},
                                .timeout = std::chrono::milliseconds(300)});
  ASSERT_TRUE(r);
  auto failed = CheckCaa(**r, "www.allowed.test", kOurs);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code(), core::ErrorCode::kUnavailable);
  EXPECT_EQ(failed.error().reason(), core::Reason::kDnsFailure);
  EXPECT_EQ(failed.error().detail(), "CAA lookup failed for www.allowed.test");
}

TEST(CheckCaa, NoIssuerDomainSkipsTheCheckWithoutDns) {
  // A resolver that could only fail: any lookup would show.
  auto r = MakeUnboundResolver({.forwarder = "127.0.0.1@1",
                                .insecure_domains = {"test"},
                                .timeout = std::chrono::milliseconds(300)});
  ASSERT_TRUE(r);
  EXPECT_TRUE(CheckCaa(**r, "www.forbidden.test", {}));
}

}  // namespace
}  // namespace certkeep::dcv
