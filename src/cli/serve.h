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

/// Runs the server until SIGINT/SIGTERM; returns the exit code.
[[nodiscard]] int Serve(const ServeOptions& options);

}  // namespace certkeep::cli
