#include "service/authenticator.h"

#include "pki/certificate.h"

#include "auth/session_token.h"
#include "service/audit_log.h"

namespace certkeep::service {

namespace {

core::Error UnknownUser() {
  return core::Error(core::ErrorCode::kUnauthenticated, core::Reason::kUnknownUser, "Unknown user");
}

core::Error SessionInvalid(std::string why) {
  return core::Error(core::ErrorCode::kUnauthenticated, core::Reason::kSessionInvalid,
                     std::move(why));
}

// The admin a login names, if its customer and login exist.
struct Candidate {
  std::optional<core::Admin> admin;
};

}  // namespace

AuthenticatedAdmin Authenticator::Describe(const core::Admin& admin,
                                           const std::string& source) const {
  AuthenticatedAdmin a;
  a.principal = authz::Principal::Of(admin, source);
  a.must_change_password = admin.password.must_change;
  a.password_expired = admin.password.expires_at && clock_.Now() >= *admin.password.expires_at;
  return a;
}

core::Result<AuthenticatedAdmin> Authenticator::LoginWithPassword(const std::string& customer_uri,
                                                                  const std::string& login,
                                                                  const std::string& password,
                                                                  const std::string& source) {
  auto now = clock_.Now();
  if (auto hit = cache_.Lookup(customer_uri, login, password, now)) {
    // Taken before any read: if no write has committed anywhere since the version was
    // last read, that read is still current (the SQLite store can tell; PostgreSQL
    // cannot, so every request there reads the version).
    auto token = store_.ChangeToken();
    std::optional<Known> known;
    {
      std::lock_guard lock(known_mutex_);
      if (auto k = known_.find(hit->admin_id);
          k != known_.end() && k->second.version == hit->credential_version) {
        known = k->second;
      }
    }
    bool current = known && token && known->checked_at == token;
    if (known && !current) {
      auto version = store_.ReadOne(
          [&](store::Transaction& tx) { return tx.admins().CredentialVersion(hit->admin_id); });
      current = version && *version == hit->credential_version;
      if (current) {
        std::lock_guard lock(known_mutex_);
        if (auto k = known_.find(hit->admin_id); k != known_.end()) k->second.checked_at = token;
      }
    }
    if (current) {
      AuthenticatedAdmin a = known->admin;
      a.principal.source = source;
      a.password_expired = known->expires_at && now >= *known->expires_at;
      return a;
    }
  }
  return VerifyPassword(customer_uri, login, password, source);
}

core::Result<AuthenticatedAdmin> Authenticator::VerifyPassword(const std::string& customer_uri,
                                                               const std::string& login,
                                                               const std::string& password,
                                                               const std::string& source) {
  // Read first; argon2 runs outside any transaction so it never holds a lock.
  auto candidate = store_.Read([&](store::Transaction& tx) -> core::Result<Candidate> {
    auto customer = tx.customers().FindByUri(customer_uri);
    if (!customer) {
      if (customer.error().code() == core::ErrorCode::kNotFound) return Candidate{};
      return core::Fail(customer.error());
    }
    auto admin = tx.admins().FindByLogin(customer->id, login);
    if (!admin) {
      if (admin.error().code() == core::ErrorCode::kNotFound) return Candidate{};
      return core::Fail(admin.error());
    }
    return Candidate{std::move(*admin)};
  });
  if (!candidate) return core::Fail(candidate.error());
  auto now = clock_.Now();
  const auto& admin = candidate->admin;
  if (!admin || admin->password.hash.empty()) {
    hasher_.VerifyDummy(password);  // the same time as a real check: timing reveals no logins
    return core::Fail(UnknownUser());
  }
  if (core::IsLocked(admin->password, now)) {
    hasher_.VerifyDummy(password);  // not counted: a lock cannot be stretched from outside
    return core::Fail(core::ErrorCode::kUnauthenticated, core::Reason::kAccountLocked,
                      "Account locked after repeated failed logins until " +
                          core::ToRfc3339(*admin->password.locked_until) +
                          "; try again later or ask an administrator to unlock it");
  }
  if (!hasher_.Verify(admin->password.hash, password)) {
    if (auto r = CountFailure(admin->id, source); !r) return core::Fail(r.error());
    return core::Fail(UnknownUser());
  }
  if (admin->suspended) {
    return core::Fail(core::ErrorCode::kUnauthenticated, core::Reason::kAccountSuspended,
                      "Account suspended");
  }
  if (admin->password.failed_attempts != 0 || admin->password.lockouts != 0) {
    auto reset = store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
      auto current = tx.admins().Get(admin->id);
      if (!current) return core::Fail(current.error());
      core::RecordSuccessfulLogin(current->password);
      return tx.admins().Update(*current);
    });
    if (!reset) return core::Fail(reset.error());
  }
  auto described = Describe(*admin, source);
  cache_.Remember(customer_uri, login, password, admin->id, admin->credential_version, now);
  {
    std::lock_guard lock(known_mutex_);
    known_[admin->id] = {admin->credential_version, admin->password.expires_at, described,
                         std::nullopt};
  }
  return described;
}

