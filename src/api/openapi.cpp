#include "api/openapi.h"

#include <algorithm>
#include <cctype>

namespace certkeep::api {

namespace {

using nlohmann::json;

// What a few resources are, for the document's tags.
struct Area {
  std::string_view segment;
  std::string_view description;
};
constexpr Area kAreas[] = {
    {"ssl", "SSL certificates (SCM §2.1)"},
    {"organization", "Organizations and departments (SCM §2.5)"},
    {"admin", "Administrators (SCM §2.6)"},
    {"domain", "Domains and delegations (SCM §2.7)"},
    {"dcv", "Domain control validation (SCM §2.8)"},
    {"acme", "ACME accounts: External Account Binding credentials (SCM §2.9)"},
    {"report", "Reports (SCM §2.11)"},
    {"customField", "Custom fields (SCM §2.12)"},
    {"session", "Console sessions (certkeep)"},
    {"openapi.json", "This document"},
};

// "/api/ssl/v1/collect/{id}" -> "ssl".
std::string AreaOf(const std::string& pattern) {
  auto rest = pattern.substr(pattern.find("/api/") + 5);
  return rest.substr(0, rest.find('/'));
}

std::string OperationId(const std::string& method, const std::string& pattern) {
  std::string id = method;
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  bool upper = true;
  for (char c : pattern) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    } else {
      upper = true;
    }
  }
  return id;
}

json Parameters(const std::string& pattern) {
  json out = json::array();
  std::size_t at = 0;
  while ((at = pattern.find('{', at)) != std::string::npos) {
    auto end = pattern.find('}', at);
    auto name = pattern.substr(at + 1, end - at - 1);
    bool numeric = name == "id";
    out.push_back({{"name", name},
                   {"in", "path"},
                   {"required", true},
                   {"schema", {{"type", numeric ? "integer" : "string"}}}});
    at = end;
  }
  return out;
}

}  // namespace

json OpenApiDocument(const http::Router& router) {
  json paths = json::object();
  std::vector<std::string> areas;
  for (const auto& [method, pattern] : router.Routes()) {
    bool is_private = pattern.starts_with("/private/api/");
    if (!pattern.starts_with("/api/") && !is_private) continue;
    auto area = AreaOf(pattern);
    if (std::find(areas.begin(), areas.end(), area) == areas.end()) areas.push_back(area);
    std::string lower = method;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    json op = {{"operationId", OperationId(method, pattern)},
               {"tags", {area}},
               {"security", is_private ? json::array({{{"clientCertificate", json::array()}}})
                                       : json::array({{{"login", json::array()},
                                                       {"password", json::array()},
                                                       {"customerUri", json::array()}},
                                                      {{"session", json::array()}}})},
               {"responses",
                {{"2XX", {{"description", "success"}}},
                 {"default",
                  {{"description", "an error in SCM's shape"},
                   {"content",
                    {{"application/json",
                      {{"schema", {{"$ref", "#/components/schemas/ScmError"}}}}}}}}}}}};
    if (auto params = Parameters(pattern); !params.empty()) op["parameters"] = params;
    if (method == "POST" || method == "PUT") {
      op["requestBody"] = {{"required", false},
                           {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    }
    paths[pattern][lower] = std::move(op);
  }
  json tags = json::array();
  for (const auto& a : areas) {
    json tag = {{"name", a}};
    for (const auto& known : kAreas) {
      if (known.segment == a) tag["description"] = known.description;
    }
    tags.push_back(std::move(tag));
  }
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "certkeep REST API"},
        {"version", "1"},
        {"description",
         "Compatible with the Sectigo Certificate Manager REST API; every /api path is also "
         "served under /private/api with TLS client-certificate login."}}},
      {"tags", tags},
      {"paths", paths},
      {"components",
       {{"schemas",
         {{"ScmError",
           {{"type", "object"},
            {"required", {"code", "description"}},
            {"properties",
             {{"code", {{"type", "integer"}}}, {"description", {{"type", "string"}}}}}}}}},
        {"securitySchemes",
         {{"login", {{"type", "apiKey"}, {"in", "header"}, {"name", "login"}}},
          {"password", {{"type", "apiKey"}, {"in", "header"}, {"name", "password"}}},
          {"customerUri", {{"type", "apiKey"}, {"in", "header"}, {"name", "customerUri"}}},
          {"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "certkeep_session"}}},
          {"clientCertificate", {{"type", "mutualTLS"}}}}}}},
  };
}

}  // namespace certkeep::api
