#include "api/publication_routes.h"

#include "service/ca_certificates.h"

namespace certkeep::api {

namespace {

// "issuing-1.crl" -> "issuing-1" when the suffix matches.
std::optional<std::string> StripSuffix(const std::string& file, std::string_view suffix) {
  if (file.size() <= suffix.size() || !file.ends_with(suffix)) return std::nullopt;
  return file.substr(0, file.size() - suffix.size());
}

core::Error NoSuchFile(const std::string& path) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kRouteNotFound,
                     "no such file: " + path);
}

http::Response Binary(std::string body, std::string content_type, std::string cache) {
  http::Response r;
  r.SetHeader("Content-Type", std::move(content_type));
  r.SetHeader("Cache-Control", std::move(cache));
  r.body = std::move(body);
  return r;
}

}  // namespace

void AddPublicationRoutes(http::Router& router, const PublicationDependencies& deps) {
  router.Add("GET", "/ca/{file}",
             [&store = deps.store](http::Request& req) -> core::Result<http::Response> {
               auto name = StripSuffix(req.path_params.at("file"), ".crt");
               if (!name) return core::Fail(NoSuchFile(req.path));
               auto der = service::CaCertificateDer(store, *name);
               if (!der) {
                 if (der.error().code() == core::ErrorCode::kNotFound)
                   return core::Fail(NoSuchFile(req.path));
                 return core::Fail(der.error());
               }
               // RFC 5280 §4.2.2.1: caIssuers over HTTP is a DER certificate.
               return Binary(std::move(*der), "application/pkix-cert", "public, max-age=86400");
             });

  router.Add("GET", "/crl/{file}",
             [&crls = deps.crls](http::Request& req) -> core::Result<http::Response> {
               auto name = StripSuffix(req.path_params.at("file"), ".crl");
               if (!name) return core::Fail(NoSuchFile(req.path));
               auto der = crls.Current(*name);
               if (!der) {
                 if (der.error().code() == core::ErrorCode::kNotFound)
                   return core::Fail(NoSuchFile(req.path));
                 return core::Fail(der.error());
               }
               return Binary(**der, "application/pkix-crl", "public, max-age=300");
             });

  // RFC 6960 App. A.1: POST with the DER request as the body ...
  router.Add(
      "POST", "/ocsp", [&ocsp = deps.ocsp](http::Request& req) -> core::Result<http::Response> {
        return Binary(ocsp.Respond(req.body), "application/ocsp-response", "max-age=3600, public");
      });
  // ... or GET with the base64 request, URL-encoded, in the path ('/' and '+' may appear
  // raw or as %2F / %2B; the raw target is decoded once, here).
  router.Add("GET", "/ocsp/{request...}",
             [&ocsp = deps.ocsp](http::Request& req) -> core::Result<http::Response> {
               std::string_view target = req.target;
               target = target.substr(0, target.find('?'));
               return Binary(ocsp.RespondToGet(target.substr(std::string_view("/ocsp/").size())),
                             "application/ocsp-response", "max-age=3600, public");
             });
}

}  // namespace certkeep::api
