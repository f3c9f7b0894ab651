#pragma once
// The Store's repository of self-enrollment: the form's settings per organization or
// department, the sessions an access code opens, and the requests made through it; part
// of store.h's public face, kept apart by concept.

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "core/self_enrollment.h"
#include "core/ssl_certificate.h"

namespace certkeep::store {

/// A session of the form, opened by the right access code.
struct EnrollmentSession {
  std::string token_hash{};  ///< SHA-256 hex of the cookie's value
  core::OrgId org_id{};
  std::string csrf_token{};
  core::TimePoint code_set_at{};
  core::TimePoint expires_at{};
};

/// A request made through the form.
struct EnrollmentRequest {
  core::SslId ssl_id{};
  std::string reference{};
  std::string status_token{};
  std::string requester_name{};
  std::string requester_email{};
  std::string server_software{};
  core::TimePoint created_at{};
};

class EnrollmentRepository {
 public:
  virtual ~EnrollmentRepository() = default;
  [[nodiscard]] virtual core::Result<std::optional<core::SelfEnrollment>> Get(core::OrgId org) = 0;
  [[nodiscard]] virtual core::Result<std::optional<core::SelfEnrollment>> FindByToken(
      const std::string& token) = 0;
  /// Writes (or replaces) the settings of their organization or department.
  [[nodiscard]] virtual core::Result<void> Put(const core::SelfEnrollment& settings) = 0;

  [[nodiscard]] virtual core::Result<void> PutSession(const EnrollmentSession& session) = 0;
  [[nodiscard]] virtual core::Result<std::optional<EnrollmentSession>> GetSession(
      const std::string& token_hash) = 0;
  /// Removes sessions past their end; returns how many.
  [[nodiscard]] virtual core::Result<std::int64_t> PurgeSessions(core::TimePoint now) = 0;

  [[nodiscard]] virtual core::Result<void> PutRequest(const EnrollmentRequest& request) = 0;
  [[nodiscard]] virtual core::Result<std::optional<EnrollmentRequest>> FindRequest(
      const std::string& status_token) = 0;
  [[nodiscard]] virtual core::Result<std::optional<EnrollmentRequest>> RequestOf(
      core::SslId ssl) = 0;
};

}  // namespace certkeep::store
