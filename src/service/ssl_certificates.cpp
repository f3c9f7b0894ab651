#include "service/ssl_certificates.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "authz/authz.h"
#include "pki/certificate.h"
#include "pki/csr.h"
#include "service/audit_log.h"
#include "service/ca_certificates.h"
#include "service/custom_fields.h"
#include "service/mail_outbox.h"
#include "service/scope.h"
#include "service/ssl_internal.h"

namespace certkeep::service {

namespace {

using authz::Action;
using authz::Place;
using core::SslEvent;
using core::SslStatus;
using namespace ssl_internal;

// A failure that is not the request's fault (a key store away, the store itself): the
// request stays Applied and the queue job tries again.
bool Retryable(const core::Error& e) {
  return e.code() == core::ErrorCode::kUnavailable || e.code() == core::ErrorCode::kInternal;
}

// The id of the certificate `find` finds, when `caller` may see it; `unknown` when there
// is none or it lies outside the caller's scope (the two read alike).
template <typename Find>
core::Result<core::SslId> VisibleId(store::Store& store, const AuthenticatedAdmin& caller,
                                    const std::string& unknown, Find find) {
  auto refused = [&] {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kSslUnknownId, unknown);
  };
  return store.Read([&](store::Transaction& tx) -> core::Result<core::SslId> {
    auto found = find(tx);
    if (!found) {
      if (found.error().code() == core::ErrorCode::kNotFound) return refused();
      return core::Fail(found.error());
    }
    auto placed = Placed(tx, caller, std::move(*found), Action::kViewSsl);
    if (!placed) {
      if (placed.error().reason() == core::Reason::kSslUnknownId) return refused();
      return core::Fail(placed.error());
    }
    return placed->cert.id;
  });
}

}  // namespace

