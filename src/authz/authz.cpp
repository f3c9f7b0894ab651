#include "authz/authz.h"

#include <algorithm>
#include <string>

namespace certkeep::authz {

namespace {

using core::Privilege;
using core::RoleLevel;

core::Error Forbidden(core::Reason reason, std::string detail) {
  return core::Error(core::ErrorCode::kForbidden, reason, std::move(detail));
}

std::string Quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

std::string DescribePlace(const Place& place) {
  if (!place.org) return "the whole customer";
  return (place.parent ? "department " : "organization ") + std::to_string(place.org->value);
}

// The one rule table. Customer-wide reads (lists) name kDepartment: any admin of the
// customer may ask, and sees only what its credentials cover.
const std::vector<Rule>& Rules() {
  static const std::vector<Rule> rules = {
      {Action::kListOrganizations, "organization.list", RoleLevel::kDepartment, {}},
      {Action::kViewOrganization, "organization.view", RoleLevel::kDepartment, {}},
      {Action::kCreateOrganization,
       "organization.create",
       RoleLevel::kCustomer,
       {Privilege::kAddOrganizationAndDepartments}},
      {Action::kEditOrganization,
       "organization.edit",
       RoleLevel::kOrganization,
       {Privilege::kEditOrganizationAndDepartment}},
      {Action::kDeleteOrganization,
       "organization.delete",
       RoleLevel::kCustomer,
       {Privilege::kAddOrganizationAndDepartments}},
      {Action::kCreateDepartment,
       "department.create",
       RoleLevel::kOrganization,
       {Privilege::kAddDepartments, Privilege::kAddOrganizationAndDepartments}},
      {Action::kEditDepartment,
       "department.edit",
       RoleLevel::kDepartment,
       {Privilege::kEditDepartments, Privilege::kEditOrganizationAndDepartment}},
      {Action::kDeleteDepartment,
       "department.delete",
       RoleLevel::kOrganization,
       {Privilege::kAddDepartments, Privilege::kAddOrganizationAndDepartments}},
      {Action::kListAdmins, "admin.list", RoleLevel::kDepartment, {}},
      {Action::kViewAdmin, "admin.view", RoleLevel::kDepartment, {}},
      {Action::kCreateAdmin, "admin.create", RoleLevel::kDepartment, {Privilege::kAllowCreate}},
      {Action::kEditAdmin, "admin.edit", RoleLevel::kDepartment, {Privilege::kAllowEdit}},
      {Action::kDeleteAdmin, "admin.delete", RoleLevel::kDepartment, {Privilege::kAllowDelete}},
      {Action::kUnlockAdmin, "admin.unlock", RoleLevel::kDepartment, {Privilege::kAllowEdit}},
      {Action::kResetAdminPassword,
       "admin.password.reset",
       RoleLevel::kDepartment,
       {Privilege::kAllowEdit}},
      {Action::kViewActivity, "report.activity", RoleLevel::kCustomer, {}},
      // Domains: each action is asked for every place a domain is delegated to (a
      // domain is seen through any of its delegations, changed only through all).
      {Action::kListDomains, "domain.list", RoleLevel::kDepartment, {}},
      {Action::kViewDomain, "domain.view", RoleLevel::kDepartment, {}},
      {Action::kCreateDomain,
       "domain.create",
       RoleLevel::kDepartment,
       {Privilege::kAllowManageDomains}},
      {Action::kEditDomain,
       "domain.edit",
       RoleLevel::kDepartment,
       {Privilege::kAllowManageDomains}},
      {Action::kDeleteDomain,
       "domain.delete",
       RoleLevel::kDepartment,
       {Privilege::kAllowManageDomains}},
      {Action::kDelegateDomain,
       "domain.delegate",
       RoleLevel::kDepartment,
       {Privilege::kAllowManageDomains}},
      {Action::kApproveDelegation,
       "domain.delegation.approve",
       RoleLevel::kOrganization,
       {Privilege::kApproveDomainDelegation}},
      // Domain control validation of a name under a domain seen through a delegation.
      {Action::kValidateDomain, "domain.validate", RoleLevel::kDepartment, {Privilege::kAllowDcv}},
      // SSL certificates of the place they were requested for; asked with CertType::kSsl,
      // so only an SSL role (or MRAO) counts.
      {Action::kListSsl, "ssl.list", RoleLevel::kDepartment, {}},
      {Action::kViewSsl, "ssl.view", RoleLevel::kDepartment, {}},
      {Action::kRequestSsl, "ssl.request", RoleLevel::kDepartment, {Privilege::kSslRequest}},
      {Action::kApproveSsl, "ssl.approve", RoleLevel::kDepartment, {Privilege::kSslApprove}},
      {Action::kRevokeSsl, "ssl.revoke", RoleLevel::kDepartment, {Privilege::kSslRevoke}},
      {Action::kRenewSsl, "ssl.renew", RoleLevel::kDepartment, {Privilege::kSslRenew}},
      {Action::kReplaceSsl, "ssl.replace", RoleLevel::kDepartment, {Privilege::kSslReplace}},
      // Custom fields are the customer's (Settings, as SCM has them): every admin reads
      // them, since every request form asks for them; only an MRAO defines them.
      {Action::kListCustomFields, "customField.list", RoleLevel::kDepartment, {}},
      {Action::kManageCustomFields, "customField.manage", RoleLevel::kCustomer, {}},
      // ACME accounts (EAB credentials) of the place they are bound to; asked with
      // CertType::kSsl: their clients order SSL certificates there. SCM has no privilege
      // of its own for them: an admin who may act for SSL at the place manages them.
      {Action::kListAcmeAccounts, "acmeAccount.list", RoleLevel::kDepartment, {}},
      {Action::kManageAcmeAccounts, "acmeAccount.manage", RoleLevel::kDepartment, {}},
      // Notification rules of the places they list (a customer-wide one: MRAOs).
      {Action::kListNotifications, "notification.list", RoleLevel::kDepartment, {}},
      {Action::kManageNotifications, "notification.manage", RoleLevel::kDepartment, {}},
  };
  return rules;
}

bool CredentialCovers(const core::Credential& c, const Place& place, RoleLevel lowest_level,
                      std::optional<core::CertType> cert_type) {
  auto level = core::LevelOf(c.role);
  if (level > lowest_level) return false;
  auto role_type = core::CertTypeOf(c.role);
  if (cert_type && role_type && *role_type != *cert_type) return false;
  switch (level) {
    case RoleLevel::kCustomer:
      return true;
    case RoleLevel::kOrganization:
      return place.org && c.org_id && (*place.org == *c.org_id || place.parent == c.org_id);
    case RoleLevel::kDepartment:
      return place.org && c.org_id && *place.org == *c.org_id;
  }
  return false;
}

}  // namespace

Principal Principal::Of(const core::Admin& admin, std::string source) {
  return {.admin_id = admin.id,
          .customer_id = admin.customer_id,
          .login = admin.login,
          .type = admin.type,
          .credentials = admin.credentials,
          .privileges = admin.privileges,
          .source = std::move(source)};
}

bool Principal::IsMrao() const {
  return std::any_of(credentials.begin(), credentials.end(),
                     [](const core::Credential& c) { return c.role == core::Role::kMrao; });
}

core::RoleLevel Principal::Level() const {
  auto best = RoleLevel::kDepartment;
  for (const auto& c : credentials) best = std::min(best, core::LevelOf(c.role));
  return best;
}

std::span<const Rule> AllRules() {
  return Rules();
}

const Rule& RuleOf(Action action) {
  const auto& rules = Rules();
  return *std::find_if(rules.begin(), rules.end(),
                       [action](const Rule& r) { return r.action == action; });
}

bool Covers(const Principal& principal, const Place& place, RoleLevel lowest_level,
            std::optional<core::CertType> cert_type) {
  if (principal.customer_id != place.customer) return false;
  return std::any_of(principal.credentials.begin(), principal.credentials.end(),
                     [&](const core::Credential& c) {
                       return CredentialCovers(c, place, lowest_level, cert_type);
                     });
}

core::Result<void> Authorize(const Principal& principal, Action action, const Place& place,
                             std::optional<core::CertType> cert_type) {
  const Rule& rule = RuleOf(action);
  if (principal.customer_id != place.customer) {
    return core::Fail(Forbidden(core::Reason::kOutOfScope,
                                "admin " + Quoted(principal.login) + " may not " +
                                    std::string(rule.name) + " outside its own customer"));
  }
  // A customer-wide request by a lower-level admin: allowed, and answered only with what
  // its credentials cover (the use case filters).
  bool customer_wide_read = !place.org && rule.lowest_level != RoleLevel::kCustomer;
  if (!customer_wide_read && !Covers(principal, place, rule.lowest_level, cert_type)) {
    bool any_type = Covers(principal, place, rule.lowest_level);
    if (cert_type && any_type) {
      return core::Fail(Forbidden(core::Reason::kCertTypeNotHeld,
                                  "admin " + Quoted(principal.login) + " holds no " +
                                      std::string(core::ToString(*cert_type)) + " role for " +
                                      DescribePlace(place)));
    }
    return core::Fail(Forbidden(core::Reason::kOutOfScope,
                                "admin " + Quoted(principal.login) + " may not " +
                                    std::string(rule.name) + " in " + DescribePlace(place) +
                                    (rule.lowest_level == RoleLevel::kCustomer ? " (MRAO only)"
                                     : rule.lowest_level == RoleLevel::kOrganization
                                         ? " (needs MRAO or RAO of the organization)"
                                         : "")));
  }
  if (!rule.privileges.empty() && std::none_of(rule.privileges.begin(), rule.privileges.end(),
                                               [&](Privilege p) { return principal.Has(p); })) {
    return core::Fail(Forbidden(core::Reason::kPrivilegeMissing,
                                "admin " + Quoted(principal.login) + " lacks the privilege " +
                                    Quoted(core::ToString(rule.privileges.front())) + " to " +
                                    std::string(rule.name)));
  }
  return core::Ok();
}

core::Result<void> CheckGrantRole(const Principal& principal, const core::Credential& credential,
                                  const OrgLookup& orgs) {
  auto refuse = [&]() {
    return core::Fail(Forbidden(
        core::Reason::kCannotGrantRole,
        "admin " + Quoted(principal.login) + " cannot grant the role " +
            std::string(core::ToString(credential.role)) +
            (credential.org_id ? " at " + std::to_string(credential.org_id->value) : "") +
            ": roles are granted only at or below one's own level, in one's own scope, for "
            "one's own certificate types"));
  };
  if (credential.role == core::Role::kMrao) {
    if (!principal.IsMrao()) return refuse();
    return core::Ok();
  }
  if (!credential.org_id) return refuse();
  auto org = orgs(*credential.org_id);
  if (!org) return refuse();
  if (!Covers(principal, Place::Of(*org), core::LevelOf(credential.role),
              core::CertTypeOf(credential.role))) {
    return refuse();
  }
  return core::Ok();
}

core::Result<void> CheckManages(const Principal& principal,
                                std::span<const core::Credential> credentials,
                                const OrgLookup& orgs) {
  if (credentials.empty() && !principal.IsMrao()) {
    return core::Fail(Forbidden(core::Reason::kCannotManageAdmin,
                                "only an MRAO may manage an admin without roles"));
  }
  for (const auto& c : credentials) {
    if (!CheckGrantRole(principal, c, orgs)) {
      return core::Fail(Forbidden(core::Reason::kCannotManageAdmin,
                                  "admin " + Quoted(principal.login) +
                                      " has no privilege to manage an admin holding " +
                                      std::string(core::ToString(c.role)) +
                                      (c.org_id ? " at " + std::to_string(c.org_id->value) : "")));
    }
  }
  return core::Ok();
}

core::Result<void> CheckGrantType(const Principal& principal, std::optional<core::AdminType> before,
                                  core::AdminType after, bool self) {
  if (before == after) return core::Ok();
  if (self) {
    return core::Fail(Forbidden(core::Reason::kCannotGrantPrivilege,
                                "admin " + Quoted(principal.login) +
                                    " cannot change its own type: another admin does that"));
  }
  if (principal.type == core::AdminType::kApi && after != core::AdminType::kApi) {
    return core::Fail(Forbidden(core::Reason::kCannotGrantPrivilege,
                                "admin " + Quoted(principal.login) +
                                    " is a WS API use only admin: it cannot give an admin the " +
                                    "console login it does not hold itself"));
  }
  return core::Ok();
}

core::Result<void> CheckGrantPrivileges(const Principal& principal,
                                        const core::PrivilegeSet& before,
                                        const core::PrivilegeSet& after) {
  for (const auto& info : core::AllPrivileges()) {
    bool changed = before.contains(info.privilege) != after.contains(info.privilege);
    if (changed && !principal.Has(info.privilege)) {
      return core::Fail(Forbidden(core::Reason::kCannotGrantPrivilege,
                                  "admin " + Quoted(principal.login) +
                                      " cannot grant or remove the privilege " + Quoted(info.name) +
                                      ": it does not hold it itself"));
    }
  }
  return core::Ok();
}

std::vector<core::Privilege> UnfitPrivileges(std::span<const core::Credential> credentials,
                                             const core::PrivilegeSet& privileges) {
  std::vector<core::Privilege> unfit;
  for (auto p : privileges) {
    const auto& info = core::InfoOf(p);
    bool fits = std::any_of(credentials.begin(), credentials.end(), [&](const auto& c) {
      auto type = core::CertTypeOf(c.role);
      return core::LevelOf(c.role) <= info.lowest_level &&
             (!info.cert_type || !type || *type == *info.cert_type);
    });
    if (!fits) unfit.push_back(p);
  }
  return unfit;
}

core::Result<void> CheckCredentialShape(core::CustomerId customer,
                                        std::vector<core::Credential>& credentials,
                                        const OrgLookup& orgs) {
  auto error = [](core::Reason reason, std::string detail) {
    return core::Fail(core::Error(core::ErrorCode::kMalformed, reason, std::move(detail)));
  };
  if (credentials.empty()) {
    return error(core::Reason::kRoleWithoutOrg, "Select at least one Org/Dept per role");
  }
  std::set<core::Role> seen;
  auto level = core::LevelOf(credentials.front().role);
  for (auto& c : credentials) {
    if (core::LevelOf(c.role) != level) {
      return error(core::Reason::kRolesMixedLevels,
                   "All roles of an admin must be for the same level (MRAO, RAO or DRAO)");
    }
    if (!seen.insert(c.role).second) {
      return error(core::Reason::kOneOrgPerRole,
                   "Only one Org/Dept per role: " + std::string(core::ToString(c.role)));
    }
    if (c.role == core::Role::kMrao) {
      c.org_id.reset();  // SCM clients send the customer's id or nothing here
      continue;
    }
    if (!c.org_id) {
      return error(core::Reason::kRoleWithoutOrg,
                   "Select an Org/Dept for role " + std::string(core::ToString(c.role)));
    }
    auto org = orgs(*c.org_id);
    if (!org || org->customer_id != customer) {
      return error(core::Reason::kInvalidField, "orgId " + std::to_string(c.org_id->value) +
                                                    " is not an organization or "
                                                    "department of this customer");
    }
    bool wants_department = core::LevelOf(c.role) == RoleLevel::kDepartment;
    if (org->IsDepartment() != wants_department) {
      return error(core::Reason::kInvalidField,
                   std::string(core::ToString(c.role)) + " needs " +
                       (wants_department ? "a department" : "an organization") + ", and " +
                       std::to_string(c.org_id->value) + " is " +
                       (org->IsDepartment() ? "a department" : "an organization"));
    }
  }
  return core::Ok();
}

core::Result<void> CheckWebApiEnabled(const core::Organization& org, core::CertType cert_type) {
  bool enabled = cert_type == core::CertType::kSmime ? org.client_certs_api_enabled
                                                     : org.ssl_certs_api_enabled;
  if (enabled) return core::Ok();
  return core::Fail(Forbidden(
      core::Reason::kWebApiDisabled,
      "Web API operations are not enabled for " +
          std::string(org.IsDepartment() ? "department " : "organization ") + Quoted(org.name) +
          " (" +
          (cert_type == core::CertType::kSmime ? "clientCertsApiEnabled" : "sslCertsApiEnabled") +
          ")"));
}

}  // namespace certkeep::authz
