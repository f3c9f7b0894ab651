#include "core/ssl_certificate.h"

namespace certkeep::core {

namespace {

struct StatusRow {
  SslStatus status;
  std::string_view name;
};
constexpr StatusRow kStatuses[] = {
    {SslStatus::kRequested, "Requested"}, {SslStatus::kApproved, "Approved"},
    {SslStatus::kApplied, "Applied"},     {SslStatus::kIssued, "Issued"},
    {SslStatus::kDeclined, "Declined"},   {SslStatus::kRejected, "Rejected"},
    {SslStatus::kInvalid, "Invalid"},     {SslStatus::kRevoked, "Revoked"},
    {SslStatus::kExpired, "Expired"},     {SslStatus::kReplaced, "Replaced"},
};

struct EventRow {
  SslEvent event;
  std::string_view name;
};
constexpr EventRow kEvents[] = {
    {SslEvent::kAutoApprove, "auto-approve"},
    {SslEvent::kApprove, "approve"},
    {SslEvent::kDecline, "decline"},
    {SslEvent::kValidationPending, "wait for validation"},
    {SslEvent::kApply, "apply"},
    {SslEvent::kIssue, "issue"},
    {SslEvent::kReject, "reject"},
    {SslEvent::kInvalidate, "invalidate"},
    {SslEvent::kRevoke, "revoke"},
    {SslEvent::kExpire, "expire"},
    {SslEvent::kReplace, "replace"},
    {SslEvent::kEdit, "edit"},
};

using S = SslStatus;
using E = SslEvent;

}  // namespace

const std::vector<SslTransitionRow>& SslTransitions() {
  // The one state table of an SSL certificate. Anything not listed is refused.
  static const std::vector<SslTransitionRow> kRows = {
      {S::kRequested, E::kAutoApprove, S::kApplied},
      {S::kRequested, E::kApprove, S::kApplied},
      {S::kRequested, E::kDecline, S::kDeclined},
      {S::kRequested, E::kValidationPending, S::kApproved},
      {S::kRequested, E::kInvalidate, S::kInvalid},
      {S::kRequested, E::kEdit, S::kRequested},
      {S::kApproved, E::kApply, S::kApplied},
      {S::kApproved, E::kInvalidate, S::kInvalid},
      {S::kApplied, E::kIssue, S::kIssued},
      {S::kApplied, E::kReject, S::kRejected},
      {S::kApplied, E::kValidationPending, S::kApproved},
      {S::kIssued, E::kRevoke, S::kRevoked},
      {S::kIssued, E::kExpire, S::kExpired},
      {S::kIssued, E::kReplace, S::kReplaced},
      {S::kDeclined, E::kEdit, S::kRequested},
      {S::kRejected, E::kEdit, S::kRequested},
      {S::kInvalid, E::kEdit, S::kRequested},
  };
  return kRows;
}

std::string_view ToString(SslStatus status) {
  for (const auto& r : kStatuses) {
    if (r.status == status) return r.name;
  }
  return "Invalid";
}

std::optional<SslStatus> ParseSslStatus(std::string_view text) {
  for (const auto& r : kStatuses) {
    if (r.name == text) return r.status;
  }
  return std::nullopt;
}

std::string_view ToString(SslEvent event) {
  for (const auto& r : kEvents) {
    if (r.event == event) return r.name;
  }
  return "?";
}

Result<SslStatus> SslTransition(SslStatus from, SslEvent event) {
  for (const auto& r : SslTransitions()) {
    if (r.from == from && r.event == event) return r.to;
  }
  return Fail(ErrorCode::kConflict, Reason::kSslBadTransition,
              "cannot " + std::string(ToString(event)) + " a certificate that is " +
                  std::string(ToString(from)));
}

std::string_view ToString(RequestedVia via) {
  switch (via) {
    case RequestedVia::kClientAdmin:
      return "Client Admin";
    case RequestedVia::kEnrollmentForm:
      return "Enrollment Form";
    case RequestedVia::kAcme:
      return "ACME";
    case RequestedVia::kRestApi:
      break;
  }
  return "REST API";
}

}  // namespace certkeep::core
