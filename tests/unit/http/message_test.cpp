#include "http/message.h"

#include <gtest/gtest.h>

namespace certkeep::http {
namespace {

TEST(PercentDecode, DecodesAndRejectsBrokenEscapes) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(PercentDecode("100%"), std::nullopt);
  EXPECT_EQ(PercentDecode("%4"), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz"), std::nullopt);
  EXPECT_EQ(PercentDecode("plain+text"), "plain+text");
}

TEST(Request, HeadersAreCaseInsensitive) {
  Request r;
  r.headers = {{"customeruri", "demo"}, {"login", "a"}};
  EXPECT_EQ(r.Header("customerUri"), "demo");
  EXPECT_EQ(r.Header("LOGIN"), "a");
  EXPECT_EQ(r.Header("password"), std::nullopt);
}

TEST(Request, QueryParamsDecode) {
  Request r;
  r.query = "size=10&position=0&name=a%40b.test&flag&q=x+y";
  EXPECT_EQ(r.QueryParam("size"), "10");
  EXPECT_EQ(r.QueryParam("name"), "a@b.test");
  EXPECT_EQ(r.QueryParam("flag"), "");
  EXPECT_EQ(r.QueryParam("q"), "x y");
  EXPECT_EQ(r.QueryParam("missing"), std::nullopt);
}

TEST(Response, SetHeaderReplaces) {
  auto r = Response::Json(200, "{}");
  r.SetHeader("content-type", "application/problem+json");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "application/problem+json");
}

TEST(ReasonPhrase, KnowsTheStatusesWeSend) {
  EXPECT_EQ(ReasonPhrase(413), "Content Too Large");
  EXPECT_EQ(ReasonPhrase(431), "Request Header Fields Too Large");
}

}  // namespace
}  // namespace certkeep::http
