// Self-enrollment settings as core checks them, and which requester addresses a form takes.
#include "core/self_enrollment.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace certkeep::core {
namespace {

SelfEnrollment Ready() {
  return {.is_enabled = true,
          .access_code_hash = "$argon2id$...",
          .server_software = {" Apache ", "nginx", "Apache", ""},
          .ssl_types = {5, 3, 5},
          .allowed_email_domains = {"Uni.Example", "@physics.uni.example", "uni.example"}};
}

TEST(CheckSelfEnrollment, NormalisesTheLists) {
  auto s = CheckSelfEnrollment(Ready());
  ASSERT_TRUE(s) << s.error().detail();
  EXPECT_EQ(s->server_software, (std::vector<std::string>{"Apache", "nginx"}));
  EXPECT_EQ(s->ssl_types, (std::vector<std::int64_t>{3, 5}));
  EXPECT_EQ(s->allowed_email_domains,
            (std::vector<std::string>{"uni.example", "physics.uni.example"}));
  EXPECT_FALSE(s->auto_approve);  // off unless an admin switches it on
}

TEST(CheckSelfEnrollment, EnablingNeedsATypeAndADomain) {
  struct Case {
    std::string name;
    SelfEnrollment s;
  };
  auto no_type = Ready();
  no_type.ssl_types.clear();
  auto no_domain = Ready();
  no_domain.allowed_email_domains.clear();
  auto bad_domain = Ready();
  bad_domain.allowed_email_domains = {"not a domain"};
  auto saml = Ready();
  saml.access_mode = EnrollmentAccessMode::kSaml;
  for (const auto& c : std::vector<Case>{{"fail/no-type", no_type},
                                         {"fail/no-domain", no_domain},
                                         {"fail/bad-domain", bad_domain},
                                         {"fail/saml-not-yet", saml}}) {
    auto r = CheckSelfEnrollment(c.s);
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().code(), ErrorCode::kMalformed) << c.name;
  }
  auto off = no_type;
  off.is_enabled = false;
  EXPECT_TRUE(CheckSelfEnrollment(off));  // switched off, it may be incomplete
  auto no_code = Ready();
  no_code.access_code_hash.clear();
  EXPECT_TRUE(CheckSelfEnrollment(no_code));  // on, but closed until a code is set
}

TEST(EmailDomainAllowed, TheDomainOrANameBelowIt) {
  std::vector<std::string> domains{"uni.example"};
  EXPECT_TRUE(EmailDomainAllowed("jane@uni.example", domains));
  EXPECT_TRUE(EmailDomainAllowed("Jane@Physics.UNI.example", domains));
  EXPECT_FALSE(EmailDomainAllowed("jane@evil-uni.example", domains));
  EXPECT_FALSE(EmailDomainAllowed("jane@uni.example.evil", domains));
  EXPECT_FALSE(EmailDomainAllowed("uni.example", domains));
  EXPECT_FALSE(EmailDomainAllowed("@uni.example", domains));
  EXPECT_FALSE(EmailDomainAllowed("a,b@uni.example", domains));
  EXPECT_FALSE(EmailDomainAllowed("jane@uni.example", {}));
}

}  // namespace
}  // namespace certkeep::core
