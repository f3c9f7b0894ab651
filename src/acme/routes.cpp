#include "acme/routes.h"

#include <algorithm>

#include "acme/internal/handlers.h"
#include "acme/problem.h"
#include "acme/request.h"

namespace certkeep::acme {

namespace {

using internal::Reply;

// "/acme/{directory}/..." → the directory's name, or "".
std::string DirectoryOfPath(const std::string& path) {
  constexpr std::string_view kPrefix = "/acme/";
  if (!path.starts_with(kPrefix)) return {};
  auto rest = path.substr(kPrefix.size());
  return rest.substr(0, rest.find('/'));
}

// RFC 8555 §6.5: "An ACME server provides nonces to clients using the HTTP Replay-Nonce
// header field ... The server MUST include a Replay-Nonce header field in every successful
// response to a POST request and SHOULD provide it in error responses as well."
void Decorate(http::Response& response, const http::Request& request,
              service::AcmeAccounts& accounts, const std::string& dir) {
  bool has_nonce = std::any_of(response.headers.begin(), response.headers.end(),
                               [](const auto& h) { return h.first == "Replay-Nonce"; });
  if (!has_nonce) {
    if (auto nonce = accounts.NewNonce()) response.SetHeader("Replay-Nonce", *nonce);
  }
  if (!dir.empty() && accounts.Directory(dir) != nullptr) {
    response.headers.emplace_back("Link",
                                  "<" + BaseUrl(request, dir) + "/directory>;rel=\"index\"");
  }
  // A handler that says how long its answer keeps (the directory) is left to say it.
  bool has_cache_control = std::any_of(response.headers.begin(), response.headers.end(),
                                       [](const auto& h) { return h.first == "Cache-Control"; });
  if (!has_cache_control) response.SetHeader("Cache-Control", "no-store");
}

Reply Directory(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  const auto* info = deps.accounts.Directory(dir);
  auto base = BaseUrl(rq, dir);
  auto profiles = deps.orders.Profiles();
  if (!profiles) return core::Fail(profiles.error());
  nlohmann::json listed = nlohmann::json::object();
  for (const auto& [name, description] : *profiles) listed[name] = description;
  nlohmann::json body{{"newNonce", base + "/new-nonce"},
                      {"newAccount", base + "/new-account"},
                      {"newOrder", base + "/new-order"},
                      {"keyChange", base + "/key-change"},
                      {"revokeCert", base + "/revoke-cert"},
                      {"renewalInfo", base + "/renewal-info"},
                      {"meta",
                       {{"externalAccountRequired", info->requires_eab},
                        {"website", "https://" + std::string(rq.Header("host").value_or("")) + "/"},
                        {"profiles", listed}}}};
  auto response = internal::JsonResponse(200, body);
  // The directory is the same for every client: caches may keep it a while.
  response.SetHeader("Cache-Control", "public, max-age=300");
  return response;
}

Reply NewNonce(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  // RFC 8555 §7.2: HEAD answers 200, GET 204; both carry the nonce and no-store.
  http::Response response;
  response.status = rq.method == "HEAD" ? 200 : 204;
  Decorate(response, rq, deps.accounts, dir);
  return response;
}

}  // namespace

void AddRoutes(http::Router& router, const AcmeDependencies& given) {
  AcmeDependencies deps = given;
  if (!deps.keys) deps.keys = std::make_shared<KeyCache>();
  // Handlers keep copies of `deps` (references to services that outlive the router), never
  // `deps` itself: the caller's struct is gone when this returns.
  router.Mount("/acme", [deps](const core::Error& error, const http::Request& request) {
    auto response = RenderProblem(error);
    Decorate(response, request, deps.accounts, DirectoryOfPath(request.path));
    return response;
  });

  // Each route of a directory: an unknown directory is 404, and a successful answer gets a
  // fresh nonce (unless the request's use of one brought it) and the index link.
  using Fn = Reply (*)(const AcmeDependencies&, http::Request&, const std::string&);
  auto add = [&router, deps](const char* method, const std::string& path, Fn fn) {
    router.Add(method, "/acme/{directory}" + path, [deps, fn](http::Request& rq) -> Reply {
      const auto& dir = rq.path_params["directory"];
      if (deps.accounts.Directory(dir) == nullptr) {
        return core::Fail(core::ErrorCode::kNotFound, core::Reason::kAcmeNotFound,
                          "no ACME directory named '" + dir + "'");
      }
      auto response = fn(deps, rq, dir);
      if (!response) return response;
      if (fn != NewNonce) Decorate(*response, rq, deps.accounts, dir);  // it decorates itself
      return response;
    });
  };
  add("GET", "/directory", Directory);
  add("HEAD", "/new-nonce", NewNonce);
  add("GET", "/new-nonce", NewNonce);
  add("POST", "/new-account", internal::NewAccount);
  add("POST", "/account/{id}", internal::UpdateAccount);
  add("POST", "/account/{id}/orders", internal::AccountOrders);
  add("POST", "/key-change", internal::KeyChange);
  add("POST", "/new-order", internal::NewOrder);
  add("POST", "/order/{id}", internal::GetOrder);
  add("POST", "/order/{id}/finalize", internal::FinalizeOrder);
  add("POST", "/authz/{id}", internal::GetAuthorization);
  add("POST", "/chall/{id}", internal::RespondChallenge);
  add("POST", "/cert/{id}", internal::GetCertificate);
  add("POST", "/cert/{id}/{alt}", internal::GetCertificate);
  add("POST", "/revoke-cert", internal::RevokeCertificate);
  add("GET", "/renewal-info/{certid}", internal::RenewalInfo);
}

}  // namespace certkeep::acme
