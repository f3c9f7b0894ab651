#include "http/router.h"

#include <gtest/gtest.h>

namespace certkeep::http {
namespace {

Request Make(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.target = r.path;
  return r;
}

Response Shaped(const core::Error& e, const Request&) {
  return Response::Json(StatusFor(e), "{\"shaped\":\"" + e.detail() + "\"}");
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/api/ssl/v1/types",
                [](Request&) -> core::Result<Response> { return Response::Text(200, "types"); });
    router_.Add("GET", "/api/ssl/v1/{sslId}", [](Request& r) -> core::Result<Response> {
      return Response::Text(200, "cert " + r.path_params.at("sslId"));
    });
    router_.Add("POST", "/api/ssl/v1/{sslId}", [](Request&) -> core::Result<Response> {
      return core::Fail(core::ErrorCode::kConflict, core::Reason::kUnspecified, "taken");
    });
    router_.Mount("/api", Shaped);
  }
  Response Run(std::string method, std::string path) {
    auto r = Make(std::move(method), std::move(path));
    return router_.Dispatch(r, router_.Find(r));
  }
  Router router_;
};

TEST_F(RouterTest, ExactSegmentsWinOverCaptureInTableOrder) {
  EXPECT_EQ(Run("GET", "/api/ssl/v1/types").body, "types");
  EXPECT_EQ(Run("GET", "/api/ssl/v1/42").body, "cert 42");
}

TEST_F(RouterTest, ReportsTheRoutePatternNotThePath) {
  auto r = Make("GET", "/api/ssl/v1/42");
  EXPECT_EQ(router_.Find(r).route, "/api/ssl/v1/{sslId}");
}

TEST_F(RouterTest, HeadIsServedByGet) {
  EXPECT_EQ(Run("HEAD", "/api/ssl/v1/types").status, 200);
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  auto r = Run("DELETE", "/api/ssl/v1/42");
  EXPECT_EQ(r.status, 405);
  bool has_allow = false;
  for (auto& [k, v] : r.headers) {
    if (k == "Allow") {
      has_allow = true;
      EXPECT_EQ(v, "GET, POST");
    }
  }
  EXPECT_TRUE(has_allow);
  EXPECT_NE(r.body.find("shaped"), std::string::npos);
}

TEST_F(RouterTest, UnknownPathUnderAMountIs404InTheMountsShape) {
  auto r = Run("GET", "/api/nothing/here");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("\"shaped\""), std::string::npos);
}

TEST_F(RouterTest, MountMatchesWholeSegmentsOnly) {
  auto r = Run("GET", "/apix");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("shaped"), std::string::npos);  // plain text outside /api
}

TEST_F(RouterTest, HandlerErrorsAreRenderedByTheMount) {
  auto r = Run("POST", "/api/ssl/v1/7");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, "{\"shaped\":\"taken\"}");
}

TEST(Router, ARestCaptureTakesTheRemainingSegments) {
  Router router;
  router.Add("GET", "/ocsp/{request...}", [](Request& r) -> core::Result<Response> {
    return Response::Text(200, r.path_params.at("request"));
  });
  Request r;
  r.method = "GET";
  r.path = "/ocsp/MEow/ab+c/d";
  auto response = router.Dispatch(r, router.Find(r));
  EXPECT_EQ(response.body, "MEow/ab+c/d");
  r.path = "/ocsp/";
  EXPECT_EQ(router.Dispatch(r, router.Find(r)).status, 404);
}

TEST_F(RouterTest, EmptyCaptureDoesNotMatch) {
  EXPECT_EQ(Run("GET", "/api/ssl/v1/").status, 404);
}

TEST(StatusFor, MapsEveryClass) {
  using core::ErrorCode;
  auto status = [](ErrorCode c) {
    return StatusFor(core::Error(c, core::Reason::kUnspecified, ""));
  };
  EXPECT_EQ(status(ErrorCode::kNotFound), 404);
  EXPECT_EQ(status(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(status(ErrorCode::kForbidden), 403);
  EXPECT_EQ(status(ErrorCode::kMalformed), 400);
  EXPECT_EQ(status(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(status(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(status(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(status(ErrorCode::kInternal), 500);
}

TEST_F(RouterTest, FallbackAnswersUnmatchedGetsOutsideEveryMount) {
  router_.Fallback([](Request& r) -> core::Result<Response> {
    return Response::Text(200, "site " + r.path);
  });
  EXPECT_EQ(Run("GET", "/certificates/ssl").body, "site /certificates/ssl");
  EXPECT_EQ(Run("HEAD", "/").status, 200);
  // /api keeps its own 404 and 405; other methods never reach the site.
  auto api = Run("GET", "/api/nothing/here");
  EXPECT_EQ(api.status, 404);
  EXPECT_NE(api.body.find("shaped"), std::string::npos);
  EXPECT_EQ(Run("DELETE", "/api/ssl/v1/42").status, 405);
  EXPECT_EQ(Run("POST", "/certificates/ssl").status, 404);
}

TEST_F(RouterTest, FallbackErrorsAreRenderedAsPlainText) {
  router_.Fallback([](Request&) -> core::Result<Response> {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kRouteNotFound, "no file");
  });
  auto r = Run("GET", "/missing.js");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "no file\n");
}

}  // namespace
}  // namespace certkeep::http
