#pragma once
// One route table per server: every method and path in one place, matched segment by
// segment ("{name}" captures one segment). Errors are rendered once, here at the edge,
// by the renderer mounted for the longest matching path prefix (SCM JSON under /api,
// problem+json under /acme, ...).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace certkeep::http {

/// Handles one matched request.
using Handler = std::function<core::Result<Response>(Request&)>;
/// Turns an Error into a protocol's wire shape.
using ErrorRenderer = std::function<Response(const core::Error&, const Request&)>;

/// What the router decided for a request.
struct Match {
  const Handler* handler = nullptr;  ///< null when nothing matched
  std::string route;                 ///< the pattern, for metrics and logs ("" if none)
  std::vector<std::string> allowed;  ///< methods of the path when the method did not match
};

class Router {
 public:
  Router();

  /// Adds `method` `pattern` → `handler`. Pattern segments "{name}" capture one segment;
  /// a last segment "{name...}" captures the rest of the path.
  void Add(std::string method, std::string pattern, Handler handler);
  /// Renders errors for paths under `prefix` (a whole segment prefix, e.g. "/api").
  void Mount(std::string prefix, ErrorRenderer renderer);
  /// Answers a GET or HEAD that no route matched at all, outside every mount (the web
  /// console's files and client-side routes), so /api keeps its JSON 404s.
  void Fallback(Handler handler);

  /// Finds the handler for `request`, filling request.path_params.
  [[nodiscard]] Match Find(Request& request) const;
  /// Runs the matched handler, or renders NotFound / MethodNotAllowed / the error.
  [[nodiscard]] Response Dispatch(Request& request, const Match& match) const;
  /// Every route as (method, pattern), in the order added (for the OpenAPI document).
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> Routes() const;
  /// Renders `error` in the shape of the protocol that owns `request.path`.
  [[nodiscard]] Response RenderError(const core::Error& error, const Request& request) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  struct MountPoint {
    std::string prefix;
    ErrorRenderer renderer;
  };
  std::vector<Route> routes_;
  std::vector<MountPoint> mounts_;
  Handler fallback_;
};

/// The plain-text renderer used outside every mount.
[[nodiscard]] Response RenderPlainError(const core::Error& error, const Request& request);
/// The HTTP status for an error class; the same for every protocol.
[[nodiscard]] int StatusFor(const core::Error& error);

}  // namespace certkeep::http
