#pragma once
// GET /api/openapi.json: an OpenAPI 3 document of the REST API, generated from the route
// table itself, so it cannot drift from what is served.

#include <nlohmann/json.hpp>

#include "http/router.h"

namespace certkeep::api {

/// The document for every route of `router` under /api and /private/api.
[[nodiscard]] nlohmann::json OpenApiDocument(const http::Router& router);

}  // namespace certkeep::api
