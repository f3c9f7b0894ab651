#include "service/ssl_internal.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "service/audit_log.h"
#include "service/issuer.h"
#include "service/mail_outbox.h"

namespace certkeep::service::ssl_internal {

bool ViaWebApi(const AuthenticatedAdmin& caller) {
  return caller.session_token_hash.empty();  // console sessions carry a token
}

core::Error UnknownCertificate(core::SslId id) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kSslUnknownId,
                     "Wrong SSL certificate id " + std::to_string(id.value));
}

core::Result<core::Organization> OrgOf(store::Transaction& tx, core::CustomerId customer,
                                       core::OrgId id) {
  auto org = tx.organizations().Get(id);
  if (!org || org->customer_id != customer) {
    if (!org && org.error().code() != core::ErrorCode::kNotFound) return core::Fail(org.error());
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "orgId " + std::to_string(id.value) +
                          " is not an organization or department of this customer");
  }
  return org;
}

core::Result<void> Allowed(const AuthenticatedAdmin& caller, authz::Action action,
                           const core::Organization& org) {
  if (auto r =
          authz::Authorize(caller.principal, action, authz::Place::Of(org), core::CertType::kSsl);
      !r) {
    return r;
  }
  if (ViaWebApi(caller)) return authz::CheckWebApiEnabled(org, core::CertType::kSsl);
  return core::Ok();
}

// The certificate `id` of the caller's customer, seen with kViewSsl, and its place
// allowing `action`. One it may not see is unknown.
core::Result<Loaded> Load(store::Transaction& tx, const AuthenticatedAdmin& caller, core::SslId id,
                          authz::Action action) {
  auto cert = tx.ssl().Get(id);
  if (!cert) return core::Fail(UnknownIfMissing(cert.error(), id));
  return Placed(tx, caller, std::move(*cert), action);
}

core::Error UnknownIfMissing(const core::Error& read, core::SslId id) {
  return read.code() == core::ErrorCode::kNotFound ? UnknownCertificate(id) : read;
}

core::Result<Loaded> Placed(store::Transaction& tx, const AuthenticatedAdmin& caller,
                            core::SslCertificate cert, authz::Action action) {
  if (cert.customer_id != caller.principal.customer_id) {
    return core::Fail(UnknownCertificate(cert.id));
  }
  auto org = tx.organizations().Get(cert.org_id);
  if (!org) return core::Fail(org.error());
  if (!authz::Authorize(caller.principal, authz::Action::kViewSsl, authz::Place::Of(*org),
                        core::CertType::kSsl)) {
    return core::Fail(UnknownCertificate(cert.id));
  }
  if (auto r = Allowed(caller, action, *org); !r) return core::Fail(r.error());
  return Loaded{std::move(cert), std::move(*org)};
}

core::Result<void> Move(core::SslCertificate& cert, core::SslEvent event) {
  auto to = core::SslTransition(cert.status, event);
  if (!to) return core::Fail(to.error());
  cert.status = *to;
  return core::Ok();
}

// SCM's keyType: "RSA - 2048", "EC - 256".
std::string KeyType(const pki::ParsedCsr& csr) {
  return std::string(csr.public_key.TypeName()) + " - " + std::to_string(csr.public_key.Bits());
}

core::Result<void> Audited(store::Transaction& tx, const core::Clock& clock,
                           const std::string& actor, const std::string& source,
                           const std::string& action, const core::SslCertificate& cert,
                           nlohmann::json detail) {
  detail["status"] = core::ToString(cert.status);
  detail["commonName"] = cert.common_name;
  auto a = RecordAudit(tx, clock,
                       {.customer_id = cert.customer_id,
                        .actor = actor,
                        .source = source,
                        .action = action,
                        .object_type = "ssl",
                        .object_id = std::to_string(cert.id.value),
                        .detail = detail.dump()});
  if (!a) return core::Fail(a.error());
  return core::Ok();
}

core::Result<void> Tell(store::Transaction& tx, Notifier& notifier, core::TimePoint now,
                        const core::SslCertificate& cert, const core::Organization& org,
                        core::NotificationType type, std::vector<std::string> to, bool by_admin,
                        const NoticePlan* plan) {
  NotificationEvent event{
      .type = type,
      .customer = cert.customer_id,
      .org = org,
      .object_kind = "ssl",
      .object_id = cert.id.value,
      .profile_id = cert.profile_id.value,
      .requester_id = cert.requester_id,
      .external_requester = cert.external_requester,
      .by_admin = by_admin,
      .values = CertificateValues(cert.common_name, cert.names, org,
                                  std::string(core::ToString(cert.status)), cert.requester,
                                  cert.message, cert.expires_at, now),
      .path = "/certificates/ssl/" + std::to_string(cert.id.value)};
  if (!to.empty()) {
    // A requester through the enrollment form has no console: their link is the status
    // page of the request.
    auto own = event;
    if (cert.requested_via == core::RequestedVia::kEnrollmentForm) {
      auto form = tx.enrollments().RequestOf(cert.id);
      if (!form) return core::Fail(form.error());
      if (*form) own.path = "/enroll/status/" + (*form)->status_token;
    }
    if (auto r = notifier.Send(tx, now, own, to, plan); !r) return r;
    event.already = std::move(to);
  }
  auto n = notifier.Emit(tx, now, event, plan);
  if (!n) return core::Fail(n.error());
  return core::Ok();
}

