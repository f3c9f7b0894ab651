#pragma once
// An SSL certificate as the REST API and the console see it: a request that an admin
// approves, the CA signs, and that later is revoked, expires or is replaced
// (scm-api.md §2.1, §3.1). The CA's own record (core::CertificateRecord) is linked once
// the certificate is signed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/admin.h"
#include "core/certificate.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/result.h"
#include "core/tenancy.h"

namespace certkeep::core {

struct SslTag {};
using SslId = Id<SslTag>;

/// The statuses, spelled on the wire as SCM spells them.
enum class SslStatus {
  kRequested,  ///< waiting for an admin with sslApprove
  kApproved,   ///< approved; waiting for domain validation of some name
  kApplied,    ///< handed to the CA for signing
  kIssued,
  kDeclined,  ///< an admin declined it
  kRejected,  ///< the CA refused it (e.g. lint)
  kInvalid,   ///< the request cannot be processed (e.g. its profile is gone)
  kRevoked,
  kExpired,
  kReplaced,  ///< superseded by a replacement
};
[[nodiscard]] std::string_view ToString(SslStatus status);
[[nodiscard]] std::optional<SslStatus> ParseSslStatus(std::string_view text);

/// What moves a certificate from one status to another.
enum class SslEvent {
  kAutoApprove,  ///< at enroll, the requester holds autoApproveCertificates
  kApprove,
  kDecline,
  kValidationPending,  ///< approved, but a name still waits for domain validation
  kApply,              ///< every name validated: handed to the CA
  kIssue,
  kReject,  ///< the CA refused to sign
  kInvalidate,
  kRevoke,
  kExpire,
  kReplace,
  kEdit,  ///< an edit of the request sends it back for approval
};
[[nodiscard]] std::string_view ToString(SslEvent event);

/// The status `event` leads to from `from`, or Conflict (kSslBadTransition) naming both.
[[nodiscard]] Result<SslStatus> SslTransition(SslStatus from, SslEvent event);

/// One row of the state table (for tests and documentation).
struct SslTransitionRow {
  SslStatus from;
  SslEvent event;
  SslStatus to;
};
[[nodiscard]] const std::vector<SslTransitionRow>& SslTransitions();

/// How a request reached certkeep (SCM's requestedVia display words).
enum class RequestedVia { kRestApi, kClientAdmin, kEnrollmentForm, kAcme };
[[nodiscard]] std::string_view ToString(RequestedVia via);

/// One SSL certificate request and, once signed, its certificate.
struct SslCertificate {
  SslId id{};
  CustomerId customer_id{};
  OrgId org_id{};  ///< organization or department
  ProfileId profile_id{};
  int term_days = 0;
  SslStatus status = SslStatus::kRequested;
  std::string csr{};                 ///< PEM, as received
  std::string common_name{};         ///< the CSR's CN, lower case (may be empty)
  std::vector<std::string> names{};  ///< every DNS name the certificate will carry
  std::string key_type{};            ///< e.g. "RSA - 2048", "EC - P-256"
  std::string requester{};           ///< the requesting admin's login
  std::optional<AdminId> requester_id{};
  RequestedVia requested_via = RequestedVia::kRestApi;
  std::string external_requester{};  ///< email address(es), comma-separated
  std::string comments{};
  std::string custom_fields{};  ///< JSON array of {name, value}
  std::string dcv_mode{};       ///< when the request may wait for validation
  bool auto_renew = false;
  int auto_renew_days = 30;  ///< days before expiry
  std::string renew_id{};    ///< SCM's renewId: an unguessable handle
  std::optional<SslId> renewed_from{};
  std::optional<SslId> replaced_by{};
  std::string message{};  ///< the approver's or decliner's message, or why the CA refused
  std::optional<AdminId> approver_id{};
  std::optional<CertificateId> certificate_id{};  ///< the CA's record once signed
  std::string serial{};                           ///< lower-case hex once signed
  TimePoint requested_at{};
  std::optional<TimePoint> approved_at{};
  std::optional<TimePoint> declined_at{};
  std::optional<TimePoint> issued_at{};
  std::optional<TimePoint> expires_at{};
  std::optional<TimePoint> revoked_at{};
  std::optional<TimePoint> replaced_at{};
  std::optional<int> revocation_reason{};
  bool suspend_notifications = false;  ///< no expiry notices for it (SCM's suspendNotifications)
};

}  // namespace certkeep::core
