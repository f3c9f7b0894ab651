#pragma once
// Lint before sign (as Let's Encrypt's Boulder does): the certificate about to be signed
// is parsed back from its DER, independently of how it was built, and checked against
// its profile and the authorized request. Any failure refuses the signature and names
// the rule, e.g. "lint rule validity-period: 400 days exceeds the profile's 397".

#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "pki/certificate_template.h"

namespace certkeep::pki {

/// Checks `unsigned_der` (CertificateTemplate::Unsigned) against the template's profile
/// and issuer and against `request`, whose names must be exactly the certificate's.
[[nodiscard]] core::Result<void> LintCertificate(const std::string& unsigned_der,
                                                 const CertificateTemplate& tmpl,
                                                 const CertificateRequest& request,
                                                 core::TimePoint now);

}  // namespace certkeep::pki
