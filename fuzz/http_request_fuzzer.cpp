// libFuzzer target for what certkeep derives from a request line itself: the percent-
// decoded path, query parameters, and route matching with captures.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/router.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static certkeep::http::Router* router = [] {
    auto* r = new certkeep::http::Router();
    auto ok = [](certkeep::http::Request&) -> certkeep::core::Result<certkeep::http::Response> {
      return certkeep::http::Response::Text(200, "ok");
    };
    r->Add("GET", "/api/ssl/v1/{sslId}", ok);
    r->Add("GET", "/ocsp/{request...}", ok);
    return r;
  }();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  certkeep::http::Request request;
  request.method = "GET";
  request.target = std::string(input);
  auto q = input.find('?');
  request.path = certkeep::http::PercentDecode(input.substr(0, q)).value_or(std::string(input.substr(0, q)));
  if (q != std::string_view::npos) request.query = std::string(input.substr(q + 1));
  (void)request.QueryParam("size");
  (void)router->Dispatch(request, router->Find(request));
  return 0;
}