core::Result<std::vector<core::CertificateProfile>> SslCertificates::Types(
    const AuthenticatedAdmin& caller) {
  if (auto r = authz::Authorize(caller.principal, Action::kListSsl,
                                Place::Customer(caller.principal.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  auto all = store_.Read([](store::Transaction& tx) { return tx.profiles().List(); });
  if (!all) return core::Fail(all.error());
  std::erase_if(*all, [](const core::CertificateProfile& p) {
    return p.kind != core::ProfileKind::kTlsServer || !p.is_active;
  });
  return all;
}

core::Result<CsrPreview> SslCertificates::PreviewCsr(const AuthenticatedAdmin& caller,
                                                     const std::string& csr,
                                                     std::int64_t profile_id) {
  if (auto r = authz::Authorize(caller.principal, Action::kListSsl,
                                Place::Customer(caller.principal.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  auto profile = store_.Read([&](store::Transaction& tx) {
    return profile_id > 0 ? tx.profiles().Get(core::ProfileId{profile_id})
                          : tx.profiles().FindByName("ssl-dv");
  });
  if (!profile || profile->kind != core::ProfileKind::kTlsServer) {
    if (!profile && profile.error().code() != core::ErrorCode::kNotFound) {
      return core::Fail(profile.error());
    }
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kSslProfileUnknown,
                      "certType " + std::to_string(profile_id) +
                          " is not an SSL certificate type (GET /api/ssl/v1/types)");
  }
  auto parsed = pki::ParseCsr(csr, CsrPolicyOf(*profile));
  if (!parsed) return core::Fail(parsed.error());
  return CsrPreview{.common_name = parsed->common_name,
                    .dns_names = parsed->dns_names,
                    .key_type = KeyType(*parsed)};
}

core::Result<Enrolled> SslCertificates::Enroll(const AuthenticatedAdmin& caller,
                                               const EnrollRequest& request) {
  const auto& who = caller.principal;
  auto now = clock_.Now();
  // Decided reading only, then signed, then stored in one transaction: requests queue
  // behind the store's write lock only to be written, while the checks, the CSR's
  // signature and the certificate's build and signature run beside other requests. A
  // change committed in between (a delegation withdrawn) orders this request before it,
  // as if it had come a moment earlier: nothing the checks read is read again below.
  struct Decision {
    core::SslCertificate cert;
    core::Organization org;
    std::string profile;                 // its name, for the audit record
    std::optional<Signing> signing;      // auto-approved: the certificate decided, not signed
    std::optional<IssuedNotice> notice;  // with `signing`: what its notices need
  };
  auto decided = store_.Read([&](store::Transaction& tx) -> core::Result<Decision> {
    auto checked =
        CheckRequest(tx, caller, gate_, request.org_id, request.profile_id, request.term_days,
                     request.csr, request.subject_alt_names, request.dcv_mode);
    if (!checked) return core::Fail(checked.error());
    auto& [org, profile, names, common_name, key_type, validated, csr] = *checked;
    // A renewal or replacement carries the old certificate's values over.
    auto custom_fields =
        CheckedCustomFields(tx, who.customer_id, core::CertType::kSsl, request.custom_fields,
                            request.renewed_from ? core::CustomFieldCheck::kCarriedOver
                                                 : core::CustomFieldCheck::kRequest);
    if (!custom_fields) return core::Fail(custom_fields.error());
    Decision d{.cert = {.customer_id = who.customer_id,
                        .org_id = request.org_id,
                        .profile_id = profile.id,
                        .term_days = request.term_days,
                        .csr = request.csr,
                        .common_name = common_name,
                        .names = names,
                        .key_type = key_type,
                        .requester = who.login,
                        // None for a form's requester, who is no admin.
                        .requester_id = who.admin_id.value != 0
                                            ? std::optional<core::AdminId>(who.admin_id)
                                            : std::nullopt,
                        .requested_via = request.requested_via.value_or(
                            ViaWebApi(caller) ? core::RequestedVia::kRestApi
                                              : core::RequestedVia::kClientAdmin),
                        .external_requester = request.external_requester,
                        .comments = request.comments,
                        .custom_fields = *custom_fields,
                        .dcv_mode = request.dcv_mode,
                        .auto_renew = request.auto_renew,
                        .renew_id = core::Hex(random_.Bytes(16)),
                        .renewed_from = request.renewed_from,
                        .requested_at = now},
               .org = org,
               .profile = profile.name,
               .signing = std::nullopt,
               .notice = std::nullopt};
    auto& cert = d.cert;
    // Auto-approved when the requester holds the privilege ("it will show up as Applied");
    // a name still waiting for validation holds it at Approved.
    if (who.Has(core::Privilege::kAutoApproveCertificates)) {
      auto moved = Move(cert, validated ? SslEvent::kAutoApprove : SslEvent::kValidationPending);
      if (!moved) return core::Fail(moved.error());
      cert.approved_at = now;
      cert.approver_id = who.admin_id;
    }
    if (cert.status == SslStatus::kApplied) {
      auto prepared = PrepareSigning(tx, cert, org, profile, csr, /*reserve=*/false);
      if (!prepared) return core::Fail(prepared.error());
      d.signing = std::move(*prepared);
      auto notice = ReadIssuedNotice(tx, cert);
      if (!notice) return core::Fail(notice.error());
      d.notice = std::move(*notice);
    }
    return d;
  });
  if (!decided) return core::Fail(decided.error());
  const auto& decision = *decided;
  std::optional<core::Result<std::string>> pem;
  if (decision.signing) pem = Signed(*decision.signing);

  std::optional<std::string> superseded;  // the serial of a certificate this one replaces
  auto stored = store_.Transact([&](store::Transaction& tx) -> core::Result<core::SslId> {
    superseded.reset();
    core::SslCertificate cert = decision.cert;  // a retried transaction starts afresh
    // Stored once, as it ends: Issued with its certificate, Rejected with the CA's reason,
    // or — a CA that cannot sign now (a key store away) — Applied, for the queue job.
    std::optional<core::TimePoint> not_after;
    if (pem && *pem) {
      auto issued = Issued(tx, cert, *decision.signing, **pem);
      if (!issued) return core::Fail(issued.error());
      not_after = issued->not_after;
    } else if (pem && !Retryable(pem->error())) {
      if (auto r = Refused(cert, pem->error()); !r) return core::Fail(r.error());
    }
    auto id = tx.ssl().Insert(cert);
    if (!id) return core::Fail(id.error());
    cert.id = *id;
    if (request.on_stored) {
      if (auto r = request.on_stored(tx, cert); !r) return core::Fail(r.error());
    }
    if (cert.status == SslStatus::kRejected) {
      auto a = Audited(tx, clock_, "system", "", "ssl.reject", cert, {{"why", cert.message}});
      if (!a) return core::Fail(a.error());
    }
    if (cert.status == SslStatus::kRequested) {
      if (auto r = NotifyApprovers(tx, notifier_, now, cert, decision.org); !r) {
        return core::Fail(r.error());
      }
    }
    if (request.replaces && request.renewed_from) {
      auto replaced = tx.ssl().Get(*request.renewed_from);
      if (!replaced) return core::Fail(replaced.error());
      replaced->replaced_by = cert.id;
      if (auto r = tx.ssl().Update(*replaced); !r) return core::Fail(r.error());
    }
    auto a = Audited(tx, clock_, who.login, who.source,
                     request.replaces       ? "ssl.replace"
                     : request.renewed_from ? "ssl.renew"
                                            : "ssl.enroll",
                     cert, {{"names", cert.names}, {"profile", decision.profile}});
    if (!a) return core::Fail(a.error());
    if (not_after) {
      if (auto r = Announce(tx, cert, decision.org, *not_after, superseded,
                            decision.notice ? &*decision.notice : nullptr);
          !r) {
        return core::Fail(r.error());
      }
    }
    return cert.id;
  });
  if (!stored) return core::Fail(stored.error());
  if (auto r = RevokeSuperseded(superseded); !r) return core::Fail(r.error());
  return Enrolled{*stored, decision.cert.renew_id};
}

core::Result<void> SslCertificates::Sign(core::SslId id) {
  auto signing =
      store_.Transact([&](store::Transaction& tx) -> core::Result<std::optional<Signing>> {
        auto cert = tx.ssl().Get(id);
        if (!cert) return core::Fail(cert.error());
        if (cert->status != SslStatus::kApplied) return std::nullopt;
        auto org = tx.organizations().Get(cert->org_id);
        if (!org) return core::Fail(org.error());
        auto profile = tx.profiles().Get(cert->profile_id);
        if (!profile) return core::Fail(profile.error());
        std::optional<Signing> prepared;
        auto csr = pki::ParseCsr(cert->csr, CsrPolicyOf(*profile));
        if (csr) {
          auto p = PrepareSigning(tx, *cert, *org, *profile, *csr, /*reserve=*/true);
          if (!p) return core::Fail(p.error());
          prepared = std::move(*p);
        } else {
          // The profile changed under a stored request.
          if (auto r = Move(*cert, SslEvent::kReject); !r) return core::Fail(r.error());
          cert->message = csr.error().detail();
        }
        if (prepared) return prepared;
        if (auto r = tx.ssl().Update(*cert); !r) return core::Fail(r.error());
        auto a = Audited(tx, clock_, "system", "", "ssl.reject", *cert, {{"why", cert->message}});
        if (!a) return core::Fail(a.error());
        return std::nullopt;
      });
  if (!signing) return core::Fail(signing.error());
  if (!*signing) return core::Ok();
  return Finish(**signing);
}

core::Result<std::optional<SslCertificates::Signing>> SslCertificates::PrepareSigning(
    store::Transaction& tx, core::SslCertificate& cert, const core::Organization& org,
    const core::CertificateProfile& profile, const pki::ParsedCsr& csr, bool reserve) {
  const auto& a = org.address;
  IssueRequest request{.actor = cert.requester,
                       .profile = profile.name,
                       .csr = {},
                       .dns_names = cert.names,
                       .subject = {.common_name = cert.common_name,
                                   .organization = org.name,
                                   .locality = a.city,
                                   .state = a.state_or_province,
                                   .country = a.country},
                       .validity_days = cert.term_days};
  auto prepared = reserve ? issuer_.Prepare(tx, request, profile, csr)
                          : issuer_.Decide(tx, request, profile, csr);
  if (prepared) return Signing{cert.id, cert.names, std::move(*prepared)};
  if (Retryable(prepared.error())) {
    return core::Fail(prepared.error());  // not the request's fault: retried by the job
  }
  if (auto r = Move(cert, SslEvent::kReject); !r) return core::Fail(r.error());
  cert.message = prepared.error().detail();
  return std::nullopt;
}

core::Result<std::string> SslCertificates::Signed(const Signing& signing) {
  if (auto caa = gate_.CheckCaa(signing.names); !caa) return core::Fail(caa.error());
  return issuer_.Sign(signing.prepared);
}

core::Result<void> SslCertificates::Finish(const Signing& signing) {
  auto pem = Signed(signing);  // outside any transaction
  std::optional<std::string> superseded;
  auto done = store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    superseded.reset();
    auto cert = tx.ssl().Get(signing.id);
    if (!cert) return core::Fail(cert.error());
    if (cert->status != SslStatus::kApplied) return core::Ok();  // someone else finished it
    return Conclude(tx, *cert, signing, pem, superseded);
  });
  if (!done) return done;
  return RevokeSuperseded(superseded);
}

core::Result<void> SslCertificates::Conclude(store::Transaction& tx, core::SslCertificate& cert,
                                             const Signing& signing,
                                             const core::Result<std::string>& pem,
                                             std::optional<std::string>& superseded) {
  if (!pem) {
    if (Retryable(pem.error())) return core::Fail(pem.error());  // retried by the job
    if (auto r = Refused(cert, pem.error()); !r) return r;
    if (auto r = tx.ssl().Update(cert); !r) return r;
    return Audited(tx, clock_, "system", "", "ssl.reject", cert, {{"why", cert.message}});
  }
  auto issued = Issued(tx, cert, signing, *pem);
  if (!issued) return core::Fail(issued.error());
  if (auto r = tx.ssl().Update(cert); !r) return r;
  auto org = tx.organizations().Get(cert.org_id);
  if (!org) return core::Fail(org.error());
  return Announce(tx, cert, *org, issued->not_after, superseded);
}

core::Result<core::CertificateRecord> SslCertificates::Issued(store::Transaction& tx,
                                                              core::SslCertificate& cert,
                                                              const Signing& signing,
                                                              const std::string& pem) {
  auto issued = issuer_.Record(tx, signing.prepared, pem);
  if (!issued) return core::Fail(issued.error());
  if (auto r = Move(cert, SslEvent::kIssue); !r) return core::Fail(r.error());
  cert.certificate_id = issued->id;
  cert.serial = issued->serial;
  cert.issued_at = clock_.Now();
  cert.expires_at = issued->not_after;
  return issued;
}

core::Result<void> SslCertificates::Refused(core::SslCertificate& cert, const core::Error& why) {
  if (auto r = Move(cert, SslEvent::kReject); !r) return r;
  cert.message = why.detail();
  return core::Ok();
}

core::Result<void> SslCertificates::Announce(store::Transaction& tx,
                                             const core::SslCertificate& cert,
                                             const core::Organization& org,
                                             core::TimePoint not_after,
                                             std::optional<std::string>& superseded,
                                             const ssl_internal::IssuedNotice* ahead) {
  auto now = clock_.Now();
  if (cert.renewed_from) {
    auto old = tx.ssl().Get(*cert.renewed_from);
    if (old && old->replaced_by == cert.id && old->status == SslStatus::kIssued) {
      if (auto r = Move(*old, SslEvent::kReplace); !r) return r;
      old->replaced_at = now;
      if (auto r = tx.ssl().Update(*old); !r) return r;
      if (auto r = Audited(tx, clock_, "system", "", "ssl.replaced", *old, {{"by", cert.id.value}});
          !r) {
        return r;
      }
      superseded = old->serial;
    }
  }
  core::SslCertificate issued = cert;
  issued.expires_at = not_after;
  if (auto r = Tell(tx, notifier_, now, issued, org, core::NotificationType::kSslIssued,
                    ahead ? ahead->to : RequesterAddresses(tx, cert), true,
                    ahead ? &ahead->plan : nullptr);
      !r) {
    return r;
  }
  return Audited(tx, clock_, "system", "", "ssl.issue", cert, {{"serial", cert.serial}});
}

core::Result<SslView> SslCertificates::Get(const AuthenticatedAdmin& caller, core::SslId id) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<SslView> {
    auto both = tx.ssl().GetWithRecord(id);
    if (!both) return core::Fail(UnknownIfMissing(both.error(), id));
    auto loaded = Placed(tx, caller, std::move(both->first), Action::kViewSsl);
    if (!loaded) return core::Fail(loaded.error());
    SslView view{std::move(loaded->cert)};
    if (both->second) {
      auto certificate = pki::Certificate::FromPem(both->second->pem);
      if (!certificate) return core::Fail(certificate.error());
      view.certificate.emplace(std::move(*certificate));
    }
    return view;
  });
}

core::Result<store::SslPage> SslCertificates::List(const AuthenticatedAdmin& caller,
                                                   store::SslQuery query) {
  const auto& who = caller.principal;
  if (auto r = authz::Authorize(who, Action::kListSsl, Place::Customer(who.customer_id)); !r) {
    return core::Fail(r.error());
  }
  query.customer = who.customer_id;
  query.size = std::clamp<std::int64_t>(query.size, 0, 200);
  query.position = std::max<std::int64_t>(query.position, 0);
  return store_.Read([&](store::Transaction& tx) -> core::Result<store::SslPage> {
    auto within = CoveredOrgs(tx, who, core::CertType::kSsl);
    if (!within) return core::Fail(within.error());
    query.within = std::move(*within);
    return tx.ssl().List(query);
  });
}

core::Result<void> SslCertificates::Approve(const AuthenticatedAdmin& caller, core::SslId id,
                                            const std::string& message) {
  return Decide(caller, id, true, message);
}

core::Result<void> SslCertificates::Decline(const AuthenticatedAdmin& caller, core::SslId id,
                                            const std::string& message) {
  return Decide(caller, id, false, message);
}

core::Result<void> SslCertificates::Decide(const AuthenticatedAdmin& caller, core::SslId id,
                                           bool approve, const std::string& message) {
  const auto& who = caller.principal;
  if (message.size() > 512) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "message: at most 512 characters");
  }
  auto now = clock_.Now();
  auto decided = store_.Transact([&](store::Transaction& tx) -> core::Result<SslStatus> {
    auto loaded = Load(tx, caller, id, Action::kApproveSsl);
    if (!loaded) return core::Fail(loaded.error());
    auto& cert = loaded->cert;
    if (cert.status != SslStatus::kRequested) {
      return core::Fail(core::ErrorCode::kConflict, core::Reason::kSslBadTransition,
                        "Cannot " + std::string(approve ? "approve" : "decline") +
                            ", state = " + std::string(core::ToString(cert.status)));
    }
    SslEvent event = SslEvent::kDecline;
    if (approve) {
      auto validated =
          gate_.CheckRegistry(tx, cert.customer_id, cert.org_id, core::CertType::kSsl, cert.names);
      if (!validated && validated.error().reason() != core::Reason::kDcvIncomplete) {
        return core::Fail(validated.error());  // a delegation went away meanwhile
      }
      event = validated ? SslEvent::kApprove : SslEvent::kValidationPending;
      cert.approved_at = now;
    } else {
      cert.declined_at = now;
    }
    if (auto r = Move(cert, event); !r) return core::Fail(r.error());
    cert.approver_id = who.admin_id;
    cert.message = message;
    if (auto r = tx.ssl().Update(cert); !r) return core::Fail(r.error());
    // Declined: the requester is told; approved: only the rules that ask for it.
    auto n =
        Tell(tx, notifier_, now, cert, loaded->org,
             approve ? core::NotificationType::kSslApproved : core::NotificationType::kSslDeclined,
             approve ? std::vector<std::string>() : RequesterAddresses(tx, cert));
    if (!n) return core::Fail(n.error());
    auto a = Audited(tx, clock_, who.login, who.source, approve ? "ssl.approve" : "ssl.decline",
                     cert, {{"message", message}});
    if (!a) return core::Fail(a.error());
    return cert.status;
  });
  if (!decided) return core::Fail(decided.error());
  if (*decided == SslStatus::kApplied) return Sign(id);
  return core::Ok();
}

