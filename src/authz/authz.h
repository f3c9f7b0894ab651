#pragma once
// Who may do what. Every use case in service/ names its Action and the Place it acts on
// and asks Authorize before it touches anything; the rules are one table (authz.cpp) so
// that the authorization-matrix test can walk every action.
//
// Scope: an MRAO acts in its whole customer; a RAO in its organization and that
// organization's departments; a DRAO in its department. A role for one certificate
// type acts only for that type. Privileges are SCM's (core/admin.h), held explicitly.

#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/admin.h"
#include "core/result.h"
#include "core/tenancy.h"

namespace certkeep::authz {

/// The authenticated admin a use case runs for.
struct Principal {
  core::AdminId admin_id{};
  core::CustomerId customer_id{};
  std::string login{};
  core::AdminType type = core::AdminType::kStandard;
  std::vector<core::Credential> credentials{};
  core::PrivilegeSet privileges{};
  std::string source{};  ///< client address, for the audit log

  /// The principal for `admin`, acting from `source`.
  [[nodiscard]] static Principal Of(const core::Admin& admin, std::string source = {});
  [[nodiscard]] bool IsMrao() const;
  /// The highest level among its roles.
  [[nodiscard]] core::RoleLevel Level() const;
  [[nodiscard]] bool Has(core::Privilege p) const { return privileges.contains(p); }
};

/// Where an action happens: a customer, or one organization or department in it.
struct Place {
  core::CustomerId customer{};
  std::optional<core::OrgId> org{};     ///< the organization or department acted on
  std::optional<core::OrgId> parent{};  ///< the department's organization

  /// The customer as a whole (creating organizations, listing, reports).
  [[nodiscard]] static Place Customer(core::CustomerId customer) { return {customer, {}, {}}; }
  /// An organization or department.
  [[nodiscard]] static Place Of(const core::Organization& org) {
    return {org.customer_id, org.id, org.parent_id};
  }
};

/// Every use case that needs a decision. Adding one? Add its row in authz.cpp's table
/// and its case in tests/unit/service/authorization_matrix_test.cpp (the test fails
/// until you do).
enum class Action {
  kListOrganizations,
  kViewOrganization,
  kCreateOrganization,
  kEditOrganization,
  kDeleteOrganization,
  kCreateDepartment,
  kEditDepartment,
  kDeleteDepartment,
  kListAdmins,
  kViewAdmin,
  kCreateAdmin,
  kEditAdmin,
  kDeleteAdmin,
  kUnlockAdmin,
  kResetAdminPassword,
  kViewActivity,
  kListDomains,
  kViewDomain,
  kCreateDomain,
  kEditDomain,
  kDeleteDomain,
  kDelegateDomain,
  kApproveDelegation,
  kValidateDomain,
  kListSsl,
  kViewSsl,
  kRequestSsl,
  kApproveSsl,
  kRevokeSsl,
  kRenewSsl,
  kReplaceSsl,
  kListCustomFields,
  kManageCustomFields,
  kListAcmeAccounts,
  kManageAcmeAccounts,
  kListNotifications,
  kManageNotifications,
};

/// One row of the rule table.
struct Rule {
  Action action;
  std::string_view name;  ///< e.g. "admin.create", also the audit action
  /// The lowest role level whose credential may act (customer-wide actions: kCustomer).
  core::RoleLevel lowest_level;
  /// Any one of these is needed; empty: none.
  std::vector<core::Privilege> privileges;
};

/// The rule table, one row per Action.
[[nodiscard]] std::span<const Rule> AllRules();
[[nodiscard]] const Rule& RuleOf(Action action);

/// Allowed, or Forbidden naming the scope or privilege that is missing.
/// `cert_type`: the certificate type acted for, if the action concerns one; then only a
/// credential of that type (or MRAO) counts.
[[nodiscard]] core::Result<void> Authorize(const Principal& principal, Action action,
                                           const Place& place,
                                           std::optional<core::CertType> cert_type = {});

/// True when some credential of `principal` covers `place` (for any certificate type, or
/// for `cert_type`) at `lowest_level` or above.
[[nodiscard]] bool Covers(const Principal& principal, const Place& place,
                          core::RoleLevel lowest_level = core::RoleLevel::kDepartment,
                          std::optional<core::CertType> cert_type = {});

/// Looks up an organization or department of the principal's customer by id.
using OrgLookup = std::function<std::optional<core::Organization>(core::OrgId)>;

/// May `principal` hold-and-hand-out `credential`? Only at or below its own level,
/// inside its scope, for its certificate types.
[[nodiscard]] core::Result<void> CheckGrantRole(const Principal& principal,
                                                const core::Credential& credential,
                                                const OrgLookup& orgs);

/// May `principal` make an admin of type `after` (of type `before`; none when creating
/// it; `self`: its own record)? No admin changes its own type, and a WS-API-only admin
/// gives no one the console login it does not hold itself.
[[nodiscard]] core::Result<void> CheckGrantType(const Principal& principal,
                                                std::optional<core::AdminType> before,
                                                core::AdminType after, bool self);

/// May `principal` manage (view, edit, delete) the admin holding `credentials`? Only if
/// it could have granted every one of them.
[[nodiscard]] core::Result<void> CheckManages(const Principal& principal,
                                              std::span<const core::Credential> credentials,
                                              const OrgLookup& orgs);

/// May `principal` change `before` into `after` privileges? Every privilege added or
/// removed must be one it holds itself, and fit the roles of the admin.
[[nodiscard]] core::Result<void> CheckGrantPrivileges(const Principal& principal,
                                                      const core::PrivilegeSet& before,
                                                      const core::PrivilegeSet& after);

/// The shape SCM demands of a credential list: not empty (-221), one level (-222), each
/// role once (-223), RAO at an organization, DRAO at a department, of the same customer.
[[nodiscard]] core::Result<void> CheckCredentialShape(core::CustomerId customer,
                                                      std::vector<core::Credential>& credentials,
                                                      const OrgLookup& orgs);

/// Privileges of `privileges` that none of `credentials` can hold (a type-specific
/// privilege needs a role of that type; level-bound ones a role high enough).
[[nodiscard]] std::vector<core::Privilege> UnfitPrivileges(
    std::span<const core::Credential> credentials, const core::PrivilegeSet& privileges);

/// Web API switch: SSL calls need sslCertsApiEnabled, client-certificate calls
/// clientCertsApiEnabled, on the organization or department acted on.
[[nodiscard]] core::Result<void> CheckWebApiEnabled(const core::Organization& org,
                                                    core::CertType cert_type);

}  // namespace certkeep::authz
