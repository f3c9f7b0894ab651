#pragma once
// What the tenant commands (customers, admins, domains, SSL certificates) share: the
// options every one of them takes, opening the operator's view of one customer, and the
// principal the operator acts as.

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "authz/authz.h"
#include "cli/operator.h"

namespace certkeep::cli {

struct Common {
  ConfigSource source;
  std::string config_file, data_dir, customer = "demo";
};

/// Adds -c/--config, -d/--data-dir and (with_customer) --customer to `cmd`.
void AddCommon(CLI::App* cmd, Common& c, bool with_customer = true);

/// The operator's view and the customer it acts for.
struct Session {
  std::unique_ptr<Operator> op;
  core::CustomerId customer;
};
[[nodiscard]] core::Result<Session> Open(Common& c, bool need_customer = true);

/// The operator on the server acts for `customer` with an MRAO's roles and every
/// privilege; its audit records say "cli".
[[nodiscard]] authz::Principal OperatorFor(core::CustomerId customer);

}  // namespace certkeep::cli
