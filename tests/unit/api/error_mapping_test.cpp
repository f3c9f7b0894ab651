#include "api/error_mapping.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace certkeep::api {
namespace {

using core::Error;
using core::ErrorCode;
using core::Reason;

struct Case {
  std::string name;
  Error error;
  int status;
  int code;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class MapToScmTest : public ::testing::TestWithParam<Case> {};

TEST_P(MapToScmTest, GivesTheStatusAndScmCode) {
  auto scm = MapToScm(GetParam().error);
  EXPECT_EQ(scm.status, GetParam().status);
  EXPECT_EQ(scm.code, GetParam().code);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MapToScmTest,
    ::testing::Values(
        Case{"unauthenticated",
             Error(ErrorCode::kUnauthenticated, Reason::kUnspecified, "Unknown user"), 401, -16},
        Case{"forbidden", Error(ErrorCode::kForbidden, Reason::kUnspecified, "no"), 403, -3},
        Case{"route_not_found", Error(ErrorCode::kNotFound, Reason::kRouteNotFound, "x"), 404, -1},
        Case{"method_not_allowed", Error(ErrorCode::kMalformed, Reason::kMethodNotAllowed, "x"),
             405, -1},
        Case{"bad_json", Error(ErrorCode::kMalformed, Reason::kBadJson, "x"), 400, -1601},
        Case{"bad_csr", Error(ErrorCode::kBadCsr, Reason::kUnspecified, "x"), 400, -10},
        Case{"dcv_incomplete", Error(ErrorCode::kDcvIncomplete, Reason::kUnspecified, "x"), 400,
             -107},
        Case{"body_too_large", Error(ErrorCode::kPayloadTooLarge, Reason::kBodyTooLarge, "x"), 413,
             -1},
        Case{"unavailable", Error(ErrorCode::kUnavailable, Reason::kStoreUnavailable, "x"), 503,
             -195},
        Case{"internal", Error(ErrorCode::kInternal, Reason::kStoreQuery, "internal error"), 500,
             -1}),
    [](const auto& info) { return info.param.name; });

TEST(RenderScmError, WritesCodeAndDescriptionOnly) {
  http::Request request;
  auto r = RenderScmError(Error(ErrorCode::kInternal, Reason::kStoreQuery, "internal error",
                                "SELECT failed: password=hunter2"),
                          request);
  EXPECT_EQ(r.status, 500);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body, (nlohmann::json{{"code", -1}, {"description", "internal error"}}));
  EXPECT_EQ(r.headers.at(0).second, "application/json");
}

TEST(RenderScmError, EscapesWhatTheClientSent) {
  http::Request request;
  auto r = RenderScmError(
      Error(ErrorCode::kNotFound, Reason::kRouteNotFound, "no such resource: /api/\"x\"\n\xff"),
      request);
  auto body = nlohmann::json::parse(r.body);  // must stay valid JSON
  EXPECT_EQ(body["code"], -1);
}

}  // namespace
}  // namespace certkeep::api
