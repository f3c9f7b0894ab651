#include "core/ssl_certificate.h"

#include <gtest/gtest.h>

namespace certkeep::core {
namespace {

using E = SslEvent;
using S = SslStatus;

constexpr S kAllStatuses[] = {S::kRequested, S::kApproved, S::kApplied, S::kIssued,  S::kDeclined,
                              S::kRejected,  S::kInvalid,  S::kRevoked, S::kExpired, S::kReplaced};

TEST(SslTransition, EveryRowOfTheTableIsAcceptedAndLeadsToItsStatus) {
  ASSERT_FALSE(SslTransitions().empty());
  for (const auto& row : SslTransitions()) {
    auto to = SslTransition(row.from, row.event);
    ASSERT_TRUE(to) << ToString(row.event) << " from " << ToString(row.from) << ": "
                    << to.error().detail();
    EXPECT_EQ(*to, row.to) << ToString(row.event) << " from " << ToString(row.from);
  }
}

TEST(SslTransition, WhatTheTableDoesNotListIsAConflict) {
  struct Case {
    const char* name;
    S from;
    E event;
  };
  const Case cases[] = {
      {"fail/approve-issued", S::kIssued, E::kApprove},
      {"fail/revoke-requested", S::kRequested, E::kRevoke},
      {"fail/decline-applied", S::kApplied, E::kDecline},
      {"fail/issue-requested", S::kRequested, E::kIssue},
      {"fail/revoke-revoked", S::kRevoked, E::kRevoke},
      {"fail/edit-issued", S::kIssued, E::kEdit},
      {"fail/expire-replaced", S::kReplaced, E::kExpire},
      {"fail/apply-requested", S::kRequested, E::kApply},
  };
  for (const auto& c : cases) {
    auto to = SslTransition(c.from, c.event);
    ASSERT_FALSE(to) << c.name;
    EXPECT_EQ(to.error().code(), ErrorCode::kConflict) << c.name;
    EXPECT_EQ(to.error().reason(), Reason::kSslBadTransition) << c.name;
    // The detail names both, so the client sees what it tried on what.
    EXPECT_NE(to.error().detail().find(std::string(ToString(c.from))), std::string::npos) << c.name;
    EXPECT_NE(to.error().detail().find(std::string(ToString(c.event))), std::string::npos)
        << c.name;
  }
}

TEST(SslStatus, EveryStatusRoundTripsThroughItsScmWord) {
  for (auto status : kAllStatuses) {
    auto word = ToString(status);
    EXPECT_EQ(ParseSslStatus(word), status) << word;
  }
  EXPECT_EQ(ToString(S::kRequested), "Requested");
  EXPECT_EQ(ToString(S::kIssued), "Issued");
}

TEST(SslStatus, WordsSCMDoesNotUseDoNotParse) {
  EXPECT_EQ(ParseSslStatus("SAApproved"), std::nullopt);
  EXPECT_EQ(ParseSslStatus("issued"), std::nullopt);  // SCM's words are case-exact
  EXPECT_EQ(ParseSslStatus(""), std::nullopt);
}

}  // namespace
}  // namespace certkeep::core
