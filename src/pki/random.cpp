#include "pki/random.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace certkeep::pki {

std::vector<std::uint8_t> OpenSslRandom::Bytes(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  // A DRBG that cannot produce output means no key or serial can be made safely: this
  // is not a recoverable condition, so it is the one place that throws.
  if (n > 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  return out;
}

}  // namespace certkeep::pki
