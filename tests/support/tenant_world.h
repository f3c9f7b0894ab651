#pragma once
// A small tenancy for service tests: customer A with organizations O1 (departments D1,
// D1b) and O2 (D2); customer B with P1 (Q1); in A an MRAO, a RAO_SSL of O1 and a
// DRAO_SSL of D1, each holding every privilege its roles can hold. Passwords use cheap
// argon2 parameters.

#include <memory>
#include <string>

#include "auth/password_hasher.h"
#include "authz/authz.h"
#include "core/clock.h"
#include "service/admins.h"
#include "support/test_store.h"

namespace certkeep::testing {

/// The password every world admin starts with.
inline constexpr std::string_view kWorldPassword = "correct horse battery staple";

class TenantWorld {
 public:
  explicit TenantWorld(store::Store& store);

  store::Store& store;
  core::CustomerId a{}, b{};
  core::OrgId o1{}, d1{}, d1b{}, o2{}, d2{}, p1{}, q1{};
  core::Admin mrao{}, rao{}, drao{}, foreign_mrao{};

  /// Creates an admin of `customer` holding `role` at `org` (none for MRAO) with every
  /// privilege that fits; returns it as stored.
  core::Admin AddAdmin(core::CustomerId customer, const std::string& login, core::Role role,
                       std::optional<core::OrgId> org);
  /// The principal of `admin`.
  static authz::Principal As(const core::Admin& admin) { return authz::Principal::Of(admin); }

  core::FakeClock clock{core::FromUnixSeconds(1'800'000'000)};
  std::unique_ptr<core::RandomSource> random;
  std::unique_ptr<auth::PasswordHasher> hasher;
  std::unique_ptr<service::Admins> admins;

 private:
  core::OrgId AddOrg(core::CustomerId customer, const std::string& name,
                     std::optional<core::OrgId> parent);
};

}  // namespace certkeep::testing