core::Result<AuthenticatedAdmin> Authenticator::LoginWithCertificate(
    const std::string& customer_uri, const std::string& login, const std::string& serial,
    const std::string& issuer, const std::string& source) {
  // The TLS layer verified the chain and the validity period; here the certificate is
  // matched to the admin by issuer and serial together (a serial is unique only per
  // issuer), and one of certkeep's own that was revoked is refused.
  struct Found {
    core::Admin admin;
    std::string expected_issuer;
    bool revoked = false;
  };
  auto found = store_.Read([&](store::Transaction& tx) -> core::Result<Found> {
    auto customer = tx.customers().FindByUri(customer_uri);
    if (!customer) return core::Fail(customer.error());
    auto admin = tx.admins().FindByLogin(customer->id, login);
    if (!admin) return core::Fail(admin.error());
    Found f{.admin = std::move(*admin), .expected_issuer = admin->auth_cert_issuer};
    auto record = tx.certificates().FindBySerial(serial);
    if (!record && record.error().code() != core::ErrorCode::kNotFound) {
      return core::Fail(record.error());
    }
    if (record) {
      auto ca = tx.cas().Get(record->issuer_id);
      if (!ca) return core::Fail(ca.error());
      auto ca_cert = pki::Certificate::FromPem(ca->certificate_pem);
      if (!ca_cert) return core::Fail(ca_cert.error());
      // Only an admin recorded with the serial alone (SCM's certificateSerialNumber) takes
      // the issuer from certkeep's own record.
      if (f.expected_issuer.empty()) f.expected_issuer = ca_cert->Subject();
      f.revoked = ca_cert->Subject() == issuer &&
                  record->status == core::CertificateStatus::kRevoked;
    }
    return f;
  });
  if (!found) {
    if (found.error().code() == core::ErrorCode::kNotFound) return core::Fail(UnknownUser());
    return core::Fail(found.error());
  }
  const auto* admin = &found->admin;
  bool matches = !serial.empty() && admin->auth_cert_serial == serial &&
                 !found->expected_issuer.empty() && found->expected_issuer == issuer;
  if (!matches) return core::Fail(UnknownUser());
  if (found->revoked) {
    return core::Fail(core::ErrorCode::kUnauthenticated, core::Reason::kUnknownUser,
                      "The client certificate is revoked");
  }
  if (admin->suspended) {
    return core::Fail(core::ErrorCode::kUnauthenticated, core::Reason::kAccountSuspended,
                      "Account suspended");
  }
  if (core::IsLocked(admin->password, clock_.Now())) {
    return core::Fail(core::ErrorCode::kUnauthenticated, core::Reason::kAccountLocked,
                      "Account locked until " + core::ToRfc3339(*admin->password.locked_until));
  }
  // As with a password: until the first password is changed (or once it expired), every
  // call but changepassword is refused, whichever credential the admin shows.
  return Describe(*admin, source);
}

core::Result<void> Authenticator::CountFailure(core::AdminId id, const std::string& source) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto admin = tx.admins().Get(id);
    if (!admin) return core::Fail(admin.error());
    bool locked = core::RecordFailedAttempt(admin->password, options_.lockout, clock_.Now());
    if (locked) admin->credential_version += 1;  // ends cached logins and sessions at once
    if (auto r = tx.admins().Update(*admin); !r) return r;
    if (!locked) return core::Ok();
    auto audit = RecordAudit(tx, clock_,
                             {.customer_id = admin->customer_id,
                              .actor = "system",
                              .source = source,
                              .action = "admin.lock",
                              .object_type = "admin",
                              .object_id = std::to_string(id.value),
                              .detail = "{\"login\":\"" + admin->login + "\",\"until\":\"" +
                                        core::ToRfc3339(*admin->password.locked_until) + "\"}"});
    if (!audit) return core::Fail(audit.error());
    return core::Ok();
  });
}

