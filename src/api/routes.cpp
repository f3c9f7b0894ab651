#include "api/routes.h"

#include <nlohmann/json.hpp>

#include "api/error_mapping.h"

namespace certkeep::api {

void AddRoutes(http::Router& router, const ApiDependencies& deps) {
  router.Mount("/api", RenderScmError);
  router.Mount("/private/api", RenderScmError);

  router.Add("GET", "/healthz",
             [&health = deps.health](http::Request&) -> core::Result<http::Response> {
               auto r = health.Check();
               auto response = http::Response::Json(
                   r ? 200 : 503, nlohmann::json{{"status", r ? "ok" : "unavailable"}}.dump());
               response.SetHeader("Cache-Control", "no-store");
               return response;
             });

  router.Add("GET", "/metrics",
             [&metrics = deps.metrics](http::Request&) -> core::Result<http::Response> {
               http::Response response;
               response.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
               response.body = metrics.Render();
               return response;
             });
}

}  // namespace certkeep::api
