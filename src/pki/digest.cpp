#include "pki/digest.h"

#include <openssl/evp.h>

namespace certkeep::pki {

std::vector<std::uint8_t> Sha256(std::string_view data) {
  std::vector<std::uint8_t> out(32);
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
  out.resize(len);
  return out;
}

}  // namespace certkeep::pki
