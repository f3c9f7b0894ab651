#pragma once
// Reading SCM request bodies: liberal in what is accepted (unknown fields ignored, an
// empty body is {}), strict about the types of the fields that are read, and every
// failure names the field (scm-api.md §1.6, §4.3).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/ssl_certificate.h"
#include "http/message.h"

namespace certkeep::api::internal {

/// The body as a JSON object; "" and whitespace are {}.
[[nodiscard]] core::Result<nlohmann::json> ParseObject(const http::Request& request);

/// `field` as a string if present and not null.
[[nodiscard]] core::Result<std::optional<std::string>> OptString(const nlohmann::json& body,
                                                                 const char* field);
/// `field` as a boolean if present and not null ("true"/"false" strings accepted).
[[nodiscard]] core::Result<std::optional<bool>> OptBool(const nlohmann::json& body,
                                                        const char* field);
/// `field` as an integer if present and not null (a string of digits accepted).
[[nodiscard]] core::Result<std::optional<std::int64_t>> OptInt(const nlohmann::json& body,
                                                               const char* field);
/// OptInt for a field that must fit an int: a larger value is refused, never wrapped.
[[nodiscard]] core::Result<std::optional<int>> OptSmallInt(const nlohmann::json& body,
                                                           const char* field);
/// `field` as a list of strings: a JSON array, or one comma-separated string.
[[nodiscard]] core::Result<std::optional<std::vector<std::string>>> OptStringList(
    const nlohmann::json& body, const char* field);

/// A query parameter as a non-negative integer, or `fallback` when absent.
[[nodiscard]] core::Result<std::int64_t> QueryInt(const http::Request& request, const char* name,
                                                  std::int64_t fallback);

/// `position` and `size` (at most 200, SCM's maximum; 200 when absent) of a list.
[[nodiscard]] core::Result<std::pair<std::int64_t, std::int64_t>> QueryPage(
    const http::Request& request);

/// A path parameter as text, percent-decoded ("" when absent or malformed).
[[nodiscard]] std::string PathText(const http::Request& request, const char* name);

/// A path parameter as a positive id.
[[nodiscard]] core::Result<std::int64_t> PathId(const http::Request& request, const char* name);
/// The path's {id} as an SSL certificate's id.
[[nodiscard]] core::Result<core::SslId> SslIdOf(const http::Request& request);

/// SCM's SSL dates: MM/dd/yyyy (scm-api.md §1.6).
[[nodiscard]] std::string UsDate(core::TimePoint t);

/// The endpoints' own date patterns: SSL's, and DCV's, domains' and admins'.
inline constexpr std::string_view kUsDatePattern = "MM/dd/yyyy";
inline constexpr std::string_view kIsoDatePattern = "yyyy-MM-dd";

/// How an answer writes its dates: in the request's `dateFormat` (scm-api.md §1.6: "any GET
/// takes an optional dateFormat query parameter", a style such as ISO or a raw pattern),
/// else in the endpoint's own pattern.
class DateWriter {
 public:
  /// Invalid field when `dateFormat` is neither a style nor a pattern.
  [[nodiscard]] static core::Result<DateWriter> Of(const http::Request& request,
                                                   std::string_view fallback);
  [[nodiscard]] std::string operator()(core::TimePoint t) const;

 private:
  explicit DateWriter(std::string pattern) : pattern_(std::move(pattern)) {}
  std::string pattern_;
};
/// A serial as SCM shows it: upper-case hex.
[[nodiscard]] std::string UpperSerial(std::string serial);

/// An "invalid field" error naming `field`.
[[nodiscard]] core::Error InvalidField(std::string_view field, std::string_view why);

/// A JSON response in SCM's shape.
[[nodiscard]] http::Response JsonResponse(int status, const nlohmann::json& body);

/// 201 with an absolute Location ending in `id` (scm-api.md §3.9).
[[nodiscard]] http::Response Created(const http::Request& request, std::string_view collection,
                                     std::int64_t id);

}  // namespace certkeep::api::internal
