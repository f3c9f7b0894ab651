#pragma once
// `certkeep serve`: wires the concrete classes together and runs the HTTP server.

#include <chrono>
#include <optional>

#include "cli/setup.h"

namespace certkeep::cli {

struct ServeOptions {
  ConfigSource source;
  bool test_mode = false;  ///< allows the test-only knobs below; never in production
  std::optional<std::chrono::seconds> clock_offset;
};

/// The HTTP I/O threads for `config` on `cores` cores: http.threads, or when that is 0,
/// four per core with SQLite and two with PostgreSQL (see the README's HTTP workers).
[[nodiscard]] int HttpThreads(const Config& config, unsigned cores);

/// Runs the server until SIGINT/SIGTERM; returns the exit code.
[[nodiscard]] int Serve(const ServeOptions& options);

}  // namespace certkeep::cli
