#include "pki/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <limits>

#include "pki/internal/handles.h"

namespace certkeep::pki {

std::vector<std::uint8_t> Sha256(std::string_view data) {
  std::vector<std::uint8_t> out(32);
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
  out.resize(len);
  return out;
}

core::Result<std::vector<std::uint8_t>> HmacSha256(std::span<const std::uint8_t> key,
                                                   std::string_view data) {
  if (key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return core::Fail(internal::CryptoError("HMAC-SHA256: key too long"));
  }
  // OpenSSL wants a non-null pointer even for an empty key or message.
  static constexpr std::uint8_t kEmpty = 0;
  const std::uint8_t* key_bytes = key.empty() ? &kEmpty : key.data();
  const auto* data_bytes =
      data.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(data.data());
  std::vector<std::uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()), data_bytes, data.size(),
           out.data(), &len) == nullptr ||
      len != 32) {
    return core::Fail(internal::CryptoError("HMAC-SHA256"));
  }
  out.resize(len);
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // The length is not secret (tokens have a fixed length); the contents are.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace certkeep::pki
