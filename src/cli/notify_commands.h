#pragma once
// certkeep notify test <address>: one message straight through the configured SMTP server,
// to check [mail] before anything depends on it.

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/tenant_session.h"

namespace certkeep::cli {

void AddNotifyCommands(CLI::App& app, Common& common, std::function<int()>& run);

}  // namespace certkeep::cli
