#include "api/routes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fake_random.h"

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
  core::Result<void> RunSingleStatement(
      const std::function<core::Result<void>(store::Transaction&)>& work) override {
    return RunInTransaction(work);
  }
  std::optional<std::uint64_t> ChangeToken() const override { return std::nullopt; }
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
  RoutesTest()
      : health_(store_),
        hasher_(*auth::PasswordHasher::Create({.t_cost = 1, .m_cost_kib = 1024}, random_)),
        cache_(random_),
        authenticator_(store_, clock_, random_, hasher_, cache_, {}),
        organizations_(store_, clock_),
        admins_(store_, clock_, random_, hasher_),
        domains_(store_, clock_) {
    AddRoutes(router_, {.health = health_,
                        .metrics = metrics_,
                        .store = store_,
                        .clock = clock_,
                        .authenticator = authenticator_,
                        .organizations = organizations_,
                        .admins = admins_,
                        .domains = domains_,
                        .dcv = dcv_,
                        .ssl = ssl_,
                        .custom_fields = custom_fields_,
                        .acme_accounts = acme_accounts_,
                        .notifications = notifications_,
                        .enrollments = enrollments_,
                        .notifier = notifier_});
  }
  http::Response Get(const std::string& path, bool tls = true) {
    http::Request r;
    r.is_tls = tls;
    r.method = "GET";
    r.path = path;
    r.target = path;
    return router_.Dispatch(r, router_.Find(r));
  }
  SwitchableStore store_;
  core::FakeClock clock_{core::FromUnixSeconds(1'800'000'000)};
  testing::CountingRandom random_;
  service::HealthCheck health_;
  auth::PasswordHasher hasher_;
  auth::CredentialCache cache_;
  service::Authenticator authenticator_;
  service::Organizations organizations_;
  service::Admins admins_;
  service::Domains domains_;
  std::unique_ptr<dcv::DnsResolver> dns_ = std::move(*dcv::MakeUnboundResolver({}));
  dcv::HttpFetcher fetcher_{*dns_, {}};
  dcv::NetworkControlCheck check_{*dns_, fetcher_};
  service::DomainControl dcv_{store_, clock_, random_, check_, {}};
  pki::FileKeyStore key_files_{"/nonexistent", "unused"};
  service::KeyRing keys_{key_files_};
  service::Issuer issuer_{store_, clock_, random_, keys_, ""};
  service::IssuanceGate gate_{store_, clock_, nullptr, {}};
  service::SslCertificates ssl_{store_, clock_, random_, issuer_, gate_, {}};
  service::CustomFields custom_fields_{store_, clock_};
  std::vector<service::AcmeDirectoryInfo> acme_directories_;
  service::ExternalAccounts acme_accounts_{store_, clock_, random_, acme_directories_};
  service::NotificationRules notifications_{store_, clock_};
  service::Notifier notifier_{random_, {}};
  service::SelfEnrollments enrollments_{store_, clock_, random_, hasher_, ssl_, notifier_};
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
  for (const auto* path : {"/api/nothing/v1/x", "/private/api/nothing/v1/x"}) {
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

TEST_F(RoutesTest, AnApiCallWithoutCredentialsIsScmUnknownUser) {
  auto r = Get("/api/admin/v1");
  EXPECT_EQ(r.status, 401);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["code"], -16);
  EXPECT_EQ(body["description"], "Unknown user");
}

TEST_F(RoutesTest, TheApiIsNotServedOverPlainHttp) {
  auto r = Get("/api/admin/v1", false);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("HTTPS only"), std::string::npos);
}

TEST_F(RoutesTest, TheOpenApiDocumentHasEveryApiRouteAndNothingElse) {
  auto r = Get("/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  std::size_t operations = 0;
  for (const auto& [path, ops] : doc["paths"].items()) operations += ops.size();
  std::size_t api_routes = 0;
  for (const auto& [method, pattern] : router_.Routes()) {
    if (!pattern.starts_with("/api/") && !pattern.starts_with("/private/api/")) continue;
    ++api_routes;
    std::string lower = method;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ASSERT_TRUE(doc["paths"].contains(pattern)) << pattern;
    ASSERT_TRUE(doc["paths"][pattern].contains(lower)) << method << " " << pattern;
    // Every {param} of the pattern is declared.
    auto braces = std::count(pattern.begin(), pattern.end(), '{');
    auto params = doc["paths"][pattern][lower].value("parameters", nlohmann::json::array());
    EXPECT_EQ(static_cast<std::ptrdiff_t>(params.size()), braces) << pattern;
  }
  EXPECT_EQ(operations, api_routes);
  EXPECT_TRUE(doc["paths"].contains("/api/ssl/v1/enroll"));
  EXPECT_TRUE(doc["paths"].contains("/private/api/dcv/v1/validation/status"));
  EXPECT_TRUE(doc["paths"].contains("/api/acme/v2/account/{id}/domain"));
}

}  // namespace
}  // namespace certkeep::api
