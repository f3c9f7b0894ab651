#pragma once
// Issuing and revoking end-entity certificates: CSR intake, the profile's rules, a serial
// recorded before signing, lint before sign, and the record and audit in the same
// transaction as the signed certificate.

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
  /// Serial, lint, reserve, sign, record: the steps every issuance shares.
  [[nodiscard]] core::Result<core::CertificateRecord> SignAndRecord(
      const core::CertificateProfile& profile, const core::CertificateAuthority& ca,
      pki::CertificateRequest& cert, const std::string& actor);
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
