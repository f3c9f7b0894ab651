#pragma once
// Requests and responses as handlers see them: plain values, no Beast types, so only
// server.cpp compiles Beast.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace certkeep::http {

/// A parsed HTTP request.
struct Request {
  std::string method;  ///< upper case, e.g. "GET"
  std::string target;  ///< as sent: path and query
  std::string path;    ///< percent-decoded path without the query
  std::string query;   ///< raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased
  std::string body;
  std::string request_id;
  std::string remote_address;
  bool is_tls = false;
  /// The client certificate of the TLS connection, when one was presented and verified
  /// against ServerOptions::client_ca_file: its serial (lower-case hex) and issuer
  /// (RFC 2253). Empty otherwise.
  std::string client_cert_serial;
  std::string client_cert_issuer;
  std::unordered_map<std::string, std::string> path_params;  ///< filled by the router

  /// The first header named `name` (case-insensitive), if present.
  [[nodiscard]] std::optional<std::string_view> Header(std::string_view name) const;
  /// The first query parameter named `name`, percent-decoded, if present.
  [[nodiscard]] std::optional<std::string> QueryParam(std::string_view name) const;
};

/// An HTTP response.
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /// A JSON response (`json` already serialized).
  [[nodiscard]] static Response Json(int status, std::string json);
  /// A text/plain response.
  [[nodiscard]] static Response Text(int status, std::string text);
  /// Sets (replaces) a header.
  void SetHeader(std::string name, std::string value);
};

/// Percent-decodes `text` ('+' stays '+'); nullopt on a malformed escape.
[[nodiscard]] std::optional<std::string> PercentDecode(std::string_view text);

/// The standard reason phrase of `status`, e.g. "Not Found".
[[nodiscard]] std::string_view ReasonPhrase(int status);

}  // namespace certkeep::http
