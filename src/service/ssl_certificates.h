#pragma once
// SSL certificates as the REST API and the console handle them (scm-api.md §2.1): enroll
// with a CSR through the issuance gate, approve or decline, the CA signs, collect in every
// format, revoke, renew, and the mail each step sends. Every transition goes through
// core::SslTransition; every action is authorized here, in the scope of the certificate's
// organization or department.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/domain_validation.h"
#include "core/random.h"
#include "core/result.h"
#include "core/ssl_certificate.h"
#include "pki/certificate.h"
#include "pki/encoding.h"
#include "service/authenticator.h"
#include "service/ca_certificates.h"
#include "service/issuance_gate.h"
#include "service/issuer.h"
#include "service/notifier.h"
#include "store/store.h"

namespace certkeep::service {

namespace ssl_internal {
struct IssuedNotice;
}  // namespace ssl_internal

struct SslOptions {
  std::string console_url = "https://localhost:8443";  ///< base of links in email
  std::string mail_from = "certkeep <certkeep@localhost>";
};

/// A new request as enroll (or the console's Add) takes it.
struct EnrollRequest {
  core::OrgId org_id{};
  std::string csr{};
  std::int64_t profile_id = 0;  ///< SCM's certType
  int term_days = 0;
  std::vector<std::string> subject_alt_names{};  ///< beyond the CSR's own
  std::string external_requester{};
  std::string comments{};
  std::string custom_fields = "[]";
  std::string dcv_mode{};  ///< set: names not validated yet may wait (status Approved)
  bool auto_renew = false;
  std::optional<core::SslId> renewed_from{};
  bool replaces = false;  ///< with renewed_from: the old one is Replaced once this is issued
  /// Unset: from the caller (REST API or console). Auto-renewal keeps the original's.
  std::optional<core::RequestedVia> requested_via{};
  /// Called in the transaction that stores the request, once it has its id (the
  /// enrollment form records its status link there).
  std::function<core::Result<void>(store::Transaction&, const core::SslCertificate&)> on_stored{};
};

/// The names and key of a CSR (PreviewCsr).
struct CsrPreview {
  std::string common_name;
  std::vector<std::string> dns_names;  ///< lower case, the CN first when it is a name
  std::string key_type;                ///< SCM's "EC - 256", "RSA - 2048"
};

/// A change of a request (PUT /api/ssl/v1). The request itself (org, type, term, CSR,
/// names) changes only while Requested, Declined, Rejected or Invalid, and goes back to
/// Requested; the rest changes at any time.
struct SslEdit {
  core::SslId id{};
  std::optional<core::OrgId> org_id{};
  std::optional<std::int64_t> profile_id{};
  std::optional<int> term_days{};
  std::optional<std::string> csr{};
  std::optional<std::vector<std::string>> subject_alt_names{};
  std::optional<std::string> external_requester{};
  std::optional<std::string> comments{};
  std::optional<std::string> custom_fields{};
  std::optional<bool> auto_renew{};
  std::optional<int> auto_renew_days{};
  std::optional<bool> suspend_notifications{};
};

/// An ACME order's certificate, as finalize hands it over: the order's account was
/// authorized for every name by its authorizations; the CA still asks the issuance gate.
struct AcmeIssue {
  core::CustomerId customer_id{};
  core::OrgId org_id{};
  core::ProfileId profile_id{};
  std::string csr{};  ///< PEM or DER
  /// The order's identifiers: the CSR must name exactly these (RFC 8555 §7.4).
  std::vector<std::string> names{};
  /// The account key's SubjectPublicKeyInfo: the CSR's key must differ (RFC 8555 §11.1).
  std::string account_spki_der{};
  std::string requester{};  ///< e.g. "acme:v2/account/7", for the list and the audit log
  std::string source{};     ///< the client's address
  std::vector<std::string> contacts{};  ///< addresses told of the issuance
  /// Runs in the transaction that stores the issued certificate (the ACME order made
  /// valid with it); an error there rolls the whole issuance back.
  std::function<core::Result<void>(store::Transaction&, const core::SslCertificate&)> on_issued{};
};

struct Enrolled {
  core::SslId id{};
  std::string renew_id{};
};

/// A certificate in one download format (sent as application/octet-stream, as SCM does).
struct SslDownload {
  std::string body{};
  std::string file_name{};
};

/// A request and, once one was signed, its certificate (whatever became of it since).
struct SslView {
  core::SslCertificate cert;
  std::optional<pki::Certificate> certificate{};
};

/// One chain of an issued certificate, and how many alternatives it has besides.
struct PemChainView {
  std::string pem{};
  std::size_t alternates = 0;
};

class SslCertificates {
 public:
  SslCertificates(store::Store& store, const core::Clock& clock, core::RandomSource& random,
                  Issuer& issuer, IssuanceGate& gate, SslOptions options)
      : store_(store),
        clock_(clock),
        random_(random),
        issuer_(issuer),
        gate_(gate),
        options_(std::move(options)),
        notifier_(random, {options_.mail_from, options_.console_url}) {}

