// libFuzzer target for the strict X.509 reader lint relies on.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pki/internal/certificate_view.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)certkeep::pki::internal::ParseCertificateView(input, certkeep::core::Reason::kLintFailed);
  return 0;
}
