#include "cli/tenant_session.h"

namespace certkeep::cli {

void AddCommon(CLI::App* cmd, Common& c, bool with_customer) {
  cmd->add_option("-c,--config", c.config_file, "configuration file");
  cmd->add_option("-d,--data-dir", c.data_dir, "data directory (default: var)");
  if (with_customer) cmd->add_option("--customer", c.customer, "customerUri (default: demo)");
}

core::Result<Session> Open(Common& c, bool need_customer) {
  if (!c.config_file.empty()) c.source.file = c.config_file;
  if (!c.data_dir.empty()) c.source.data_dir = c.data_dir;
  auto op = OpenOperator(c.source);
  if (!op) return core::Fail(op.error());
  Session s{std::move(*op), {}};
  if (!need_customer) return s;
  auto customer = s.op->store->Read(
      [&](store::Transaction& tx) { return tx.customers().FindByUri(c.customer); });
  if (!customer) return core::Fail(customer.error());
  s.customer = customer->id;
  return s;
}

authz::Principal OperatorFor(core::CustomerId customer) {
  authz::Principal p;
  p.customer_id = customer;
  p.login = "cli";
  p.credentials = {{core::Role::kMrao, std::nullopt}};
  for (const auto& info : core::AllPrivileges()) p.privileges.insert(info.privilege);
  return p;
}

}  // namespace certkeep::cli
