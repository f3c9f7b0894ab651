// Revocation of SSL certificates: by an admin over the REST API or the console, through
// ACME's revokeCert, and of a certificate a replacement superseded. The CA revokes first
// (CRL and OCSP follow from its record), then the request's status moves.

#include <algorithm>
#include <iterator>

#include "service/ssl_certificates.h"
#include "service/ssl_internal.h"

namespace certkeep::service {

namespace {

using authz::Action;
using core::SslEvent;
using core::SslStatus;
using namespace ssl_internal;

// The RFC 5280 CRLReason codes a subscriber may give (a CA or AA compromise, and
// certificateHold, are not a subscriber's to say): the REST API's and ACME's alike.
bool IsSubscriberReason(int reason_code) {
  constexpr int kAllowed[] = {0, 1, 3, 4, 5};
  return std::find(std::begin(kAllowed), std::end(kAllowed), reason_code) != std::end(kAllowed);
}

}  // namespace

core::Result<void> SslCertificates::Revoke(const AuthenticatedAdmin& caller, core::SslId id,
                                           int reason_code, const std::string& reason) {
  const auto& who = caller.principal;
  if (!IsSubscriberReason(reason_code)) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "reasonCode: 0, 1, 3, 4 or 5");
  }
  if (reason.empty() || reason.size() > 512) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "reason: 1 to 512 characters");
  }
  auto target = store_.Read([&](store::Transaction& tx) -> core::Result<core::SslCertificate> {
    auto loaded = Load(tx, caller, id, Action::kRevokeSsl);
    if (!loaded) return core::Fail(loaded.error());
    return loaded->cert;
  });
  if (!target) return core::Fail(target.error());
  return Revoked(*target, reason_code, reason, who.login, who.source, true);
}

core::Result<void> SslCertificates::RevokeForAcme(core::SslId id, int reason_code,
                                                  const std::string& actor,
                                                  const std::string& source) {
  // RFC 8555 §7.6: "reason" is an RFC 5280 CRLReason.
  if (!IsSubscriberReason(reason_code)) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadRevocationReason,
                      "reason: 0 (unspecified), 1 (keyCompromise), 3 (affiliationChanged), 4 "
                      "(superseded) or 5 (cessationOfOperation)");
  }
  auto target = store_.Read([&](store::Transaction& tx) { return tx.ssl().Get(id); });
  if (!target) return core::Fail(target.error());
  return Revoked(*target, reason_code, "revoked through ACME", actor, source, false);
}

core::Result<void> SslCertificates::Revoked(const core::SslCertificate& target, int reason_code,
                                            const std::string& reason, const std::string& actor,
                                            const std::string& source, bool by_admin) {
  const core::SslId id = target.id;
  if (target.status == SslStatus::kRevoked) {
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kAlreadyRevoked,
                      "Certificate already revoked");
  }
  if (target.status != SslStatus::kIssued) {
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kSslNotIssued,
                      "Only issued certificates can be revoked");
  }
  // The CA first (CRL and OCSP follow from its record), then the request's status.
  auto revoked = issuer_.Revoke(target.serial, reason_code, actor);
  if (!revoked && revoked.error().reason() != core::Reason::kAlreadyRevoked) {
    return core::Fail(revoked.error());
  }
  auto now = clock_.Now();
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto cert = tx.ssl().Get(id);
    if (!cert) return core::Fail(cert.error());
    if (cert->status == SslStatus::kRevoked) return core::Ok();
    if (auto r = Move(*cert, SslEvent::kRevoke); !r) return r;
    cert->revoked_at = now;
    cert->revocation_reason = reason_code;
    cert->message = reason;
    if (auto r = tx.ssl().Update(*cert); !r) return r;
    auto org = tx.organizations().Get(cert->org_id);
    if (!org) return core::Fail(org.error());
    if (auto r = Tell(tx, notifier_, now, *cert, *org, core::NotificationType::kSslRevoked,
                          RequesterAddresses(tx, *cert), by_admin);
        !r) {
      return r;
    }
    return Audited(tx, clock_, actor, source, "ssl.revoke", *cert,
                   {{"reasonCode", reason_code}, {"reason", reason}});
  });
}

core::Result<void> SslCertificates::RevokeSuperseded(const std::optional<std::string>& serial) {
  if (!serial) return core::Ok();
  // RFC 5280 reason 4, superseded: relying parties stop trusting the old one.
  auto r = issuer_.Revoke(*serial, 4, "system");
  if (!r && r.error().reason() != core::Reason::kAlreadyRevoked) return core::Fail(r.error());
  return core::Ok();
}

}  // namespace certkeep::service
