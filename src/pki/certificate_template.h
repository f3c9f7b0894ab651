#pragma once
// Building end-entity certificates fast: everything a profile and an issuing CA fix is
// encoded to DER once (CertificateTemplate::Prepare); each certificate then writes only
// what varies — serial, validity, subject, public key, names, key identifier — around it.
// The result is linted before it is signed (see lint.h).

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/profile.h"
#include "core/result.h"
#include "pki/certificate.h"
#include "pki/key.h"

namespace certkeep::pki {

/// Subject attributes supplied by the caller (the organization record, the person).
struct SubjectAttributes {
  std::string common_name{};
  std::string organization{};
  std::string locality{};
  std::string state{};
  std::string country{};
  std::string business_category{};
  std::string jurisdiction_country{};
  std::string serial_number{};
};

/// Where relying parties find the issuer, its CRL and its OCSP responder; empty = omitted.
struct IssuerUrls {
  std::string ocsp{};
  std::string ca_issuers{};
  std::string crl{};
};

/// What varies per certificate. The names are the authorized ones: exactly these end up
/// in the subjectAltName.
struct CertificateRequest {
  const PublicKey* public_key = nullptr;
  /// The key's SubjectPublicKeyInfo DER if the caller has it (a CSR does): re-encoding
  /// a key costs OpenSSL 3.0 more than signing the certificate.
  std::string_view spki_der{};
  std::vector<std::string> dns_names{};
  std::vector<std::string> ip_addresses{};
  std::vector<std::string> emails{};
  SubjectAttributes subject{};
  std::string serial{};  ///< big-endian magnitude bytes, positive
  core::TimePoint not_before{};
  int validity_days = 0;
};

/// A profile prepared for one issuing CA.
class CertificateTemplate {
 public:
  /// Encodes the constant parts; fails if the profile is not valid.
  [[nodiscard]] static core::Result<CertificateTemplate> Prepare(
      const core::CertificateProfile& profile, const Certificate& issuer,
      const PrivateKey& issuer_key, const IssuerUrls& urls);

  /// The TBSCertificate DER for `request`.
  [[nodiscard]] core::Result<std::string> BuildTbs(const CertificateRequest& request) const;
  /// The certificate DER: `tbs`, the signature algorithm, and the signature over `tbs`.
  [[nodiscard]] core::Result<std::string> Sign(const std::string& tbs,
                                               const PrivateKey& issuer_key) const;
  /// `tbs` wrapped as a certificate with an empty signature, for lint to parse.
  [[nodiscard]] std::string Unsigned(const std::string& tbs) const;

  [[nodiscard]] const core::CertificateProfile& profile() const { return profile_; }
  [[nodiscard]] const Certificate& issuer() const { return issuer_; }
  /// The issuer's subject as DER, its key identifier, and its notAfter (Unix seconds):
  /// read once here rather than by every lint.
  [[nodiscard]] const std::string& issuer_name_der() const { return issuer_name_; }
  [[nodiscard]] const std::string& issuer_key_id() const { return issuer_key_id_; }
  [[nodiscard]] std::int64_t issuer_not_after() const { return issuer_not_after_; }

 private:
  CertificateTemplate(core::CertificateProfile profile, Certificate issuer)
      : profile_(std::move(profile)), issuer_(std::move(issuer)) {}

  core::CertificateProfile profile_;
  Certificate issuer_;
  std::string signature_algorithm_;  // AlgorithmIdentifier DER
  std::string issuer_name_;          // Name DER, exactly the issuer's subject
  std::string issuer_key_id_;
  std::int64_t issuer_not_after_ = 0;
  std::string key_usage_ec_;      // Extension DER for EC/Ed25519 keys
  std::string key_usage_rsa_;     // Extension DER for RSA keys (+keyEncipherment for TLS)
  std::string fixed_extensions_;  // basicConstraints, EKU, AKI, policies, AIA, CDP, nocheck
};

}  // namespace certkeep::pki
