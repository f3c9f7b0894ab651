#include "http/router.h"

#include <algorithm>

namespace certkeep::http {

namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool HasPrefix(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

}  // namespace

int StatusFor(const core::Error& error) {
  using core::ErrorCode;
  switch (error.code()) {
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kMalformed:
    case ErrorCode::kBadCsr:
    case ErrorCode::kRejectedIdentifier:
    case ErrorCode::kDcvIncomplete:
      return 400;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response RenderPlainError(const core::Error& error, const Request&) {
  int status = StatusFor(error);
  if (error.reason() == core::Reason::kMethodNotAllowed) status = 405;
  if (error.reason() == core::Reason::kHeaderTooLarge) status = 431;
  return Response::Text(status, error.detail() + "\n");
}

Router::Router() = default;

void Router::Add(std::string method, std::string pattern, Handler handler) {
  auto segments = Split(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

void Router::Mount(std::string prefix, ErrorRenderer renderer) {
  mounts_.push_back({std::move(prefix), std::move(renderer)});
  // Longest prefix first, so /private/api wins over a hypothetical /private.
  std::sort(mounts_.begin(), mounts_.end(),
            [](const auto& a, const auto& b) { return a.prefix.size() > b.prefix.size(); });
}

void Router::Fallback(Handler handler) { fallback_ = std::move(handler); }

Match Router::Find(Request& request) const {
  if (request.path.empty() || request.path.front() != '/') return {};
  // Views into the path: every request tries many routes, and only the one that matches
  // copies anything.
  std::vector<std::string_view> segments;
  for (std::size_t start = 1; start <= request.path.size();) {
    auto slash = request.path.find('/', start);
    if (slash == std::string::npos) slash = request.path.size();
    segments.push_back(std::string_view(request.path).substr(start, slash - start));
    start = slash + 1;
  }
  auto is_param = [](const std::string& want) {
    return want.size() > 2 && want.front() == '{' && want.back() == '}';
  };
  Match match;
  for (const auto& route : routes_) {
    // A last segment "{name...}" captures the rest of the path (one or more segments).
    bool rest = !route.segments.empty() && route.segments.back().ends_with("...}");
    std::size_t fixed = rest ? route.segments.size() - 1 : route.segments.size();
    if (rest ? segments.size() < route.segments.size() : route.segments.size() != segments.size())
      continue;
    bool same = true;
    for (std::size_t i = 0; i < fixed && same; ++i) {
      const auto& want = route.segments[i];
      same = is_param(want) ? !segments[i].empty() : want == segments[i];
    }
    std::string tail;
    if (same && rest) {
      for (std::size_t k = fixed; k < segments.size(); ++k) {
        if (k > fixed) tail += '/';
        tail += segments[k];
      }
      same = !tail.empty();
    }
    if (!same) continue;
    // HEAD is served by the GET handler (the server drops the body).
    if (route.method == request.method || (request.method == "HEAD" && route.method == "GET")) {
      std::unordered_map<std::string, std::string> params;
      for (std::size_t i = 0; i < fixed; ++i) {
        const auto& want = route.segments[i];
        if (is_param(want)) params[want.substr(1, want.size() - 2)] = segments[i];
      }
      if (rest) {
        const auto& want = route.segments.back();
        params[want.substr(1, want.size() - 5)] = std::move(tail);
      }
      request.path_params = std::move(params);
      match.handler = &route.handler;
      match.route = route.pattern;
      match.allowed.clear();
      return match;
    }
    match.route = route.pattern;
    match.allowed.push_back(route.method);
  }
  return match;
}

Response Router::Dispatch(Request& request, const Match& match) const {
  if (match.handler == nullptr) {
    if (!match.allowed.empty()) {
      std::string allow;
      for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
      auto response =
          RenderError(core::Error(core::ErrorCode::kMalformed, core::Reason::kMethodNotAllowed,
                                  "method " + request.method + " is not allowed here"),
                      request);
      response.status = 405;
      response.SetHeader("Allow", allow);
      return response;
    }
    bool mounted = std::any_of(mounts_.begin(), mounts_.end(),
                               [&](const auto& m) { return HasPrefix(request.path, m.prefix); });
    if (fallback_ && !mounted && (request.method == "GET" || request.method == "HEAD")) {
      auto result = fallback_(request);
      if (result) return std::move(*result);
      return RenderError(result.error(), request);
    }
    return RenderError(core::Error(core::ErrorCode::kNotFound, core::Reason::kRouteNotFound,
                                   "no such resource: " + request.path),
                       request);
  }
  auto result = (*match.handler)(request);
  if (!result) return RenderError(result.error(), request);
  return std::move(*result);
}

Response Router::RenderError(const core::Error& error, const Request& request) const {
  for (const auto& mount : mounts_) {
    if (HasPrefix(request.path, mount.prefix)) return mount.renderer(error, request);
  }
  return RenderPlainError(error, request);
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace certkeep::http
