#pragma once
// certkeep ssl enroll|list|collect|approve|decline|revoke: the SSL certificate use cases
// from the server's shell, acting as the customer's operator.

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/tenant_session.h"

namespace certkeep::cli {

void AddSslCommands(CLI::App& app, Common& common, std::function<int()>& run);

}  // namespace certkeep::cli
