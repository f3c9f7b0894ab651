#pragma once
// `certkeep ca list|show` and `certkeep cert issue|show|revoke`: the operator's view of
// the CA, on the same data directory and store as `serve`.

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/setup.h"

namespace certkeep::cli {

/// Adds the `ca` and `cert` command groups to `app`; `run` is set to the chosen action.
void AddCaCommands(CLI::App& app, std::function<int()>& run);

}  // namespace certkeep::cli
