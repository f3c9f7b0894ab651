#include "http/internal/access_log.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace certkeep::http::internal {

namespace {

// RFC 3339 UTC with milliseconds, as the application log writes it.
std::string TimestampNow() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

// A hostile path cannot break the log's JSON.
void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // Validate one UTF-8 sequence (no overlongs or surrogates checked beyond shape).
      std::size_t len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
      bool ok = len > 0 && i + len <= text.size();
      for (std::size_t k = 1; ok && k < len; ++k) {
        ok = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
      }
      if (ok) {
        out.append(text.substr(i, len));
        i += len - 1;
      } else {
        out += "\xef\xbf\xbd";
      }
    }
  }
  out += '"';
}

std::string AccessLogLine(const AccessEntry& e) {
  std::string line;
  line.reserve(320);
  line += "{\"ts\":\"";
  line += TimestampNow();
  line += "\",\"type\":\"access\",\"request_id\":";
  AppendJsonString(line, e.request_id);
  line += ",\"remote\":";
  AppendJsonString(line, e.remote);
  line += ",\"method\":";
  AppendJsonString(line, e.method);
  line += ",\"path\":";
  AppendJsonString(line, e.path);
  line += ",\"route\":";
  AppendJsonString(line, e.route);
  line += fmt::format(
      ",\"status\":{},\"bytes_in\":{},\"bytes_out\":{},\"duration_ms\":{:.3f},\"tls\":{}", e.status,
      e.bytes_in, e.bytes_out, e.seconds * 1000.0, e.tls);
  if (!e.user_agent.empty()) {
    line += ",\"user_agent\":";
    AppendJsonString(line, e.user_agent);
  }
  if (!e.write_error.empty()) {
    line += ",\"write_error\":";
    AppendJsonString(line, e.write_error);
  }
  line += '}';
  return line;
}

}  // namespace certkeep::http::internal