core::Result<core::SslId> SslCertificates::IdBySerial(const AuthenticatedAdmin& caller,
                                                      const std::string& serial) {
  return VisibleId(store_, caller, "No SSL certificate with serial number " + serial,
                   [&](store::Transaction& tx) {
                     return tx.ssl().FindBySerial(caller.principal.customer_id,
                                                  core::NormalizeSerialHex(serial));
                   });
}

core::Result<core::SslId> SslCertificates::IdByRenewId(const AuthenticatedAdmin& caller,
                                                       const std::string& renew_id) {
  return VisibleId(store_, caller, "No SSL certificate with this renewId",
                   [&](store::Transaction& tx) {
                     return tx.ssl().FindByRenewId(caller.principal.customer_id, renew_id);
                   });
}

core::Result<SslDownload> SslCertificates::Collect(const AuthenticatedAdmin& caller, core::SslId id,
                                                   pki::CertificateFormat format) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<SslDownload> {
    // The request and its certificate in one statement.
    auto both = tx.ssl().GetWithRecord(id);
    if (!both) return core::Fail(UnknownIfMissing(both.error(), id));
    auto loaded = Placed(tx, caller, std::move(both->first), Action::kViewSsl);
    if (!loaded) return core::Fail(loaded.error());
    const auto& cert = loaded->cert;
    const auto& record = both->second;
    if (cert.status == SslStatus::kRevoked) {
      return core::Fail(core::ErrorCode::kConflict, core::Reason::kSslRevokedNoDownload,
                        "Certificate has been revoked and cannot be downloaded");
    }
    if (!cert.certificate_id ||
        (cert.status != SslStatus::kIssued && cert.status != SslStatus::kExpired &&
         cert.status != SslStatus::kReplaced)) {
      // Existing clients poll on exactly this text (scm-api.md §3.7): keep it.
      return core::Fail(core::ErrorCode::kConflict, core::Reason::kSslNotReady,
                        "Being processed by Sectigo");
    }
    if (!record) {
      return core::Fail(core::InternalError(core::Reason::kStoreQuery,
                                            "SSL certificate " + std::to_string(id.value) +
                                                " names a certificate that is not stored"));
    }
    auto chain = ChainOf(tx, record->issuer_id);
    if (!chain) return core::Fail(chain.error());
    auto encoded = pki::EncodeStoredCertificate(format, record->pem, (*chain)->certificates);
    if (!encoded) return core::Fail(encoded.error());
    std::string base = cert.common_name;
    std::replace(base.begin(), base.end(), '*', '_');
    return SslDownload{std::move(encoded->body), base + encoded->file_name_suffix};
  });
}

