#pragma once
// Organizations and departments: list what the caller's roles cover, create, edit and
// delete them, each in one transaction with its audit record.

#include <optional>
#include <string>
#include <vector>

#include "authz/authz.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/tenancy.h"
#include "store/store.h"

namespace certkeep::service {

/// The fields a create or update sets; an unset field is left as it is (update) or
/// empty (create).
struct OrganizationPatch {
  std::optional<std::string> name{}, alias{}, secondary_name{};
  std::optional<std::string> address1{}, address2{}, address3{}, city{}, state_or_province{},
      postal_code{}, country{};
  std::optional<std::vector<std::string>> contact_emails{};
  std::optional<bool> ssl_certs_api_enabled{}, client_certs_api_enabled{};
};

/// An organization with the departments the caller may see.
struct OrganizationTree {
  core::Organization organization;
  std::vector<core::Organization> departments;
};

class Organizations {
 public:
  Organizations(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  /// The organizations and departments `who` covers (a DRAO sees its department under
  /// its organization's name).
  [[nodiscard]] core::Result<std::vector<OrganizationTree>> List(const authz::Principal& who);
  /// scm-api.md §2.5's managedBy/{role}: where `who` may place an admin of `role` — the
  /// organizations (an RAO role) or departments (a DRAO role) it covers for the role's
  /// certificate type; none for MRAO, which no organization holds. Each with its parent
  /// organization's name ("" for an organization).
  [[nodiscard]] core::Result<std::vector<std::pair<core::Organization, std::string>>> ManagedBy(
      const authz::Principal& who, core::Role role);
  /// One organization or department; NotFound outside the caller's customer.
  [[nodiscard]] core::Result<OrganizationTree> Get(const authz::Principal& who, core::OrgId id);
  /// Creates an organization (`parent` empty) or a department of `parent`.
  [[nodiscard]] core::Result<core::OrgId> Create(const authz::Principal& who,
                                                 std::optional<core::OrgId> parent,
                                                 const OrganizationPatch& fields);
  [[nodiscard]] core::Result<void> Update(const authz::Principal& who, core::OrgId id,
                                          const OrganizationPatch& patch);
  /// Deletes an organization or department that has no departments and no admins.
  [[nodiscard]] core::Result<void> Delete(const authz::Principal& who, core::OrgId id);
  /// The organization or department of `who`'s customer named `name` under `parent`
  /// (organizations: no parent); NotFound otherwise.
  [[nodiscard]] core::Result<core::Organization> FindByName(const authz::Principal& who,
                                                            const std::string& name);

 private:
  store::Store& store_;
  const core::Clock& clock_;
};

/// Creates an organization without a principal (the demo tenant and `certkeep org
/// create` on the server), audited as `actor`.
[[nodiscard]] core::Result<core::OrgId> CreateOrganizationAsOperator(
    store::Transaction& tx, const core::Clock& clock, core::CustomerId customer,
    std::optional<core::OrgId> parent, const OrganizationPatch& fields, const std::string& actor);

}  // namespace certkeep::service
