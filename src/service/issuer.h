#pragma once
// Issuing and revoking end-entity certificates: CSR intake, the profile's rules, a serial
// recorded (committed) before signing, lint before sign, and the record and audit in the
// same transaction as the signed certificate.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/certificate.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "pki/certificate_template.h"
#include "pki/csr.h"
#include "service/key_ring.h"
#include "store/store.h"

namespace certkeep::service {

/// One certificate to issue.
struct IssueRequest {
  std::string actor{};    ///< who asks, for the audit log
  std::string profile{};  ///< profile name
  std::string ca{};       ///< issuing CA name; empty = the newest issuing CA
  std::string csr{};      ///< PEM or DER
  /// The names the caller authorized; exactly these end up in the certificate, and every
  /// name the CSR asks for must be among them. Empty = the CSR's own names (an operator).
  std::vector<std::string> dns_names{};
  std::vector<std::string> ip_addresses{};
  std::vector<std::string> emails{};
  /// Organization fields (only those the profile lists are used) and, optionally, the CN.
  pki::SubjectAttributes subject{};
  int validity_days = 0;  ///< 0 = the profile's longest term
};

/// A certificate decided — CA, names, subject, validity — and its serial recorded; not yet
/// built or signed.
struct PreparedCertificate {
  core::CertificateRecord record{};
  pki::CertificateRequest request{};  // public_key is set from `public_key` when signing
  std::optional<pki::PublicKey> public_key{};
  std::string spki_der{};
  core::CertificateProfile profile{};
  core::CertificateAuthority ca{};
  std::string actor{};
};

class Issuer {
 public:
  /// `public_base_url` is where certkeep's plain-HTTP listener is reached by relying
  /// parties: certificates point to <base>/ocsp, <base>/ca/<ca>.crt and <base>/crl/<ca>.crl.
  Issuer(store::Store& store, const core::Clock& clock, core::RandomSource& random, KeyRing& keys,
         std::string public_base_url)
      : store_(store),
        clock_(clock),
        random_(random),
        keys_(keys),
        base_url_(std::move(public_base_url)) {}

  /// Issues one certificate; the record comes back with its PEM.
  [[nodiscard]] core::Result<core::CertificateRecord> Issue(const IssueRequest& request);

  // Issue in three steps, for callers that record their own changes with the
  // certificate's (an SSL request moves to Issued in the transaction that records it).
  /// In the caller's transaction: the CA, the names (every name `csr` asks for must be
  /// authorized), the subject and validity, and the serial recorded — a serial once
  /// recorded is never used again, even when the signature never comes. A refusal
  /// (names, term) writes nothing. `csr` was parsed with CsrPolicyOf(profile). Only
  /// statements: the CPU work waits for Sign, outside the store's write lock.
  [[nodiscard]] core::Result<PreparedCertificate> Prepare(store::Transaction& tx,
                                                          const IssueRequest& request,
                                                          const core::CertificateProfile& profile,
                                                          const pki::ParsedCsr& csr);
  /// Prepare without the reservation, reading only (a read transaction will do): the
  /// serial is chosen, not recorded. Record records it in the transaction that stores the
  /// signed certificate, so the certificate and its serial commit together; a signature
  /// whose transaction never commits never leaves certkeep, and a serial collision
  /// (2^-128) fails that transaction instead of reusing a serial.
  [[nodiscard]] core::Result<PreparedCertificate> Decide(store::Transaction& tx,
                                                         const IssueRequest& request,
                                                         const core::CertificateProfile& profile,
                                                         const pki::ParsedCsr& csr);
  /// Outside any transaction: the certificate built, linted (a refusal leaves the serial
  /// reserved and unused) and signed by the CA's key; as PEM.
  [[nodiscard]] core::Result<std::string> Sign(const PreparedCertificate& prepared);
  /// In the caller's transaction: the signed certificate recorded as issued (and its
  /// serial first, when it was Decided rather than Prepared), with its audit record.
  /// Nothing signed leaves certkeep before this commits.
  [[nodiscard]] core::Result<core::CertificateRecord> Record(store::Transaction& tx,
                                                             const PreparedCertificate& prepared,
                                                             std::string pem);
  /// Issues a certificate for a key certkeep itself holds (the delegated OCSP signer):
  /// no CSR, no names, the given CN.
  [[nodiscard]] core::Result<core::CertificateRecord> IssueOwnKey(
      const std::string& profile, const core::CertificateAuthority& ca, const pki::PrivateKey& key,
      const std::string& common_name, int validity_days);
  /// Called after every revocation (the OCSP cache drops the serial).
  void OnRevoked(std::function<void(const core::CertificateRecord&)> listener) {
    on_revoked_ = std::move(listener);
  }
  /// Revokes the certificate with `serial` (hex) for RFC 5280 `reason`.
  [[nodiscard]] core::Result<core::CertificateRecord> Revoke(const std::string& serial, int reason,
                                                             const std::string& actor);
  /// The URLs certificates of `ca` point to.
  [[nodiscard]] pki::IssuerUrls UrlsFor(const core::CertificateAuthority& ca) const;

 private:
  struct Prepared {
    core::TimePoint profile_updated_at;
    std::shared_ptr<const pki::CertificateTemplate> tmpl;
  };
  /// Serial and record: the first step every issuance shares; nothing written.
  [[nodiscard]] PreparedCertificate Numbered(PreparedCertificate prepared);
  /// Numbered, and the serial recorded.
  [[nodiscard]] core::Result<PreparedCertificate> Reserve(store::Transaction& tx,
                                                          PreparedCertificate prepared);
  /// Prepare, Sign, Record, in two transactions.
  [[nodiscard]] core::Result<core::CertificateRecord> IssueWith(
      const std::function<core::Result<PreparedCertificate>(store::Transaction&)>& prepare);
  [[nodiscard]] core::Result<std::shared_ptr<const pki::CertificateTemplate>> TemplateFor(
      const core::CertificateProfile& profile, const core::CertificateAuthority& ca,
      const pki::PrivateKey& key);

  store::Store& store_;
  const core::Clock& clock_;
  core::RandomSource& random_;
  KeyRing& keys_;
  std::string base_url_;
  std::mutex mu_;
  std::map<std::pair<std::int64_t, std::int64_t>, Prepared> templates_;
  std::function<void(const core::CertificateRecord&)> on_revoked_;
};

/// The CSR policy a profile imposes (keys, names) — checked at issuance and, earlier,
/// when a request is taken in.
[[nodiscard]] pki::CsrPolicy CsrPolicyOf(const core::CertificateProfile& profile);

/// Adds the default profiles (core::DefaultProfiles) that the store does not have yet.
[[nodiscard]] core::Result<int> EnsureDefaultProfiles(store::Store& store,
                                                      const core::Clock& clock);

}  // namespace certkeep::service