  /// Sets the base of links in email once the listener's port is known; call it before
  /// serving requests or running jobs.
  void SetConsoleUrl(std::string url) {
    options_.console_url = url;
    notifier_.SetConsoleUrl(std::move(url));
  }

  /// The SSL profiles (SCM's types).
  [[nodiscard]] core::Result<std::vector<core::CertificateProfile>> Types(
      const AuthenticatedAdmin& caller);
  /// What a CSR holds, as a request form shows it before submitting: its names and key,
  /// checked with the policy of the SSL type `profile_id` (or of ssl-dv when 0). Reads
  /// nothing but the profile; writes nothing.
  [[nodiscard]] core::Result<CsrPreview> PreviewCsr(const AuthenticatedAdmin& caller,
                                                    const std::string& csr,
                                                    std::int64_t profile_id);
  /// Takes a request in: CSR and names checked, the issuance gate asked, stored as
  /// Requested (or, for a requester with autoApproveCertificates, Applied and signed at
  /// once). A name outside the gate is refused with nothing stored.
  [[nodiscard]] core::Result<Enrolled> Enroll(const AuthenticatedAdmin& caller,
                                              const EnrollRequest& request);
  [[nodiscard]] core::Result<SslView> Get(const AuthenticatedAdmin& caller, core::SslId id);
  [[nodiscard]] core::Result<store::SslPage> List(const AuthenticatedAdmin& caller,
                                                  store::SslQuery query);
  [[nodiscard]] core::Result<void> Approve(const AuthenticatedAdmin& caller, core::SslId id,
                                           const std::string& message);
  [[nodiscard]] core::Result<void> Decline(const AuthenticatedAdmin& caller, core::SslId id,
                                           const std::string& message);
  /// Revokes an issued certificate (RFC 5280 reason 0, 1, 3, 4 or 5).
  [[nodiscard]] core::Result<void> Revoke(const AuthenticatedAdmin& caller, core::SslId id,
                                          int reason_code, const std::string& reason);
  [[nodiscard]] core::Result<core::SslId> IdBySerial(const AuthenticatedAdmin& caller,
                                                     const std::string& serial);
  [[nodiscard]] core::Result<SslDownload> Collect(const AuthenticatedAdmin& caller, core::SslId id,
                                                  pki::CertificateFormat format);
  /// The certificate a renewId (SCM's handle from enroll) names, in the caller's customer.
  [[nodiscard]] core::Result<core::SslId> IdByRenewId(const AuthenticatedAdmin& caller,
                                                      const std::string& renew_id);
  /// A new request for an issued certificate's names (its CSR unless `csr` is given);
  /// `automatic` (the auto-renewal job) keeps the original's requestedVia.
  [[nodiscard]] core::Result<Enrolled> Renew(const AuthenticatedAdmin& caller, core::SslId id,
                                             const std::string& csr, bool automatic = false);

  /// A replacement with a new CSR (and, if given, other names): a new request through the
  /// gate; the old certificate becomes Replaced, and is revoked as superseded, once the
  /// new one is issued.
  [[nodiscard]] core::Result<Enrolled> Replace(const AuthenticatedAdmin& caller, core::SslId id,
                                               const std::string& csr,
                                               const std::vector<std::string>& names,
                                               const std::string& reason);
  /// Changes a request (see SslEdit) and returns it as stored.
  [[nodiscard]] core::Result<core::SslCertificate> Edit(const AuthenticatedAdmin& caller,
                                                        const SslEdit& edit);

  /// What a certificate's names wait for (GET /api/ssl/v1/{id}/dcv): each name's
  /// validation state, and for those not validated the order under way, if any.
  struct NameDcv {
    std::string name{};
    core::NameValidation validation{};
    std::optional<core::DcvOrder> order{};
  };
  [[nodiscard]] core::Result<std::vector<NameDcv>> DcvOf(const AuthenticatedAdmin& caller,
                                                         core::SslId id);

  /// Issues an ACME order's certificate at once (requestedVia ACME, auto-approved: the
  /// external account's admin approved the scope when creating it) and returns it, Issued.
  /// kBadCsr (kAcmeCsrNamesDiffer, kAcmeCsrAccountKey, the CSR's own faults) before anything
  /// is stored; a CA that refuses leaves it Rejected and says why.
  [[nodiscard]] core::Result<core::SslCertificate> IssueForAcme(const AcmeIssue& request);
  /// Revokes an issued certificate for ACME's revokeCert (RFC 8555 §7.6); the ACME use
  /// case has decided that the signer may. kBadRevocationReason for a reason not taken.
  [[nodiscard]] core::Result<void> RevokeForAcme(core::SslId id, int reason_code,
                                                 const std::string& actor,
                                                 const std::string& source);
  /// An issued certificate `id` as ACME serves it (RFC 8555 §7.4.2): PEM, the leaf, then
  /// its issuers; `alternate` 0 is the CA's own chain, 1.. those through cross-certificates
  /// (AlternateChains). The ACME use case has checked that the caller's order holds it.
  [[nodiscard]] core::Result<PemChainView> PemChain(core::SslId id, std::size_t alternate = 0);

