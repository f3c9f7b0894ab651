#include "service/self_enrollment.h"

#include <nlohmann/json.hpp>

#include "pki/digest.h"
#include "service/audit_log.h"
#include "service/mail_outbox.h"

namespace certkeep::service {

namespace {

using authz::Action;
using authz::Place;
using nlohmann::json;

constexpr auto kSessionLifetime = std::chrono::minutes(30);

// A link, session, CSRF or status token: 128 bits, in hex.
std::string Token(core::RandomSource& random) { return core::Hex(random.Bytes(16)); }

std::string Sha256Hex(std::string_view text) { return core::Hex(pki::Sha256(text)); }

// A generated access code: 20 characters of an alphabet without look-alikes, in groups
// of five for reading aloud (about 99 bits).
std::string NewAccessCode(core::RandomSource& random) {
  constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  auto bytes = random.Bytes(20);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0 && i % 5 == 0) out += '-';
    out += kAlphabet[bytes[i] % kAlphabet.size()];
  }
  return out;
}

json Summary(const core::SelfEnrollment& s) {
  return {{"enabled", s.is_enabled},
          {"autoApprove", s.auto_approve},
          {"sslTypes", s.ssl_types},
          {"serverSoftware", s.server_software},
          {"allowedEmailDomains", s.allowed_email_domains}};
}

core::Error NotOpen() {
  // The same answer for an unknown link and a form switched off: nothing to learn.
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                     "This enrollment link is not valid.");
}

core::Error SessionEnded() {
  return core::Error(core::ErrorCode::kUnauthenticated, core::Reason::kUnspecified,
                     "The session has ended; enter the access code again.");
}

// The organization or department `id` of the caller's customer, and whether `action` on
// its settings is allowed.
core::Result<core::Organization> PlaceOf(store::Transaction& tx, const authz::Principal& who,
                                         core::OrgId id, bool edit) {
  auto org = tx.organizations().Get(id);
  if (!org || org->customer_id != who.customer_id) {
    if (!org && org.error().code() != core::ErrorCode::kNotFound) return core::Fail(org.error());
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                      "Organization " + std::to_string(id.value) + " not found");
  }
  auto action = !edit ? Action::kViewOrganization
                      : org->IsDepartment() ? Action::kEditDepartment : Action::kEditOrganization;
  if (auto r = authz::Authorize(who, action, Place::Of(*org)); !r) return core::Fail(r.error());
  // The form requests SSL certificates there in its admins' stead: whoever sets it up must
  // be able to request them itself (an admin grants only what it holds).
  if (edit) {
    if (auto r = authz::Authorize(who, Action::kRequestSsl, Place::Of(*org), core::CertType::kSsl);
        !r) {
      return core::Fail(r.error());
    }
  }
  return org;
}

// The settings of `org`, made (switched off, with a fresh link) when it has none.
core::Result<core::SelfEnrollment> SettingsOf(store::Transaction& tx, const core::Organization& org,
                                              core::RandomSource& random) {
  auto found = tx.enrollments().Get(org.id);
  if (!found) return core::Fail(found.error());
  if (*found) return **found;
  core::SelfEnrollment s{.org_id = org.id,
                         .customer_id = org.customer_id,
                         .token = Token(random),
                         .server_software = core::DefaultServerSoftware()};
  if (auto r = tx.enrollments().Put(s); !r) return core::Fail(r.error());
  return s;
}

// The form's principal: it may request SSL certificates at its place and nothing else;
// auto-approved only when the admins chose so.
AuthenticatedAdmin FormCaller(const core::Organization& org, const core::SelfEnrollment& s,
                              const std::string& requester, const std::string& source) {
  authz::Principal p;
  p.customer_id = org.customer_id;
  p.login = requester;
  p.source = source;
  p.credentials = {{org.IsDepartment() ? core::Role::kDraoSsl : core::Role::kRaoSsl, org.id}};
  p.privileges = {core::Privilege::kSslRequest};
  if (s.auto_approve) p.privileges.insert(core::Privilege::kAutoApproveCertificates);
  // A form, not a REST client: the organization's Web API switch does not apply.
  return {.principal = std::move(p), .session_token_hash = "enrollment-form"};
}

}  // namespace

core::Result<core::SelfEnrollment> SelfEnrollments::Settings(const authz::Principal& who,
                                                             core::OrgId id) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::SelfEnrollment> {
    auto org = PlaceOf(tx, who, id, false);
    if (!org) return core::Fail(org.error());
    return SettingsOf(tx, *org, random_);
  });
}

