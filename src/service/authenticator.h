#pragma once
// Who is calling: header logins (SCM's login/password/customerUri), with a cache of
// verified credentials, and console sessions. Both check the admin's credential version
// in the store on every request (one indexed read), so a password change, suspension,
// lock or role change on any node takes effect on every node at once.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "auth/credential_cache.h"
#include "auth/password_hasher.h"
#include "authz/authz.h"
#include "core/clock.h"
#include "core/lockout.h"
#include "core/random.h"
#include "core/result.h"
#include "store/store.h"

namespace certkeep::service {

/// A caller whose credentials checked out.
struct AuthenticatedAdmin {
  authz::Principal principal{};
  bool must_change_password = false;  ///< only changepassword may be called until done
  bool password_expired = false;      ///< likewise, past passwordExpiryDate
  std::string session_token_hash{};   ///< set for console sessions
  std::string csrf_token{};           ///< set for console sessions
};

/// A console session just opened.
struct OpenedSession {
  std::string token;  ///< the cookie value: shown once, stored only hashed
  AuthenticatedAdmin admin;
};

/// Timeouts and lockout.
struct AuthenticationOptions {
  core::LockoutPolicy lockout{};
  std::chrono::seconds session_idle{std::chrono::minutes(30)};
  std::chrono::seconds session_absolute{std::chrono::hours(12)};
};

class Authenticator {
 public:
  Authenticator(store::Store& store, const core::Clock& clock, core::RandomSource& random,
                const auth::PasswordHasher& hasher, auth::CredentialCache& cache,
                AuthenticationOptions options)
      : store_(store),
        clock_(clock),
        random_(random),
        hasher_(hasher),
        cache_(cache),
        options_(options) {}

  /// Checks a header login. Unknown customer, unknown login and wrong password all
  /// answer Unauthenticated (kUnknownUser) after the same argon2 time; a wrong password
  /// is counted towards the lock.
  [[nodiscard]] core::Result<AuthenticatedAdmin> LoginWithPassword(const std::string& customer_uri,
                                                                   const std::string& login,
                                                                   const std::string& password,
                                                                   const std::string& source);

  /// SCM's certificate login (/private/api): the TLS layer verified a client certificate
  /// with `serial` from `issuer`; it must be the one recorded on the admin `login`.
  /// No password is involved, so no password change is due.
  [[nodiscard]] core::Result<AuthenticatedAdmin> LoginWithCertificate(
      const std::string& customer_uri, const std::string& login, const std::string& serial,
      const std::string& issuer, const std::string& source);

  /// Opens a console session (never for API-only admins).
  [[nodiscard]] core::Result<OpenedSession> OpenSession(const std::string& customer_uri,
                                                        const std::string& login,
                                                        const std::string& password,
                                                        const std::string& source);

  /// The admin of the session whose cookie is `token`, if it is still valid.
  [[nodiscard]] core::Result<AuthenticatedAdmin> ResolveSession(const std::string& token,
                                                                const std::string& source);

  /// Ends the session whose cookie is `token`.
  [[nodiscard]] core::Result<void> CloseSession(const std::string& token);

  /// Drops expired sessions (a scheduled job); returns how many.
  [[nodiscard]] core::Result<std::int64_t> PurgeSessions();

 private:
  struct Known {
    std::int64_t version;
    std::optional<core::TimePoint> expires_at;
    AuthenticatedAdmin admin;
    std::optional<std::uint64_t> checked_at;  ///< store change token of the last read
  };
  core::Result<AuthenticatedAdmin> VerifyPassword(const std::string& customer_uri,
                                                  const std::string& login,
                                                  const std::string& password,
                                                  const std::string& source);
  core::Result<void> CountFailure(core::AdminId id, const std::string& source);
  AuthenticatedAdmin Describe(const core::Admin& admin, const std::string& source) const;

  store::Store& store_;
  const core::Clock& clock_;
  core::RandomSource& random_;
  const auth::PasswordHasher& hasher_;
  auth::CredentialCache& cache_;
  AuthenticationOptions options_;
  std::mutex known_mutex_;
  std::map<core::AdminId, Known> known_;  ///< principals of cached logins, by version
};

}  // namespace certkeep::service
