#pragma once
// Building the certificates of certkeep's own hierarchy: a self-signed root, issuing
// CAs under it, and the TLS server certificate for certkeep's own HTTPS listener.
// The CA engine for customer certificates (profiles, lint, CSRs) is issue #4.

#include <chrono>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "pki/certificate.h"
#include "pki/key.h"

namespace certkeep::pki {

/// The subject of a CA certificate.
struct CaName {
  std::string common_name;
  std::string organization;
  std::string country;  ///< two letters, or empty
};

/// What every certificate built here needs: time, serial randomness, validity.
struct Validity {
  core::TimePoint not_before;
  std::chrono::days days;
};

/// A self-signed root: basicConstraints critical cA, keyUsage keyCertSign+cRLSign.
[[nodiscard]] core::Result<Certificate> MakeRootCertificate(const PrivateKey& key,
                                                            const CaName& name,
                                                            const Validity& validity,
                                                            core::RandomSource& random);

/// An issuing CA under `issuer` (pathLenConstraint 0; keyUsage also digitalSignature so it
/// may sign OCSP responses). Its validity is clipped to the issuer's.
[[nodiscard]] core::Result<Certificate> MakeIssuingCaCertificate(
    const Certificate& issuer, const PrivateKey& issuer_key, const PrivateKey& subject_key,
    const CaName& name, const Validity& validity, core::RandomSource& random);

/// A TLS server certificate for `dns_names` and `ip_addresses` (serverAuth only).
[[nodiscard]] core::Result<Certificate> MakeServerCertificate(
    const Certificate& issuer, const PrivateKey& issuer_key, const PrivateKey& subject_key,
    const std::vector<std::string>& dns_names, const std::vector<std::string>& ip_addresses,
    const Validity& validity, core::RandomSource& random);

}  // namespace certkeep::pki