core::Result<core::SelfEnrollment> SelfEnrollments::Update(const authz::Principal& who,
                                                           core::OrgId id,
                                                           const SelfEnrollmentPatch& patch) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::SelfEnrollment> {
    auto org = PlaceOf(tx, who, id, true);
    if (!org) return core::Fail(org.error());
    auto before = SettingsOf(tx, *org, random_);
    if (!before) return core::Fail(before.error());
    auto s = *before;
    if (patch.enabled) s.is_enabled = *patch.enabled;
    // Auto-approval is a privilege the form holds: switched only by an admin holding it.
    constexpr auto kAuto = core::Privilege::kAutoApproveCertificates;
    if (patch.auto_approve && *patch.auto_approve != s.auto_approve && !who.Has(kAuto)) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kCannotGrantPrivilege,
                        "autoApprove: admin '" + who.login + "' cannot switch it " +
                            (*patch.auto_approve ? "on" : "off") + " without the privilege '" +
                            std::string(core::InfoOf(kAuto).name) + "' itself");
    }
    if (patch.auto_approve) s.auto_approve = *patch.auto_approve;
    if (patch.server_software) s.server_software = *patch.server_software;
    if (patch.ssl_types) s.ssl_types = *patch.ssl_types;
    if (patch.allowed_email_domains) s.allowed_email_domains = *patch.allowed_email_domains;
    for (auto type : s.ssl_types) {
      auto profile = tx.profiles().Get(core::ProfileId{type});
      if (!profile || profile->kind != core::ProfileKind::kTlsServer || !profile->is_active) {
        if (!profile && profile.error().code() != core::ErrorCode::kNotFound) {
          return core::Fail(profile.error());
        }
        return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                          "sslTypes: " + std::to_string(type) +
                              " is not an SSL certificate type (GET /api/ssl/v1/types)");
      }
    }
    auto checked = core::CheckSelfEnrollment(std::move(s));
    if (!checked) return core::Fail(checked.error());
    if (auto r = tx.enrollments().Put(*checked); !r) return core::Fail(r.error());
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, "selfEnrollment.edit", "organization", id.value,
                                 json{{"before", Summary(*before)}, {"after", Summary(*checked)}}
                                     .dump()));
    if (!a) return core::Fail(a.error());
    return *checked;
  });
}

core::Result<std::string> SelfEnrollments::SetAccessCode(const authz::Principal& who,
                                                         core::OrgId id,
                                                         std::optional<std::string> chosen) {
  std::string code = chosen ? *chosen : NewAccessCode(random_);
  if (code.size() < core::kEnrollmentMinAccessCode || code.size() > core::kEnrollmentMaxAccessCode) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "accessCode: 12 to 128 characters (or none, for a generated one)");
  }
  auto hash = hasher_.Hash(code, random_);  // argon2id, outside the transaction
  if (!hash) return core::Fail(hash.error());
  auto done = store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto org = PlaceOf(tx, who, id, true);
    if (!org) return core::Fail(org.error());
    auto s = SettingsOf(tx, *org, random_);
    if (!s) return core::Fail(s.error());
    s->access_code_hash = *hash;
    // Whole seconds apart from the last, so that the sessions of the old code end.
    auto now = clock_.Now();
    if (s->access_code_set_at && *s->access_code_set_at >= now) {
      now = *s->access_code_set_at + std::chrono::seconds(1);
    }
    s->access_code_set_at = now;
    if (auto r = tx.enrollments().Put(*s); !r) return r;
    auto a = RecordAudit(tx, clock_,
                         AuditBy(who, "selfEnrollment.accessCode", "organization", id.value,
                                 json{{"generated", !chosen}}.dump()));
    if (!a) return core::Fail(a.error());
    return core::Ok();
  });
  if (!done) return core::Fail(done.error());
  return code;
}

