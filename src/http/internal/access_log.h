#pragma once
// The access log's JSON line: one object per request, the path only (never the query,
// which may carry tokens), built without a JSON DOM since it is written per request.

#include <cstddef>
#include <string>
#include <string_view>

namespace certkeep::http::internal {

/// What one access-log line says.
struct AccessEntry {
  std::string_view request_id;
  std::string_view remote;
  std::string_view method;
  std::string_view path;
  std::string_view route;
  int status = 0;
  std::size_t bytes_in = 0;
  std::size_t bytes_out = 0;
  double seconds = 0;
  bool tls = false;
  std::string_view user_agent;  ///< empty = absent
  std::string write_error;      ///< empty = none
};

/// The JSON object of `entry`, with "ts" the current time.
[[nodiscard]] std::string AccessLogLine(const AccessEntry& entry);

/// Appends `text` as a JSON string literal; bytes that are not valid UTF-8 become U+FFFD.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace certkeep::http::internal
