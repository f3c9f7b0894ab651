#pragma once
// `certkeep customer|org|admin|audit ...`: the operator's tenancy commands, run on the
// server against the same data directory and store as `serve`.

#include <CLI/CLI.hpp>
#include <functional>

namespace certkeep::cli {

/// Adds the `customer`, `org`, `admin`, `domain` and `audit` command groups; `run` is set
/// to the chosen action.
void AddTenantCommands(CLI::App& app, std::function<int()>& run);

}  // namespace certkeep::cli
