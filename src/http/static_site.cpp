#include "http/static_site.h"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <sstream>
#include <system_error>

namespace certkeep::http {

namespace {

// Kept small: the console itself runs no inline script or style, so nothing needs
// 'unsafe-inline'; it talks only to its own origin and is never framed.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

std::string ContentType(const std::filesystem::path& file) {
  static const std::unordered_map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// A strong validator: the first 128 bits of the body's SHA-256, in hex, quoted.
std::string EntityTag(std::string_view body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(body.data(), body.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string tag = "\"";
  for (unsigned i = 0; i < 16 && i < length; ++i) {
    tag += kHex[digest[i] >> 4];
    tag += kHex[digest[i] & 0xf];
  }
  return tag + "\"";
}

// True when If-None-Match (a list of entity tags, or "*") names `etag`; a weak
// comparison, as RFC 9110 §13.1.2 asks.
bool Matches(std::string_view if_none_match, std::string_view etag) {
  std::size_t start = 0;
  while (start < if_none_match.size()) {
    auto comma = if_none_match.find(',', start);
    if (comma == std::string_view::npos) comma = if_none_match.size();
    auto tag = if_none_match.substr(start, comma - start);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    start = comma + 1;
  }
  return false;
}

core::Error NotFound(const std::string& path) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kRouteNotFound,
                     "no such resource: " + path);
}

}  // namespace

core::Result<StaticSite> StaticSite::Load(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(root / "index.html", ec)) {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kUnspecified,
                      "the web console is not built: " + (root / "index.html").string() +
                          " is missing");
  }
  StaticSite site;
  for (std::filesystem::recursive_directory_iterator it(root, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in.good() && !in.eof()) {
      return core::Fail(core::ErrorCode::kInternal, core::Reason::kUnspecified,
                        "cannot read " + it->path().string());
    }
    auto relative = std::filesystem::relative(it->path(), root, ec).generic_string();
    File file;
    file.body = body.str();
    file.content_type = ContentType(it->path());
    file.etag = EntityTag(file.body);
    file.immutable = relative.starts_with("assets/");
    site.files_.emplace("/" + relative, std::move(file));
  }
  if (ec) {
    return core::Fail(core::ErrorCode::kInternal, core::Reason::kUnspecified,
                      "cannot list " + root.string() + ": " + ec.message());
  }
  return site;
}

core::Result<Response> StaticSite::Serve(const Request& request) const {
  const std::string& path = request.path.empty() ? std::string("/") : request.path;
  if (path != "/index.html") {
    if (auto it = files_.find(path); it != files_.end()) return Send(it->second, request);
  }
  // A missing asset or file must not come back as HTML (a stale bundle would then fail
  // with a syntax error instead of a 404); only extension-less paths are client routes.
  auto last = path.substr(path.rfind('/') + 1);
  if (path.starts_with("/assets/") || last.find('.') != std::string::npos) {
    return core::Fail(NotFound(path));
  }
  return Send(files_.at("/index.html"), request);
}

Response StaticSite::Send(const File& file, const Request& request) const {
  Response response;
  response.SetHeader("ETag", file.etag);
  response.SetHeader("Cache-Control",
                     file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  if (file.content_type.starts_with("text/html")) {
    response.SetHeader("Content-Security-Policy", std::string(kContentSecurityPolicy));
    response.SetHeader("Referrer-Policy", "same-origin");
    response.SetHeader("X-Frame-Options", "DENY");
  }
  if (auto inm = request.Header("if-none-match"); inm && Matches(*inm, file.etag)) {
    response.status = 304;
    return response;
  }
  response.SetHeader("Content-Type", file.content_type);
  response.body = file.body;
  return response;
}

}  // namespace certkeep::http
