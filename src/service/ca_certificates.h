#pragma once
// The CA certificates as relying parties download them (AIA caIssuers).

#include <string>

#include "core/result.h"
#include "store/store.h"

namespace certkeep::service {

/// The DER certificate of the CA named `name` (RFC 5280 §4.2.2.1), or NotFound.
[[nodiscard]] core::Result<std::string> CaCertificateDer(store::Store& store,
                                                         const std::string& name);

}  // namespace certkeep::service
