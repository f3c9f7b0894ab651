#pragma once
// Customers (tenants) and the demo tenant `certkeep init` creates.

#include <optional>
#include <string>

#include "auth/password_hasher.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "core/tenancy.h"
#include "store/store.h"

namespace certkeep::service {

/// Creates a customer named `uri` (operator only: the CLI on the server).
[[nodiscard]] core::Result<core::CustomerId> CreateCustomer(store::Store& store,
                                                            const core::Clock& clock,
                                                            const std::string& uri,
                                                            const std::string& name,
                                                            const std::string& actor);

/// What the demo tenant's MRAO needs to sign in, shown once.
struct DemoTenant {
  std::string customer_uri;
  std::string login;
  std::string password;  ///< one-time: must be changed at first login
  std::string organization;
  std::string department;
};

/// Creates customer "demo" with one organization, one department and an MRAO holding
/// every privilege, unless a customer "demo" exists; nullopt when it did.
[[nodiscard]] core::Result<std::optional<DemoTenant>> EnsureDemoTenant(
    store::Store& store, const core::Clock& clock, core::RandomSource& random,
    const auth::PasswordHasher& hasher);

}  // namespace certkeep::service
