// libFuzzer target for the OCSP request parsers: DER from a POST body, and the GET path.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pki/ocsp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)certkeep::pki::ParseOcspRequest(input);
  if (auto der = certkeep::pki::DecodeOcspGetPath(input)) {
    (void)certkeep::pki::ParseOcspRequest(*der);
  }
  return 0;
}
