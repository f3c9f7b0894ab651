#pragma once
// The names of a CSR: csr.cpp splits the request, csr_names.cpp takes the subject's CN
// and the requested subjectAltName and checks each name. Only pki/ includes this header.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "pki/csr.h"

namespace certkeep::pki::internal {

/// A kBadCsr refusal.
inline tl::unexpected<core::Error> RefuseCsr(core::Reason reason, std::string detail,
                                             std::string internal = {}) {
  return core::Fail(core::ErrorCode::kBadCsr, reason, std::move(detail), std::move(internal));
}

/// `text` in single quotes for a detail: bytes outside printable ASCII escaped as \xNN
/// (details reach JSON and logs), long values cut.
[[nodiscard]] std::string Quote(std::string_view text);

/// The names of a request, as ParsedCsr holds them.
struct CsrNames {
  std::string common_name;
  std::vector<std::string> dns;
  std::vector<std::string> ips;
  std::vector<std::string> emails;
};

/// Takes and checks the names of a request from its subject (a DER Name) and its
/// attributes (the content of CertificationRequestInfo's [0] attributes).
[[nodiscard]] core::Result<CsrNames> TakeCsrNames(std::string_view subject,
                                                  std::string_view attributes,
                                                  const CsrPolicy& policy);

}  // namespace certkeep::pki::internal
