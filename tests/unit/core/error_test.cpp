#include "core/error.h"

#include <gtest/gtest.h>

#include "core/result.h"

namespace certkeep::core {
namespace {

TEST(Error, KeepsDetailAndInternalApart) {
  Error e(ErrorCode::kNotFound, Reason::kRouteNotFound, "no such thing", "table x empty");
  EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  EXPECT_EQ(e.reason(), Reason::kRouteNotFound);
  EXPECT_EQ(e.detail(), "no such thing");
  EXPECT_EQ(e.internal(), "table x empty");
}

TEST(Error, ContextPrefixesOnlyTheInternalText) {
  Error e = Error(ErrorCode::kInternal, Reason::kStoreQuery, "internal error", "disk full")
                .Context("writing audit");
  EXPECT_EQ(e.detail(), "internal error");
  EXPECT_EQ(e.internal(), "writing audit: disk full");
}

TEST(Error, ContextKeepsTheRetryTimeAndTheSubproblems) {
  Error part(ErrorCode::kRejectedIdentifier, Reason::kAcmeIdentifierNotAllowed, "not ours");
  Error e = Error(ErrorCode::kRejectedIdentifier, Reason::kAcmeIdentifierNotAllowed, "two")
                .WithRetryAfter(std::chrono::seconds(30))
                .WithSubproblems({{"a.example", part}, {"b.example", part}})
                .Context("newOrder");
  EXPECT_EQ(e.retry_after(), std::chrono::seconds(30));
  ASSERT_EQ(e.subproblems().size(), 2u);
  EXPECT_EQ(e.subproblems()[1].identifier, "b.example");
  EXPECT_EQ(e.subproblems()[1].error.detail(), "not ours");
  EXPECT_TRUE(Error(ErrorCode::kInternal, Reason::kStoreQuery, "x").subproblems().empty());
}

TEST(Error, InternalErrorHidesTheCauseFromClients) {
  Error e = InternalError(Reason::kCryptoFailure, "EVP_DigestSign failed");
  EXPECT_EQ(e.code(), ErrorCode::kInternal);
  EXPECT_EQ(e.detail(), "internal error");
  EXPECT_EQ(e.internal(), "EVP_DigestSign failed");
}

TEST(Result, CarriesValueOrError) {
  auto ok = []() -> Result<int> { return 7; }();
  auto bad = []() -> Result<int> { return Fail(ErrorCode::kMalformed, Reason::kBadJson, "bad"); }();
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 7);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason(), Reason::kBadJson);
}

TEST(ErrorCode, EveryCodeHasAName) {
  for (int c = 0; c <= static_cast<int>(ErrorCode::kInternal); ++c) {
    EXPECT_NE(ToString(static_cast<ErrorCode>(c)), "Unknown") << c;
  }
}

}  // namespace
}  // namespace certkeep::core
