#include "core/admin.h"

#include <algorithm>

namespace certkeep::core {

namespace {

struct RoleRow {
  Role role;
  std::string_view name;
  RoleLevel level;
  std::optional<CertType> cert_type;
};
constexpr RoleRow kRoles[] = {
    {Role::kMrao, "MRAO", RoleLevel::kCustomer, std::nullopt},
    {Role::kRaoSsl, "RAO_SSL", RoleLevel::kOrganization, CertType::kSsl},
    {Role::kRaoSmime, "RAO_SMIME", RoleLevel::kOrganization, CertType::kSmime},
    {Role::kRaoCs, "RAO_CS", RoleLevel::kOrganization, CertType::kCodeSigning},
    {Role::kDraoSsl, "DRAO_SSL", RoleLevel::kDepartment, CertType::kSsl},
    {Role::kDraoSmime, "DRAO_SMIME", RoleLevel::kDepartment, CertType::kSmime},
    {Role::kDraoCs, "DRAO_CS", RoleLevel::kDepartment, CertType::kCodeSigning},
};
constexpr Role kRoleOrder[] = {Role::kMrao,    Role::kRaoSsl,    Role::kRaoSmime, Role::kRaoCs,
                               Role::kDraoSsl, Role::kDraoSmime, Role::kDraoCs};

const RoleRow& RowOf(Role role) {
  return *std::find_if(std::begin(kRoles), std::end(kRoles),
                       [role](const RoleRow& r) { return r.role == role; });
}

constexpr auto kCustomer = RoleLevel::kCustomer;
constexpr auto kOrg = RoleLevel::kOrganization;
constexpr auto kDept = RoleLevel::kDepartment;
constexpr std::optional<CertType> kAny = std::nullopt;

// The one privilege table: SCM's name, what it allows, the certificate type a holder
// needs a role for, and the lowest role level that may hold it.
constexpr PrivilegeInfo kPrivileges[] = {
    {Privilege::kAllowCreate, "allowCreate", "create admins at or below its own level", kAny,
     kDept},
    {Privilege::kAllowEdit, "allowEdit", "edit admins at or below its own level", kAny, kDept},
    {Privilege::kAllowDelete, "allowDelete", "delete admins at or below its own level", kAny,
     kDept},
    {Privilege::kAllowDcv, "allowDCV", "start and manage domain control validation", kAny, kDept},
    {Privilege::kApproveDomainDelegation, "approveDomainDelegation",
     "approve domain delegations requested below it", kAny, kOrg},
    {Privilege::kAllowManageDomains, "allowManageDomains", "add and edit domains", kAny, kDept},
    {Privilege::kAutoApproveCertificates, "autoApproveCertificates",
     "its own certificate requests are approved at once", kAny, kDept},
    {Privilege::kSslRequest, "sslRequest", "request SSL certificates", CertType::kSsl, kDept},
    {Privilege::kSslRenew, "sslRenew", "renew SSL certificates", CertType::kSsl, kDept},
    {Privilege::kSslReplace, "sslReplace", "replace SSL certificates", CertType::kSsl, kDept},
    {Privilege::kSslRevoke, "sslRevoke", "revoke SSL certificates", CertType::kSsl, kDept},
    {Privilege::kSslApprove, "sslApprove", "approve or decline SSL requests", CertType::kSsl,
     kDept},
    {Privilege::kSslManage, "sslManage", "edit SSL certificate records", CertType::kSsl, kDept},
    {Privilege::kClientCertRequest, "clientCertRequest", "request client certificates",
     CertType::kSmime, kDept},
    {Privilege::kClientCertRevoke, "clientCertRevoke", "revoke client certificates",
     CertType::kSmime, kDept},
    {Privilege::kClientCertManage, "clientCertManage", "manage client certificates",
     CertType::kSmime, kDept},
    {Privilege::kCsRequest, "csRequest", "request code signing certificates",
     CertType::kCodeSigning, kDept},
    {Privilege::kCsRevoke, "csRevoke", "revoke code signing certificates", CertType::kCodeSigning,
     kDept},
    {Privilege::kCsManage, "csManage", "manage code signing certificates", CertType::kCodeSigning,
     kDept},
    {Privilege::kEditOrganizationAndDepartment, "editOrganizationAndDepartment",
     "edit its organization and its departments", kAny, kOrg},
    {Privilege::kAddOrganizationAndDepartments, "addOrganizationAndDepartments",
     "create organizations", kAny, kCustomer},
    {Privilege::kAddDepartments, "addDepartments", "create departments in its organization", kAny,
     kOrg},
    {Privilege::kEditDepartments, "editDepartments", "edit its departments", kAny, kDept},
    {Privilege::kViewUsage, "viewUsage", "see the account's usage reports", kAny, kCustomer},
};

struct AdminTypeRow {
  AdminType type;
  std::string_view name;
};
constexpr AdminTypeRow kAdminTypes[] = {
    {AdminType::kStandard, "STANDARD"}, {AdminType::kApi, "API"}, {AdminType::kIdp, "IDP"}};

}  // namespace

std::span<const Role> AllRoles() {
  return kRoleOrder;
}
RoleLevel LevelOf(Role role) {
  return RowOf(role).level;
}
std::optional<CertType> CertTypeOf(Role role) {
  return RowOf(role).cert_type;
}
std::string_view ToString(Role role) {
  return RowOf(role).name;
}

std::optional<Role> ParseRole(std::string_view text) {
  for (const auto& r : kRoles) {
    if (r.name == text) return r.role;
  }
  return std::nullopt;
}

std::span<const PrivilegeInfo> AllPrivileges() {
  return kPrivileges;
}

const PrivilegeInfo& InfoOf(Privilege privilege) {
  return *std::find_if(std::begin(kPrivileges), std::end(kPrivileges),
                       [privilege](const PrivilegeInfo& p) { return p.privilege == privilege; });
}

std::string_view ToString(Privilege privilege) {
  return InfoOf(privilege).name;
}

std::optional<Privilege> ParsePrivilege(std::string_view text) {
  for (const auto& p : kPrivileges) {
    if (p.name == text) return p.privilege;
  }
  return std::nullopt;
}

std::string_view ToString(AdminType type) {
  for (const auto& t : kAdminTypes) {
    if (t.type == type) return t.name;
  }
  return "STANDARD";
}

std::optional<AdminType> ParseAdminType(std::string_view text) {
  for (const auto& t : kAdminTypes) {
    if (t.name == text) return t.type;
  }
  return std::nullopt;
}

std::string_view ToString(CertType type) {
  switch (type) {
    case CertType::kSsl:
      return "SSL";
    case CertType::kSmime:
      return "SMIME";
    case CertType::kCodeSigning:
      return "CodeSign";
  }
  return "SSL";
}

bool Admin::IsMrao() const {
  return std::any_of(credentials.begin(), credentials.end(),
                     [](const Credential& c) { return c.role == Role::kMrao; });
}

RoleLevel Admin::Level() const {
  RoleLevel best = RoleLevel::kDepartment;
  for (const auto& c : credentials) best = std::min(best, LevelOf(c.role));
  return best;
}

bool IsValidLogin(std::string_view login) {
  if (login.size() < 3 || login.size() > 128) return false;
  return std::all_of(login.begin(), login.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

}  // namespace certkeep::core
