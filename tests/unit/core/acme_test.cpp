#include "core/acme.h"

#include <gtest/gtest.h>

namespace certkeep::core {
namespace {

using S = AcmeStatus;

TEST(OrderStatusFrom, FollowsItsAuthorizations) {
  struct Case {
    const char* name;
    S current;
    std::vector<S> authorizations;
    S want;
  };
  const Case cases[] = {
      {"pending/all-pending", S::kPending, {S::kPending, S::kPending}, S::kPending},
      {"pending/some-valid", S::kPending, {S::kValid, S::kPending}, S::kPending},
      {"ready/all-valid", S::kPending, {S::kValid, S::kValid}, S::kReady},
      {"ready/stays-ready", S::kReady, {S::kValid}, S::kReady},
      {"pending/no-authorizations", S::kPending, {}, S::kPending},
      // RFC 8555 §7.1.6: any authorization in a final state other than valid.
      {"invalid/one-invalid", S::kPending, {S::kValid, S::kInvalid}, S::kInvalid},
      {"invalid/one-expired", S::kPending, {S::kPending, S::kExpired}, S::kInvalid},
      {"invalid/one-deactivated", S::kReady, {S::kValid, S::kDeactivated}, S::kInvalid},
      {"invalid/one-revoked", S::kPending, {S::kRevoked}, S::kInvalid},
      // Past pending/ready an order keeps its status whatever its authorizations say.
      {"keeps/processing", S::kProcessing, {S::kInvalid}, S::kProcessing},
      {"keeps/valid", S::kValid, {S::kExpired}, S::kValid},
      {"keeps/invalid", S::kInvalid, {S::kValid}, S::kInvalid},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(OrderStatusFrom(c.current, c.authorizations), c.want) << c.name;
  }
}

TEST(OrderStatusAt, APendingOrReadyOrderPastItsExpiryIsInvalid) {
  auto expires = FromUnixSeconds(1'800'000'000);
  struct Case {
    const char* name;
    S status;
    TimePoint now;
    S want;
  };
  const Case cases[] = {
      {"pending/before-expiry", S::kPending, expires - std::chrono::seconds(1), S::kPending},
      {"pending/at-expiry", S::kPending, expires, S::kInvalid},
      {"ready/after-expiry", S::kReady, expires + std::chrono::hours(1), S::kInvalid},
      {"ready/before-expiry", S::kReady, expires - std::chrono::hours(1), S::kReady},
      {"processing/after-expiry", S::kProcessing, expires + std::chrono::hours(1), S::kProcessing},
      {"valid/after-expiry", S::kValid, expires + std::chrono::hours(1), S::kValid},
  };
  for (const auto& c : cases) {
    AcmeOrder order{.status = c.status, .expires = expires};
    EXPECT_EQ(OrderStatusAt(order, c.now), c.want) << c.name;
  }
}

TEST(AuthorizationStatusAt, APendingOrValidAuthorizationPastItsExpiryIsExpired) {
  auto expires = FromUnixSeconds(1'800'000'000);
  struct Case {
    const char* name;
    S status;
    TimePoint now;
    S want;
  };
  const Case cases[] = {
      {"pending/before-expiry", S::kPending, expires - std::chrono::seconds(1), S::kPending},
      {"pending/at-expiry", S::kPending, expires, S::kExpired},
      {"valid/before-expiry", S::kValid, expires - std::chrono::seconds(1), S::kValid},
      {"valid/after-expiry", S::kValid, expires + std::chrono::hours(1), S::kExpired},
      {"invalid/after-expiry", S::kInvalid, expires + std::chrono::hours(1), S::kInvalid},
      {"deactivated/after-expiry", S::kDeactivated, expires + std::chrono::hours(1),
       S::kDeactivated},
  };
  for (const auto& c : cases) {
    AcmeAuthorization authz{.status = c.status, .expires = expires};
    EXPECT_EQ(AuthorizationStatusAt(authz, c.now), c.want) << c.name;
  }
}

// Every value has a word, and the word reads back as the value; unknown words are none.
template <typename E, typename Parse>
void ExpectRoundTrips(std::initializer_list<E> values, Parse parse,
                      std::initializer_list<const char*> words) {
  auto word = words.begin();
  for (auto v : values) {
    ASSERT_NE(word, words.end());
    EXPECT_EQ(ToString(v), *word);
    EXPECT_EQ(parse(*word), v) << *word;
    ++word;
  }
  EXPECT_FALSE(parse("").has_value());
  EXPECT_FALSE(parse("Valid").has_value());  // RFC 8555's words are lower case
}

TEST(AcmeWords, RoundTrip) {
  using E = ExternalAccountStatus;
  ExpectRoundTrips({E::kPending, E::kValid, E::kDeactivated}, ParseExternalAccountStatus,
                   {"pending", "valid", "deactivated"});
  using A = AcmeAccountStatus;
  ExpectRoundTrips({A::kValid, A::kDeactivated, A::kRevoked}, ParseAcmeAccountStatus,
                   {"valid", "deactivated", "revoked"});
  ExpectRoundTrips(
      {S::kPending, S::kReady, S::kProcessing, S::kValid, S::kInvalid, S::kExpired, S::kDeactivated,
       S::kRevoked},
      ParseAcmeStatus,
      {"pending", "ready", "processing", "valid", "invalid", "expired", "deactivated", "revoked"});
  using C = ChallengeType;
  ExpectRoundTrips({C::kHttp01, C::kDns01, C::kTlsAlpn01}, ParseChallengeType,
                   {"http-01", "dns-01", "tls-alpn-01"});
}

}  // namespace
}  // namespace certkeep::core
