#include "core/domain_coverage.h"

#include <gtest/gtest.h>

namespace certkeep::core {
namespace {

using P = DomainPrivilege;

struct Case {
  const char* name;
  const char* row;
  const char* requested;
  std::optional<DomainPrivilege> needed;
};

// Every row of the coverage table, and what falls outside it.
const Case kCases[] = {
    {"ok/exact", "example.org", "example.org", P::kDomain},
    {"ok/subdomain", "example.org", "a.example.org", P::kSubdomain},
    {"ok/deeper-subdomain", "example.org", "b.a.example.org", P::kSubdomain},
    {"ok/wildcard-1st-level", "example.org", "*.example.org", P::kWildcard1stLevel},
    {"ok/wildcard-2nd-level", "example.org", "*.a.example.org", P::kWildcard2ndLevel},
    {"ok/wildcard-row-itself", "*.example.org", "*.example.org", P::kWildcard1stLevel},
    {"ok/wildcard-row-subdomain", "*.example.org", "a.example.org", P::kSubdomain},
    {"ok/wildcard-row-deeper-subdomain", "*.example.org", "b.a.example.org", P::kSubdomain},
    {"none/wildcard-row-does-not-hold-its-base", "*.example.org", "example.org", std::nullopt},
    {"none/wildcard-row-no-2nd-level", "*.example.org", "*.a.example.org", std::nullopt},
    {"none/wildcard-3rd-level", "example.org", "*.b.a.example.org", std::nullopt},
    {"none/parent-of-row", "a.example.org", "example.org", std::nullopt},
    {"none/wildcard-above-row", "a.example.org", "*.example.org", std::nullopt},
    {"none/suffix-is-not-a-label", "example.org", "badexample.org", std::nullopt},
    {"none/suffix-wildcard-is-not-a-label", "example.org", "*.badexample.org", std::nullopt},
    {"none/other-domain", "example.org", "example.com", std::nullopt},
    {"none/empty", "example.org", "", std::nullopt},
};

TEST(NeededPrivilege, EveryRowOfTheCoverageTable) {
  for (const auto& c : kCases) {
    EXPECT_EQ(NeededPrivilege(c.row, c.requested), c.needed) << c.name;
  }
}

TEST(Covers, NeedsTheExactPrivilegeTheNameCallsFor) {
  EXPECT_TRUE(Covers("example.org", {P::kSubdomain}, "b.a.example.org"));
  EXPECT_FALSE(Covers("example.org", {P::kSubdomain}, "example.org"));
  EXPECT_FALSE(Covers("example.org", {P::kDomain, P::kSubdomain}, "*.example.org"));
  EXPECT_TRUE(Covers("example.org", {P::kWildcard1stLevel}, "*.example.org"));
  EXPECT_FALSE(Covers("example.org", {P::kWildcard1stLevel}, "*.a.example.org"));
  EXPECT_FALSE(Covers("example.org", {}, "example.org"));
}

TEST(ParseDomainVocabulary, ReadsScmSpellings) {
  EXPECT_EQ(ParseDomainPrivilege("WILDCARD_2ND_LEVEL"), P::kWildcard2ndLevel);
  EXPECT_FALSE(ParseDomainPrivilege("wildcard"));
  EXPECT_EQ(ParseCertType("CodeSign"), CertType::kCodeSigning);
  EXPECT_FALSE(ParseCertType("Device"));
}

}  // namespace
}  // namespace certkeep::core
