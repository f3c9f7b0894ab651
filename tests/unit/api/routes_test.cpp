#include "api/routes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace certkeep::api {
namespace {

// A store whose health can be switched: the only thing /healthz asks of it.
class SwitchableStore final : public store::Store {
 public:
  bool up = true;
  core::Result<void> RunInTransaction(
      const std::function<core::Result<void>(store::Transaction&)>&) override {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kStoreUnavailable, "down");
  }
  core::Result<void> RunInReadTransaction(
      const std::function<core::Result<void>(store::Transaction&)>& work) override {
    return RunInTransaction(work);
  }
  core::Result<void> Ping() override {
    if (up) return core::Ok();
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kStoreUnavailable,
                      "the store cannot be reached", "connection refused to db:5432");
  }
  core::Result<int> SchemaVersion() override { return 1; }
  std::string_view backend() const override { return "switchable"; }
};

class RoutesTest : public ::testing::Test {
 protected:
  RoutesTest() : health_(store_) { AddRoutes(router_, {.health = health_, .metrics = metrics_}); }
  http::Response Get(const std::string& path) {
    http::Request r;
    r.method = "GET";
    r.path = path;
    r.target = path;
    return router_.Dispatch(r, router_.Find(r));
  }
  SwitchableStore store_;
  service::HealthCheck health_;
  http::Metrics metrics_;
  http::Router router_;
};

TEST_F(RoutesTest, HealthzIsOkWhileTheStoreAnswers) {
  auto r = Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(nlohmann::json::parse(r.body)["status"], "ok");
}

TEST_F(RoutesTest, HealthzIs503WhenTheStoreDoesNotAnswer) {
  store_.up = false;
  auto r = Get("/healthz");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(nlohmann::json::parse(r.body)["status"], "unavailable");
  EXPECT_EQ(r.body.find("5432"), std::string::npos);  // no internals to the client
}

TEST_F(RoutesTest, MetricsServesPrometheusText) {
  metrics_.Observe("/healthz", "GET", 200, 0.001);
  auto r = Get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("certkeep_http_requests_total"), std::string::npos);
}

TEST_F(RoutesTest, UnknownApiAndPrivateApiPathsUseTheScmShape) {
  for (const auto* path : {"/api/ssl/v1/nothing", "/private/api/ssl/v1/nothing"}) {
    auto r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    auto body = nlohmann::json::parse(r.body);
    EXPECT_TRUE(body.contains("code") && body.contains("description")) << path;
  }
}

TEST_F(RoutesTest, PathsOutsideTheApiAreNotJson) {
  auto r = Get("/console/somewhere");
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(nlohmann::json::accept(r.body));
}

}  // namespace
}  // namespace certkeep::api
