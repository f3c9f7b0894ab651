#pragma once
// Self-enrollment: an organization or department lets people who are not admins request
// SSL certificates through a form, behind an access code (and later behind the
// institution's SAML login: the access mode says which). What the form offers is the
// admins' choice, apart from what admins themselves may pick: the SSL types, the server
// software list, and the email domains a requester's address must be in.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/tenancy.h"

namespace certkeep::core {

/// How a requester proves they may use the form: the shared access code, or (to come)
/// the institution's SAML login.
enum class EnrollmentAccessMode { kAccessCode, kSaml };
[[nodiscard]] std::string_view ToString(EnrollmentAccessMode mode);
[[nodiscard]] std::optional<EnrollmentAccessMode> ParseEnrollmentAccessMode(std::string_view text);

struct SelfEnrollment {
  OrgId org_id{};
  CustomerId customer_id{};
  bool is_enabled = false;
  EnrollmentAccessMode access_mode = EnrollmentAccessMode::kAccessCode;
  std::string token{};             ///< the enrollment URL's unguessable path segment
  std::string access_code_hash{};  ///< argon2id; empty: no code set yet
  std::optional<TimePoint> access_code_set_at{};
  /// Requests issued without an admin's approval. Off by default: the requester's email
  /// is only checked to be in an allowed domain, so an admin must confirm the person.
  bool auto_approve = false;
  std::vector<std::string> server_software{};
  std::vector<std::int64_t> ssl_types{};  ///< profile ids the form offers
  std::vector<std::string> allowed_email_domains{};
};

/// The server software choices a new form starts with.
[[nodiscard]] std::vector<std::string> DefaultServerSoftware();

inline constexpr std::size_t kEnrollmentMinAccessCode = 12;
inline constexpr std::size_t kEnrollmentMaxAccessCode = 128;
inline constexpr std::size_t kEnrollmentMaxListItems = 100;

/// `settings` checked and normalised (lists trimmed, unique; domains lower case and each a
/// DNS name): Malformed naming the field. Enabling needs at least one SSL type and one
/// email domain; the link stays closed until an access code is set too.
[[nodiscard]] Result<SelfEnrollment> CheckSelfEnrollment(SelfEnrollment settings);

/// True when `email` is at one of `domains` or a name below one ("a@physics.uni.example"
/// for "uni.example"), compared without regard to case.
[[nodiscard]] bool EmailDomainAllowed(std::string_view email,
                                      const std::vector<std::string>& domains);

}  // namespace certkeep::core
