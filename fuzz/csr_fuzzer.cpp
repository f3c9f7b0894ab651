// libFuzzer target for CSR intake: PEM or DER from a requester, under the strictest and the
// most permissive policies.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pki/csr.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  certkeep::pki::CsrPolicy strict;
  (void)certkeep::pki::ParseCsr(input, strict);
  certkeep::pki::CsrPolicy lax;
  lax.allow_ed25519 = lax.allow_ip = lax.allow_email = lax.allow_internal_names = true;
  lax.names_are_hostnames = false;
  (void)certkeep::pki::ParseCsr(input, lax);
  (void)certkeep::pki::CheckDnsName(input, strict);
  return 0;
}
