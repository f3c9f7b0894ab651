#pragma once
// Self-enrollment (the seed's "Self Enrollment"): admins of an organization or department
// switch the form on, set its access code (argon2id-hashed, shown once) and choose what it
// offers; people who are not admins open it with the enrollment URL and the code, and
// request SSL certificates there. Requests arrive as Requested with requestedVia
// "Enrollment Form", the requester recorded as external requester, through the same
// issuance gate and approval as any other; the requester gets a status link by email.
//
// Guessing is bounded: failures per link and per client address are limited (kRateLimited
// with a retry-after), each wrong code is audited, and a code is compared by argon2id
// verification, whose time does not depend on where a guess differs.

#include <optional>
#include <string>
#include <vector>

#include "auth/password_hasher.h"
#include "authz/authz.h"
#include "core/clock.h"
#include "core/profile.h"
#include "core/random.h"
#include "core/result.h"
#include "core/self_enrollment.h"
#include "service/attempt_limiter.h"
#include "service/notifier.h"
#include "service/ssl_certificates.h"
#include "store/store.h"

namespace certkeep::service {

/// A change of the settings; an unset member is left as it is.
struct SelfEnrollmentPatch {
  std::optional<bool> enabled{};
  std::optional<bool> auto_approve{};
  std::optional<std::vector<std::string>> server_software{};
  std::optional<std::vector<std::int64_t>> ssl_types{};
  std::optional<std::vector<std::string>> allowed_email_domains{};
};

/// What a form shows once its code was right.
struct EnrollmentForm {
  std::string organization{};
  std::vector<core::CertificateProfile> ssl_types{};
  std::vector<std::string> server_software{};
  std::vector<std::string> allowed_email_domains{};
};

/// A session the right code opened: the cookie's value and the CSRF token it needs.
struct OpenedEnrollment {
  std::string session{};
  std::string csrf_token{};
  EnrollmentForm form{};
};

/// What the requester fills in.
struct FormRequest {
  std::string csr{};
  std::int64_t profile_id = 0;
  int term_days = 0;
  std::string server_software{};
  std::string name{};
  std::string email{};
  std::string comments{};
};

/// What the requester is told after submitting.
struct EnrollmentReceipt {
  core::SslId ssl_id{};
  std::string reference{};
  std::string status_token{};
  core::SslStatus status = core::SslStatus::kRequested;
};

/// A request as its status link shows it.
struct EnrollmentStatus {
  std::string reference{};
  std::string organization{};
  core::SslCertificate cert{};
};

inline constexpr std::size_t kEnrollmentMaxCsr = 16 * 1024;

class SelfEnrollments {
 public:
  SelfEnrollments(store::Store& store, const core::Clock& clock, core::RandomSource& random,
                  const auth::PasswordHasher& hasher, SslCertificates& ssl, Notifier& notifier)
      : store_(store),
        clock_(clock),
        random_(random),
        hasher_(hasher),
        ssl_(ssl),
        notifier_(notifier),
        per_link_(clock, 10, std::chrono::minutes(15)),
        per_address_(clock, 20, std::chrono::minutes(15)) {}

  // The admins' side: the settings of organization or department `org`.
  /// The settings (a new link's token is made on first reading).
  [[nodiscard]] core::Result<core::SelfEnrollment> Settings(const authz::Principal& who,
                                                            core::OrgId org);
  [[nodiscard]] core::Result<core::SelfEnrollment> Update(const authz::Principal& who,
                                                          core::OrgId org,
                                                          const SelfEnrollmentPatch& patch);
  /// Sets `chosen` (or a generated code) as the access code and returns it: the only time
  /// it is seen. Sessions of the old code end.
  [[nodiscard]] core::Result<std::string> SetAccessCode(const authz::Principal& who,
                                                        core::OrgId org,
                                                        std::optional<std::string> chosen);

  // The requester's side, by the link's token.
  /// The right code opens a session; kRateLimited (saying how long to wait) after too
  /// many failures at the link or from the address.
  [[nodiscard]] core::Result<OpenedEnrollment> Open(const std::string& token,
                                                    const std::string& access_code,
                                                    const std::string& source);
  [[nodiscard]] core::Result<CsrPreview> Preview(const std::string& token,
                                                 const std::string& session,
                                                 const std::string& csrf, const std::string& csr,
                                                 std::int64_t profile_id);
  [[nodiscard]] core::Result<EnrollmentReceipt> Submit(const std::string& token,
                                                       const std::string& session,
                                                       const std::string& csrf,
                                                       const FormRequest& request,
                                                       const std::string& source);
  [[nodiscard]] core::Result<EnrollmentStatus> Status(const std::string& status_token);
  /// The issued certificate and its issuer, PEM.
  [[nodiscard]] core::Result<std::string> Certificate(const std::string& status_token);
  /// The job: sessions past their end.
  [[nodiscard]] core::Result<std::int64_t> PurgeSessions();

 private:
  struct Resumed {
    core::SelfEnrollment settings;
    core::Organization org;
  };
  core::Result<Resumed> Resume(const std::string& token, const std::string& session,
                               const std::string& csrf);

  store::Store& store_;
  const core::Clock& clock_;
  core::RandomSource& random_;
  const auth::PasswordHasher& hasher_;
  SslCertificates& ssl_;
  Notifier& notifier_;
  AttemptLimiter per_link_;
  AttemptLimiter per_address_;
};

}  // namespace certkeep::service
