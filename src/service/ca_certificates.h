#pragma once
// The CA certificates as relying parties download them (AIA caIssuers), the chains above
// what a CA issued, and the cross-certificates that give those chains alternatives.

#include <cstdint>
#include <string>
#include <vector>

#include "core/certificate_authority.h"
#include "core/clock.h"
#include "core/result.h"
#include "pki/certificate.h"
#include "store/store.h"

namespace certkeep::service {

/// The DER certificate of the CA named `name` (RFC 5280 §4.2.2.1), or NotFound.
[[nodiscard]] core::Result<std::string> CaCertificateDer(store::Store& store,
                                                         const std::string& name);

/// The chain above a certificate issued by a CA: that CA, its parent, ..., the root.
struct IssuerPath {
  std::vector<pki::Certificate> certificates;  ///< as pki::EncodeCertificate takes them
  std::vector<core::CaId> cas;                 ///< whose certificates they are
};

/// The chain above a certificate issued by `ca`.
[[nodiscard]] core::Result<IssuerPath> IssuerChain(store::Transaction& tx, core::CaId ca);

/// The alternative chains to `path`: one for each cross-certificate of a CA on it, made of
/// the CAs below that one, the cross-certificate and the certificates its holder gave as
/// above it. Empty when there are none (a registry lookup per CA, nothing parsed).
[[nodiscard]] core::Result<std::vector<std::vector<pki::Certificate>>> AlternateChains(
    store::Transaction& tx, const IssuerPath& path);

/// What `certkeep ca add-cross` brings in.
struct NewCrossCertificate {
  std::string ca_name{};
  std::string certificate_pem{};
  std::string chain_pem{};  ///< the certificates above it, nearest first; may be empty
};

/// Stores a cross-certificate of the CA `ca_name`: a CA certificate with that CA's subject
/// and key from another issuer, valid now, each certificate of its chain signed by the
/// next. Audited as "ca.cross.add".
[[nodiscard]] core::Result<core::CrossCertificate> AddCrossCertificate(
    store::Store& store, const core::Clock& clock, const NewCrossCertificate& in);

/// Deletes the CA `ca_name`'s cross-certificate `id` (NotFound if it has none such).
/// Audited as "ca.cross.remove".
[[nodiscard]] core::Result<void> RemoveCrossCertificate(store::Store& store,
                                                        const core::Clock& clock,
                                                        const std::string& ca_name,
                                                        std::int64_t id);

}  // namespace certkeep::service