std::vector<std::string> RequesterAddresses(store::Transaction& tx,
                                            const core::SslCertificate& cert) {
  auto to = SplitAddresses(cert.external_requester);
  if (cert.requester_id) {
    if (auto email = tx.admins().Email(*cert.requester_id)) to.push_back(*email);
  }
  return to;
}

core::Result<IssuedNotice> ReadIssuedNotice(store::Transaction& tx,
                                            const core::SslCertificate& cert) {
  auto plan = Notifier::Plan(tx, cert.customer_id, core::NotificationType::kSslIssued);
  if (!plan) return core::Fail(plan.error());
  return IssuedNotice{.to = RequesterAddresses(tx, cert), .plan = std::move(*plan)};
}

core::Result<void> NotifyApprovers(store::Transaction& tx, Notifier& notifier, core::TimePoint now,
                                   const core::SslCertificate& cert,
                                   const core::Organization& org) {
  AdminDirectory directory(tx, cert.customer_id);
  auto to = directory.Approvers(core::NotificationType::kSslAwaitingApproval, org);
  if (!to) return core::Fail(to.error());
  return Tell(tx, notifier, now, cert, org, core::NotificationType::kSslAwaitingApproval,
              std::move(*to));
}

core::Result<CheckedRequest> CheckRequest(store::Transaction& tx, const AuthenticatedAdmin& caller,
                                          IssuanceGate& gate, core::OrgId org_id,
                                          std::int64_t profile_id, int term_days,
                                          const std::string& csr_text,
                                          const std::vector<std::string>& subject_alt_names,
                                          const std::string& dcv_mode) {
  auto org = OrgOf(tx, caller.principal.customer_id, org_id);
  if (!org) return core::Fail(org.error());
  if (auto r = Allowed(caller, authz::Action::kRequestSsl, *org); !r) return core::Fail(r.error());
  auto profile = tx.profiles().Get(core::ProfileId{profile_id});
  if (!profile || profile->kind != core::ProfileKind::kTlsServer || !profile->is_active) {
    if (!profile && profile.error().code() != core::ErrorCode::kNotFound) {
      return core::Fail(profile.error());
    }
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kSslProfileUnknown,
                      "certType " + std::to_string(profile_id) +
                          " is not an SSL certificate type (GET /api/ssl/v1/types)");
  }
  if (std::find(profile->terms.begin(), profile->terms.end(), term_days) == profile->terms.end()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kSslTermInvalid,
                      "term " + std::to_string(term_days) + " is not one of the terms of " +
                          profile->name + ": " + nlohmann::json(profile->terms).dump());
  }
  auto policy = CsrPolicyOf(*profile);
  auto csr = pki::ParseCsr(csr_text, policy);
  if (!csr) return core::Fail(csr.error());
  // The names checked are exactly the names of the certificate: CN, the CSR's SANs and
  // subjAltNames together.
  auto names = csr->dns_names;
  for (const auto& extra : subject_alt_names) {
    auto n = pki::CheckDnsName(extra, policy);
    if (!n) return core::Fail(n.error());
    if (std::find(names.begin(), names.end(), *n) == names.end()) names.push_back(*n);
  }
  if (names.empty() || !csr->ip_addresses.empty() || !csr->emails.empty()) {
    return core::Fail(core::ErrorCode::kBadCsr, core::Reason::kCsrBadName,
                      "an SSL certificate names DNS names only, at least one");
  }
  if (static_cast<int>(names.size()) > profile->max_names) {
    return core::Fail(core::ErrorCode::kBadCsr, core::Reason::kCsrTooManyNames,
                      "at most " + std::to_string(profile->max_names) + " names");
  }
  auto registry =
      gate.CheckRegistry(tx, caller.principal.customer_id, org_id, core::CertType::kSsl, names);
  bool validated = static_cast<bool>(registry);
  if (!registry &&
      (registry.error().reason() != core::Reason::kDcvIncomplete || dcv_mode.empty())) {
    return core::Fail(registry.error());
  }
  return CheckedRequest{.org = std::move(*org),
                        .profile = std::move(*profile),
                        .names = names,
                        .common_name = csr->common_name.empty() ? names.front() : csr->common_name,
                        .key_type = KeyType(*csr),
                        .validated = validated,
                        .csr = std::move(*csr)};
}

}  // namespace certkeep::service::ssl_internal
