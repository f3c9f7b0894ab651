#pragma once
// The CA certificates as relying parties download them (AIA caIssuers).

#include <string>
#include <vector>

#include "core/result.h"
#include "pki/certificate.h"
#include "store/store.h"

namespace certkeep::service {

/// The DER certificate of the CA named `name` (RFC 5280 §4.2.2.1), or NotFound.
[[nodiscard]] core::Result<std::string> CaCertificateDer(store::Store& store,
                                                         const std::string& name);

/// The chain above a certificate issued by `ca`: that CA, its parent, ..., the root (as
/// pki::EncodeCertificate takes it).
[[nodiscard]] core::Result<std::vector<pki::Certificate>> IssuerChain(store::Transaction& tx,
                                                                      core::CaId ca);

}  // namespace certkeep::service
