#pragma once
// The REST server's one route table: operations endpoints and every /api path.

#include "http/metrics.h"
#include "http/router.h"
#include "service/health.h"

namespace certkeep::api {

/// What the handlers use; wired in cli/serve.cpp.
struct ApiDependencies {
  service::HealthCheck& health;
  http::Metrics& metrics;
};

/// Adds every route and the SCM error shape for /api and /private/api.
void AddRoutes(http::Router& router, const ApiDependencies& deps);

}  // namespace certkeep::api
