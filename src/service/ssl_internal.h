#pragma once
// What the SSL certificate use cases share (ssl_certificates.cpp, ssl_jobs.cpp): loading a
// certificate for an action in its scope, moving it through the state table, its audit
// records and its mail.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "authz/authz.h"
#include "core/ssl_certificate.h"
#include "pki/csr.h"
#include "service/notifier.h"
#include "service/ssl_certificates.h"
#include "store/store.h"

namespace certkeep::service::ssl_internal {

/// A REST call (not a console session): the organization's Web API switch applies.
[[nodiscard]] bool ViaWebApi(const AuthenticatedAdmin& caller);
/// SCM's -124 for an id the caller may not see or that does not exist.
[[nodiscard]] core::Error UnknownCertificate(core::SslId id);
/// The organization or department `id` of `customer`; another's is an invalid orgId.
[[nodiscard]] core::Result<core::Organization> OrgOf(store::Transaction& tx,
                                                     core::CustomerId customer, core::OrgId id);
/// `action` on certificates of `org`, and (REST calls) the org's Web API switch.
[[nodiscard]] core::Result<void> Allowed(const AuthenticatedAdmin& caller, authz::Action action,
                                         const core::Organization& org);

/// A certificate and its place.
struct Loaded {
  core::SslCertificate cert;
  core::Organization org;
};
/// The certificate `id` of the caller's customer, seen with kViewSsl, its place allowing
/// `action`; one the caller may not see is unknown.
[[nodiscard]] core::Result<Loaded> Load(store::Transaction& tx, const AuthenticatedAdmin& caller,
                                        core::SslId id, authz::Action action);
/// The error of reading certificate `id`: a missing one is unknown (SCM's -124).
[[nodiscard]] core::Error UnknownIfMissing(const core::Error& read, core::SslId id);
/// Load's checks for `cert`, already read.
[[nodiscard]] core::Result<Loaded> Placed(store::Transaction& tx, const AuthenticatedAdmin& caller,
                                          core::SslCertificate cert, authz::Action action);
/// Moves `cert` by `event` through the state table.
[[nodiscard]] core::Result<void> Move(core::SslCertificate& cert, core::SslEvent event);
/// SCM's keyType: "RSA - 2048", "EC - 256".
[[nodiscard]] std::string KeyType(const pki::ParsedCsr& csr);
/// The audit record of `action` on `cert`.
[[nodiscard]] core::Result<void> Audited(store::Transaction& tx, const core::Clock& clock,
                                         const std::string& actor, const std::string& source,
                                         const std::string& action,
                                         const core::SslCertificate& cert,
                                         nlohmann::json detail = nlohmann::json::object());
/// The notification `type` of `cert` at `org`: the event's own mail to `to` (none when
/// empty) and every rule's that covers it, all in `tx`.
/// `plan`, when given, is what Notifier::Plan read ahead for the type.
[[nodiscard]] core::Result<void> Tell(store::Transaction& tx, Notifier& notifier,
                                      core::TimePoint now, const core::SslCertificate& cert,
                                      const core::Organization& org, core::NotificationType type,
                                      std::vector<std::string> to, bool by_admin = true,
                                      const NoticePlan* plan = nullptr);
/// The requester's and the external requesters' addresses.
[[nodiscard]] std::vector<std::string> RequesterAddresses(store::Transaction& tx,
                                                          const core::SslCertificate& cert);
/// What the notices of a certificate's issuance need from the store, read in the read
/// transaction that decides the request, so that the write that issues it reads nothing
/// for them: the requester's addresses and the customer's plan for "issued".
struct IssuedNotice {
  std::vector<std::string> to;
  NoticePlan plan;
};
[[nodiscard]] core::Result<IssuedNotice> ReadIssuedNotice(store::Transaction& tx,
                                                          const core::SslCertificate& cert);
/// "Awaiting approval" to every unsuspended admin who may approve it.
[[nodiscard]] core::Result<void> NotifyApprovers(store::Transaction& tx, Notifier& notifier,
                                                 core::TimePoint now,
                                                 const core::SslCertificate& cert,
                                                 const core::Organization& org);

/// A request's parts checked: its place (the caller may request there), its profile and
/// term, its CSR and names (CN, the CSR's SANs and `subject_alt_names`: exactly the names
/// of the certificate) through the issuance gate. `validated` false: some name waits for
/// validation, allowed only with a `dcv_mode`.
struct CheckedRequest {
  core::Organization org;
  core::CertificateProfile profile;
  std::vector<std::string> names;
  std::string common_name;
  std::string key_type;
  bool validated = false;
  pki::ParsedCsr csr;  // parsed with the profile's policy, once
};
[[nodiscard]] core::Result<CheckedRequest> CheckRequest(
    store::Transaction& tx, const AuthenticatedAdmin& caller, IssuanceGate& gate,
    core::OrgId org_id, std::int64_t profile_id, int term_days, const std::string& csr_text,
    const std::vector<std::string>& subject_alt_names, const std::string& dcv_mode);

}  // namespace certkeep::service::ssl_internal