core::Result<OpenedEnrollment> SelfEnrollments::Open(const std::string& token,
                                                     const std::string& access_code,
                                                     const std::string& source) {
  // Each attempt is counted (as a failure) before the code is checked, and forgiven only
  // if it was right: guesses sent in parallel cannot all pass before one is counted.
  auto by_address = per_address_.Take(source);
  auto by_link = per_link_.Take(token);
  if (by_address || by_link) {
    if (!by_address) per_address_.Forgive(source);
    if (!by_link) per_link_.Forgive(token);
    auto wait = std::max(by_address.value_or(std::chrono::seconds(0)),
                         by_link.value_or(std::chrono::seconds(0)));
    return core::Fail(core::Error(core::ErrorCode::kRateLimited, core::Reason::kUnspecified,
                                  "Too many attempts; try again in " +
                                      std::to_string(wait.count()) + " seconds.")
                          .WithRetryAfter(wait));
  }
  auto found = store_.Read([&](store::Transaction& tx) { return tx.enrollments().FindByToken(token); });
  if (!found) return core::Fail(found.error());
  if (!*found || !(*found)->is_enabled || (*found)->access_code_hash.empty()) {
    per_link_.Forgive(token);  // probing for links counts as guessing, against the address
    hasher_.VerifyDummy(access_code);
    return core::Fail(NotOpen());
  }
  const auto& s = **found;
  if (access_code.size() > core::kEnrollmentMaxAccessCode || !hasher_.Verify(s.access_code_hash, access_code)) {
    auto a = store_.Transact([&](store::Transaction& tx) {
      return RecordAudit(tx, clock_,
                         {.customer_id = s.customer_id,
                          .actor = "enrollment form",
                          .source = source,
                          .action = "selfEnrollment.wrongCode",
                          .object_type = "organization",
                          .object_id = std::to_string(s.org_id.value),
                          .detail = "{}"});
    });
    if (!a) return core::Fail(a.error());
    return core::Fail(core::ErrorCode::kUnauthenticated, core::Reason::kUnspecified,
                      "The access code is not right.");
  }
  per_link_.Forgive(token);  // the right code: not a guess
  per_address_.Forgive(source);
  OpenedEnrollment opened{.session = Token(random_), .csrf_token = Token(random_)};
  auto made = store_.Transact([&](store::Transaction& tx) -> core::Result<EnrollmentForm> {
    auto org = tx.organizations().Get(s.org_id);
    if (!org) return core::Fail(org.error());
    store::EnrollmentSession session{.token_hash = Sha256Hex(opened.session),
                                     .org_id = s.org_id,
                                     .csrf_token = opened.csrf_token,
                                     .code_set_at = s.access_code_set_at.value_or(core::TimePoint{}),
                                     .expires_at = clock_.Now() + kSessionLifetime};
    if (auto r = tx.enrollments().PutSession(session); !r) return core::Fail(r.error());
    EnrollmentForm form{.organization = org->name,
                        .server_software = s.server_software,
                        .allowed_email_domains = s.allowed_email_domains};
    for (auto id : s.ssl_types) {
      auto p = tx.profiles().Get(core::ProfileId{id});
      if (p && p->is_active) form.ssl_types.push_back(std::move(*p));
    }
    return form;
  });
  if (!made) return core::Fail(made.error());
  opened.form = std::move(*made);
  return opened;
}

core::Result<SelfEnrollments::Resumed> SelfEnrollments::Resume(const std::string& token,
                                                               const std::string& session,
                                                               const std::string& csrf) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<Resumed> {
    auto found = tx.enrollments().FindByToken(token);
    if (!found) return core::Fail(found.error());
    if (!*found || !(*found)->is_enabled) return core::Fail(NotOpen());
    auto stored = tx.enrollments().GetSession(Sha256Hex(session));
    if (!stored) return core::Fail(stored.error());
    const auto& s = **found;
    if (!*stored || (*stored)->org_id != s.org_id || (*stored)->expires_at <= clock_.Now() ||
        (*stored)->code_set_at != s.access_code_set_at.value_or(core::TimePoint{})) {
      return core::Fail(SessionEnded());
    }
    if (!pki::ConstantTimeEquals((*stored)->csrf_token, csrf)) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kUnspecified,
                        "The form's CSRF token is missing or wrong; reload the page.");
    }
    auto org = tx.organizations().Get(s.org_id);
    if (!org) return core::Fail(org.error());
    return Resumed{s, std::move(*org)};
  });
}

core::Result<CsrPreview> SelfEnrollments::Preview(const std::string& token,
                                                  const std::string& session,
                                                  const std::string& csrf, const std::string& csr,
                                                  std::int64_t profile_id) {
  auto resumed = Resume(token, session, csrf);
  if (!resumed) return core::Fail(resumed.error());
  if (csr.size() > kEnrollmentMaxCsr) {
    return core::Fail(core::ErrorCode::kPayloadTooLarge, core::Reason::kUnspecified,
                      "csr: at most 16 KiB");
  }
  auto caller = FormCaller(resumed->org, resumed->settings, "enrollment form", "");
  return ssl_.PreviewCsr(caller, csr, profile_id);
}

