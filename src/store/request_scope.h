#pragma once
// A request's scope for its reads of the registry version.

#include <cstdint>
#include <optional>

namespace certkeep::store {

/// One request's reads of the registry version (see store/internal/registry_cache.h), on
/// PostgreSQL: while a scope is open on a thread, the first registry version a read there
/// learns — from the credential check, which reads it in the same statement, or from a
/// read's first registry lookup — serves the request's later reads on that thread, which
/// then skip that round trip. A write transaction drops it, so the request sees its own
/// changes. The request's registry reads are thereby as of a point inside the request,
/// as if it had run there. Scopes nest; the innermost counts.
class RequestScope {
 public:
  RequestScope();
  ~RequestScope();
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;

 private:
  std::optional<std::int64_t> version_;
  std::optional<std::int64_t>* outer_;
};

}  // namespace certkeep::store