core::Result<OpenedSession> Authenticator::OpenSession(const std::string& customer_uri,
                                                       const std::string& login,
                                                       const std::string& password,
                                                       const std::string& source) {
  auto admin = VerifyPassword(customer_uri, login, password, source);
  if (!admin) return core::Fail(admin.error());
  if (admin->principal.type == core::AdminType::kApi) {
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kApiOnlyAdmin,
                      "Admin '" + login + "' is a WS API use only admin: no console login");
  }
  auto fresh = auth::NewSessionToken(random_);
  if (!fresh) return core::Fail(fresh.error());
  auto now = clock_.Now();
  auto version = store_.Read([&](store::Transaction& tx) {
    return tx.admins().CredentialVersion(admin->principal.admin_id);
  });
  if (!version) return core::Fail(version.error());
  core::Session session{.token_hash = fresh->token_hash,
                        .admin_id = admin->principal.admin_id,
                        .csrf_token = fresh->csrf_token,
                        .credential_version = *version,
                        .created_at = now,
                        .last_seen_at = now,
                        .source = source};
  auto stored = store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    if (auto r = tx.sessions().Insert(session); !r) return r;
    auto audit = RecordAudit(tx, clock_,
                             {.customer_id = admin->principal.customer_id,
                              .actor = admin->principal.login,
                              .source = source,
                              .action = "session.open",
                              .object_type = "admin",
                              .object_id = std::to_string(admin->principal.admin_id.value),
                              .detail = "{}"});
    if (!audit) return core::Fail(audit.error());
    return core::Ok();
  });
  if (!stored) return core::Fail(stored.error());
  OpenedSession opened{fresh->token, std::move(*admin)};
  opened.admin.session_token_hash = fresh->token_hash;
  opened.admin.csrf_token = fresh->csrf_token;
  return opened;
}

core::Result<AuthenticatedAdmin> Authenticator::ResolveSession(const std::string& token,
                                                               const std::string& source) {
  auto hashed = auth::HashToken(token);
  if (!hashed) return core::Fail(hashed.error());
  const std::string& hash = *hashed;
  auto now = clock_.Now();
  struct Found {
    core::Session session;
    core::Admin admin;
  };
  auto found = store_.Read([&](store::Transaction& tx) -> core::Result<Found> {
    auto session = tx.sessions().Find(hash);
    if (!session) return core::Fail(session.error());
    auto admin = tx.admins().Get(session->admin_id);
    if (!admin) return core::Fail(admin.error());
    return Found{std::move(*session), std::move(*admin)};
  });
  if (!found) {
    if (found.error().code() == core::ErrorCode::kNotFound) {
      return core::Fail(SessionInvalid("Session expired or signed out; sign in again"));
    }
    return core::Fail(found.error());
  }
  const auto& s = found->session;
  const auto& admin = found->admin;
  bool idle = now - s.last_seen_at > options_.session_idle;
  bool too_old = now - s.created_at > options_.session_absolute;
  bool changed = s.credential_version != admin.credential_version;
  if (idle || too_old || changed || admin.suspended || core::IsLocked(admin.password, now)) {
    (void)store_.Transact([&](store::Transaction& tx) { return tx.sessions().Delete(hash); });
    return core::Fail(SessionInvalid(
        idle || too_old ? "Session expired; sign in again"
                        : "Session ended because the account changed; sign in again"));
  }
  if (now - s.last_seen_at >= std::chrono::minutes(1)) {
    auto touched =
        store_.Transact([&](store::Transaction& tx) { return tx.sessions().Touch(hash, now); });
    if (!touched) return core::Fail(touched.error());
  }
  auto a = Describe(admin, source);
  a.session_token_hash = hash;
  a.csrf_token = s.csrf_token;
  return a;
}

core::Result<void> Authenticator::CloseSession(const std::string& token) {
  auto hash = auth::HashToken(token);
  if (!hash) return core::Fail(hash.error());
  return store_.Transact([&](store::Transaction& tx) { return tx.sessions().Delete(*hash); });
}

core::Result<std::int64_t> Authenticator::PurgeSessions() {
  auto now = clock_.Now();
  return store_.Transact([&](store::Transaction& tx) {
    return tx.sessions().DeleteExpired(now - options_.session_idle,
                                       now - options_.session_absolute);
  });
}

}  // namespace certkeep::service