  /// Auto-renewal: issued certificates with autoRenew on, within their days before
  /// expiry, are renewed in their requester's name (the same approval rules apply).
  /// Returns how many were renewed.
  [[nodiscard]] core::Result<int> RenewDue(int limit = 50);

  /// The job: approved requests whose names are now validated go to the CA; applied ones
  /// a crash left behind are signed; issued ones past their end are Expired. Returns how
  /// many changed.
  [[nodiscard]] core::Result<int> ProcessQueue(int limit = 50);

 private:
  /// A request on its way to the CA: its certificate decided (names, subject, validity,
  /// serial), and the serial recorded unless the signed certificate is stored in the same
  /// transaction as the request (an auto-approved enroll).
  struct Signing {
    core::SslId id{};
    std::vector<std::string> names{};
    PreparedCertificate prepared{};
  };
  /// Signs an Applied request (approval, the job).
  core::Result<void> Sign(core::SslId id);
  /// In `tx`, for `cert` (Applied): the certificate decided, its serial recorded when
  /// `reserve`; or, when the CA refuses it (names, term), nullopt and `cert` moved to
  /// Rejected with the reason — the caller stores `cert` and audits the rejection.
  core::Result<std::optional<Signing>> PrepareSigning(store::Transaction& tx,
                                                      core::SslCertificate& cert,
                                                      const core::Organization& org,
                                                      const core::CertificateProfile& profile,
                                                      const pki::ParsedCsr& csr, bool reserve);
  /// CAA and the signature (lint first), outside any transaction; as PEM.
  core::Result<std::string> Signed(const Signing& signing);
  /// Signed, then the request Issued (or Rejected) in one transaction.
  core::Result<void> Finish(const Signing& signing);
  /// In `tx`: `cert` (Applied, stored) Issued with `pem` and the requester told, or
  /// Rejected with the CA's reason; `superseded` gets the serial of the certificate it
  /// replaces, revoked once this commits.
  core::Result<void> Conclude(store::Transaction& tx, core::SslCertificate& cert,
                              const Signing& signing, const core::Result<std::string>& pem,
                              std::optional<std::string>& superseded);
  /// In `tx`: the signed certificate recorded and `cert` moved to Issued with it (the
  /// caller stores `cert`, then announces it).
  core::Result<core::CertificateRecord> Issued(store::Transaction& tx, core::SslCertificate& cert,
                                               const Signing& signing, const std::string& pem);
  /// `cert` moved to Rejected with the CA's reason (the caller stores and audits it).
  core::Result<void> Refused(core::SslCertificate& cert, const core::Error& why);
  /// In `tx`, for `cert` of `org` stored as Issued: the certificate it replaces Replaced,
  /// the requester told, the audit record. `org` may be as read when the request was
  /// decided: it names and scopes the notices, which a change since then only reorders.
  /// `ahead`, when given, is what the notices need, read with the decision.
  core::Result<void> Announce(store::Transaction& tx, const core::SslCertificate& cert,
                              const core::Organization& org, core::TimePoint not_after,
                              std::optional<std::string>& superseded,
                              const ssl_internal::IssuedNotice* ahead = nullptr);
  /// Revokes `target` (status checked here) at the CA and in the list, tells its requester
  /// and writes the audit record; `by_admin` false: the subscriber asked (ACME).
  core::Result<void> Revoked(const core::SslCertificate& target, int reason_code,
                             const std::string& reason, const std::string& actor,
                             const std::string& source, bool by_admin);
  /// Revokes a replaced certificate (RFC 5280 superseded), if any.
  core::Result<void> RevokeSuperseded(const std::optional<std::string>& serial);
  core::Result<void> Decide(const AuthenticatedAdmin& caller, core::SslId id, bool approve,
                            const std::string& message);

  // The chain above each issuing CA, parsed once: CA certificates never change under an
  // id (a new CA is a new row), and parsing PEM is most of a collect's cost.
  core::Result<std::shared_ptr<const IssuerPath>> ChainOf(store::Transaction& tx, core::CaId ca);

  store::Store& store_;
  const core::Clock& clock_;
  core::RandomSource& random_;
  Issuer& issuer_;
  IssuanceGate& gate_;
  SslOptions options_;
  Notifier notifier_;
  std::mutex chains_mu_;
  std::map<std::int64_t, std::shared_ptr<const IssuerPath>> chains_;
};

}  // namespace certkeep::service