core::Result<std::shared_ptr<const IssuerPath>> SslCertificates::ChainOf(store::Transaction& tx,
                                                                         core::CaId ca) {
  {
    std::lock_guard lock(chains_mu_);
    if (auto it = chains_.find(ca.value); it != chains_.end()) return it->second;
  }
  auto chain = IssuerChain(tx, ca);
  if (!chain) return core::Fail(chain.error());
  auto shared = std::make_shared<const IssuerPath>(std::move(*chain));
  std::lock_guard lock(chains_mu_);
  return chains_.emplace(ca.value, std::move(shared)).first->second;
}

core::Result<Enrolled> SslCertificates::Renew(const AuthenticatedAdmin& caller, core::SslId id,
                                              const std::string& csr, bool automatic) {
  auto old = store_.Read([&](store::Transaction& tx) -> core::Result<core::SslCertificate> {
    auto loaded = Load(tx, caller, id, Action::kRenewSsl);
    if (!loaded) return core::Fail(loaded.error());
    return loaded->cert;
  });
  if (!old) return core::Fail(old.error());
  if (old->status != SslStatus::kIssued && old->status != SslStatus::kExpired) {
    return core::Fail(core::ErrorCode::kConflict, core::Reason::kSslNotIssued,
                      "Only issued or expired certificates can be renewed");
  }
  EnrollRequest request{.org_id = old->org_id,
                        .csr = csr.empty() ? old->csr : csr,
                        .profile_id = old->profile_id.value,
                        .term_days = old->term_days,
                        .subject_alt_names = old->names,
                        .external_requester = old->external_requester,
                        .comments = old->comments,
                        .custom_fields = old->custom_fields,
                        .dcv_mode = old->dcv_mode,
                        .auto_renew = old->auto_renew,
                        .renewed_from = old->id};
  if (automatic) request.requested_via = old->requested_via;
  return Enroll(caller, request);
}

}  // namespace certkeep::service
