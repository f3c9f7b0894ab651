#pragma once
// Administrators as SCM knows them (scm-api.md §2.6): roles per certificate type at a
// level (MRAO: the customer; RAO: one organization; DRAO: one department), privileges by
// SCM's own names, and the password and lockout state that authentication keeps.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/tenancy.h"

namespace certkeep::core {

struct AdminTag {};
/// Identifies an administrator.
using AdminId = Id<AdminTag>;

/// How an admin signs in: STANDARD (console and API), API ("WS API use only": never a
/// console session), IDP (SAML login; no password).
enum class AdminType { kStandard, kApi, kIdp };

/// The certificate types roles and privileges are split by.
enum class CertType { kSsl, kSmime, kCodeSigning };

/// The level a role acts at; a lower enumerator is a higher level.
enum class RoleLevel { kCustomer = 0, kOrganization = 1, kDepartment = 2 };

/// SCM's ClientRole vocabulary (device roles are not offered: certkeep has no device
/// certificates).
enum class Role { kMrao, kRaoSsl, kRaoSmime, kRaoCs, kDraoSsl, kDraoSmime, kDraoCs };

/// Every role, in SCM's order (GET /api/admin/v1/roles).
[[nodiscard]] std::span<const Role> AllRoles();
[[nodiscard]] RoleLevel LevelOf(Role role);
/// The certificate type a RAO/DRAO role is for; nullopt for MRAO (all types).
[[nodiscard]] std::optional<CertType> CertTypeOf(Role role);
[[nodiscard]] std::string_view ToString(Role role);
[[nodiscard]] std::optional<Role> ParseRole(std::string_view text);

/// SCM's privilege names (scm-api.md §2.6), those certkeep acts on.
enum class Privilege {
  kAllowCreate,
  kAllowEdit,
  kAllowDelete,
  kAllowDcv,
  kApproveDomainDelegation,
  kAllowManageDomains,
  kAutoApproveCertificates,
  kSslRequest,
  kSslRenew,
  kSslReplace,
  kSslRevoke,
  kSslApprove,
  kSslManage,
  kClientCertRequest,
  kClientCertRevoke,
  kClientCertManage,
  kCsRequest,
  kCsRevoke,
  kCsManage,
  kEditOrganizationAndDepartment,
  kAddOrganizationAndDepartments,
  kAddDepartments,
  kEditDepartments,
  kViewUsage,
};
static_assert(static_cast<int>(Privilege::kViewUsage) < 64, "PrivilegeSet holds 64 privileges");

/// One row of the privilege table.
struct PrivilegeInfo {
  Privilege privilege;
  std::string_view name;  ///< SCM's spelling, e.g. "autoApproveCertificates"
  std::string_view description;
  std::optional<CertType> cert_type;  ///< a type-specific privilege needs a role of that type
  RoleLevel lowest_level;             ///< the lowest role level that may hold it
};
[[nodiscard]] std::span<const PrivilegeInfo> AllPrivileges();

/// A set of privileges as one 64-bit word: copied on every authenticated request, so it
/// must not allocate. Iterates in enumerator order, like std::set would.
class PrivilegeSet {
 public:
  PrivilegeSet() = default;
  PrivilegeSet(std::initializer_list<Privilege> privileges) {
    for (auto p : privileges) insert(p);
  }
  [[nodiscard]] bool contains(Privilege p) const { return (bits_ >> Bit(p)) & 1U; }
  void insert(Privilege p) { bits_ |= std::uint64_t{1} << Bit(p); }
  void erase(Privilege p) { bits_ &= ~(std::uint64_t{1} << Bit(p)); }
  [[nodiscard]] bool empty() const { return bits_ == 0; }
  [[nodiscard]] std::size_t size() const {
    return static_cast<std::size_t>(__builtin_popcountll(bits_));
  }
  bool operator==(const PrivilegeSet&) const = default;

  /// Walks the members in enumerator order.
  class Iterator {
   public:
    using value_type = Privilege;
    using difference_type = std::ptrdiff_t;
    Iterator() = default;
    explicit Iterator(std::uint64_t rest) : rest_(rest) {}
    Privilege operator*() const { return static_cast<Privilege>(__builtin_ctzll(rest_)); }
    Iterator& operator++() {
      rest_ &= rest_ - 1;
      return *this;
    }
    Iterator operator++(int) {
      auto before = *this;
      ++*this;
      return before;
    }
    bool operator==(const Iterator&) const = default;

   private:
    std::uint64_t rest_ = 0;
  };
  [[nodiscard]] Iterator begin() const { return Iterator(bits_); }
  [[nodiscard]] Iterator end() const { return Iterator(0); }

 private:
  static unsigned Bit(Privilege p) { return static_cast<unsigned>(p); }
  std::uint64_t bits_ = 0;
};
[[nodiscard]] const PrivilegeInfo& InfoOf(Privilege privilege);
[[nodiscard]] std::string_view ToString(Privilege privilege);
[[nodiscard]] std::optional<Privilege> ParsePrivilege(std::string_view text);

[[nodiscard]] std::string_view ToString(AdminType type);
[[nodiscard]] std::optional<AdminType> ParseAdminType(std::string_view text);
[[nodiscard]] std::string_view ToString(CertType type);

/// A role held at a place: MRAO has no org_id; RAO an organization; DRAO a department.
struct Credential {
  Role role{};
  std::optional<OrgId> org_id{};
  auto operator<=>(const Credential&) const = default;
};

/// Optional contact fields.
struct AdminContact {
  std::string title{}, telephone{}, street{}, locality{}, state{}, postal_code{}, country{};
};

/// Password and lockout state, kept with the admin.
struct PasswordState {
  std::string hash{};       ///< argon2id encoded; empty for IDP admins
  bool must_change = true;  ///< set by whoever set it last, if not the admin
  TimePoint changed_at{};
  std::optional<TimePoint> expires_at{};  ///< passwordState EXPIRED once passed
  int failed_attempts = 0;                ///< since the last success or lock
  int lockouts = 0;                       ///< locks since the last success: grows the lock
  std::optional<TimePoint> locked_until{};
};

/// One administrator.
struct Admin {
  AdminId id{};
  CustomerId customer_id{};
  std::string login{};
  std::string email{};
  std::string forename{};
  std::string surname{};
  AdminContact contact{};
  AdminType type = AdminType::kStandard;
  std::string identity_provider_id{};
  std::string idp_person_id{};
  std::string auth_cert_issuer{};  ///< issuer DN of the client-auth certificate, if any
  std::string auth_cert_serial{};  ///< its serial, normalised hex
  std::vector<Credential> credentials{};
  PrivilegeSet privileges{};
  bool suspended = false;  ///< activeStatus SUSPENDED
  PasswordState password{};
  /// Grows on every change that must end cached logins and sessions (password,
  /// suspension, lock, roles): every node compares it on every request.
  std::int64_t credential_version = 1;
  std::optional<AdminId> created_by{};
  TimePoint created_at{};
  TimePoint modified_at{};

  [[nodiscard]] bool IsMrao() const;
  /// The highest level among its roles.
  [[nodiscard]] RoleLevel Level() const;
  [[nodiscard]] bool Has(Privilege p) const { return privileges.contains(p); }
};

/// True when `login` is 3–128 characters of printable ASCII without spaces.
[[nodiscard]] bool IsValidLogin(std::string_view login);

}  // namespace certkeep::core