core::Result<EnrollmentReceipt> SelfEnrollments::Submit(const std::string& token,
                                                        const std::string& session,
                                                        const std::string& csrf,
                                                        const FormRequest& request,
                                                        const std::string& source) {
  auto resumed = Resume(token, session, csrf);
  if (!resumed) return core::Fail(resumed.error());
  const auto& s = resumed->settings;
  if (request.csr.size() > kEnrollmentMaxCsr) {
    return core::Fail(core::ErrorCode::kPayloadTooLarge, core::Reason::kUnspecified,
                      "csr: at most 16 KiB");
  }
  auto bad = [](std::string detail) {
    return core::Error(core::ErrorCode::kMalformed, core::Reason::kInvalidField, std::move(detail));
  };
  std::string name = request.name;
  if (name.empty() || name.size() > 128) return core::Fail(bad("name: 1 to 128 characters"));
  if (!core::EmailDomainAllowed(request.email, s.allowed_email_domains)) {
    return core::Fail(bad("email: an address at " +
                          nlohmann::json(s.allowed_email_domains).dump() + " is needed"));
  }
  if (std::find(s.ssl_types.begin(), s.ssl_types.end(), request.profile_id) == s.ssl_types.end()) {
    return core::Fail(bad("certType: this form does not offer type " +
                          std::to_string(request.profile_id)));
  }
  if (!request.server_software.empty() &&
      std::find(s.server_software.begin(), s.server_software.end(), request.server_software) ==
          s.server_software.end()) {
    return core::Fail(bad("serverSoftware: one of " + nlohmann::json(s.server_software).dump()));
  }
  if (request.comments.size() > 1024) return core::Fail(bad("comments: at most 1024 characters"));
  EnrollmentReceipt receipt{.reference = "ENR-" + core::Hex(random_.Bytes(5)),
                            .status_token = Token(random_)};
  for (auto& c : receipt.reference) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto caller = FormCaller(resumed->org, s, name + " <" + request.email + ">", source);
  auto settings = notifier_.settings();
  EnrollRequest enroll{
      .org_id = s.org_id,
      .csr = request.csr,
      .profile_id = request.profile_id,
      .term_days = request.term_days,
      .external_requester = request.email,
      .comments = request.comments,
      .requested_via = core::RequestedVia::kEnrollmentForm,
      // In the transaction that stores the request: its status link, and the mail that
      // carries it to the requester.
      .on_stored = [&](store::Transaction& tx, const core::SslCertificate& cert) -> core::Result<void> {
        store::EnrollmentRequest row{.ssl_id = cert.id,
                                     .reference = receipt.reference,
                                     .status_token = receipt.status_token,
                                     .requester_name = name,
                                     .requester_email = request.email,
                                     .server_software = request.server_software,
                                     .created_at = clock_.Now()};
        if (auto r = tx.enrollments().PutRequest(row); !r) return r;
        std::string link = settings.console_url + "/enroll/status/" + receipt.status_token;
        auto mail = NewMail(
            random_, clock_.Now(), settings.from, {request.email},
            "Your certificate request " + receipt.reference + " for " + cert.common_name,
            "Hello " + name + ",\n\nyour request " + receipt.reference + " for a certificate for " +
                cert.common_name + " (" + resumed->org.name + ") was received.\n\n" +
                "An administrator will confirm who you are and approve it. Follow its status, "
                "and download the certificate once it is issued, here:\n\n" + link + "\n",
            "enroll.received", settings.console_url);
        mail.customer_id = cert.customer_id;
        mail.dedup_key = "enroll/" + std::to_string(cert.id.value) + "/received";
        if (auto r = tx.outbox().Enqueue(mail); !r) return core::Fail(r.error());
        return core::Ok();
      }};
  auto enrolled = ssl_.Enroll(caller, enroll);
  if (!enrolled) return core::Fail(enrolled.error());
  receipt.ssl_id = enrolled->id;
  auto cert = store_.Read([&](store::Transaction& tx) { return tx.ssl().Get(enrolled->id); });
  if (cert) receipt.status = cert->status;
  return receipt;
}

core::Result<EnrollmentStatus> SelfEnrollments::Status(const std::string& status_token) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<EnrollmentStatus> {
    auto request = tx.enrollments().FindRequest(status_token);
    if (!request) return core::Fail(request.error());
    if (!*request) {
      return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                        "There is no request at this link.");
    }
    auto cert = tx.ssl().Get((*request)->ssl_id);
    if (!cert) return core::Fail(cert.error());
    auto org = tx.organizations().Get(cert->org_id);
    if (!org) return core::Fail(org.error());
    return EnrollmentStatus{(*request)->reference, org->name, std::move(*cert)};
  });
}

core::Result<std::string> SelfEnrollments::Certificate(const std::string& status_token) {
  auto status = Status(status_token);
  if (!status) return core::Fail(status.error());
  if (status->cert.status != core::SslStatus::kIssued) {
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kUnspecified,
                      "The certificate is not issued (" +
                          std::string(core::ToString(status->cert.status)) + ").");
  }
  auto chain = ssl_.PemChain(status->cert.id);
  if (!chain) return core::Fail(chain.error());
  return std::move(chain->pem);
}

core::Result<std::int64_t> SelfEnrollments::PurgeSessions() {
  return store_.Transact(
      [&](store::Transaction& tx) { return tx.enrollments().PurgeSessions(clock_.Now()); });
}

}  // namespace certkeep::service
