#pragma once
// Logs are JSON lines on standard output: the application log ({"ts","level","msg"})
// and the access log (one object per request, written by the HTTP server).

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace certkeep::cli {

struct Loggers {
  std::shared_ptr<spdlog::logger> log;
  std::shared_ptr<spdlog::logger> access;
};

/// Both loggers on one synchronized stdout sink, at `level` ("info", ...).
[[nodiscard]] Loggers MakeLoggers(const std::string& level);

}  // namespace certkeep::cli
