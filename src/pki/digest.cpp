#include "pki/digest.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include <limits>

#include "pki/internal/handles.h"

namespace certkeep::pki {

namespace {

std::vector<std::uint8_t> DigestOf(std::string_view data, const EVP_MD* md) {
  std::vector<std::uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1) len = 0;
  out.resize(len);
  return out;
}

}  // namespace

std::vector<std::uint8_t> Sha256(std::string_view data) { return DigestOf(data, EVP_sha256()); }
std::vector<std::uint8_t> Sha1(std::string_view data) { return DigestOf(data, EVP_sha1()); }
std::vector<std::uint8_t> Md5(std::string_view data) { return DigestOf(data, EVP_md5()); }

core::Result<std::vector<std::uint8_t>> Hmac(Digest digest, std::span<const std::uint8_t> key,
                                             std::string_view data) {
  const EVP_MD* md = digest == Digest::kSha384   ? EVP_sha384()
                     : digest == Digest::kSha512 ? EVP_sha512()
                                                 : EVP_sha256();
  if (key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return core::Fail(internal::CryptoError("HMAC: key too long"));
  }
  // OpenSSL wants a non-null pointer even for an empty key or message.
  static constexpr std::uint8_t kEmpty = 0;
  const std::uint8_t* key_bytes = key.empty() ? &kEmpty : key.data();
  const auto* data_bytes =
      data.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(data.data());
  std::vector<std::uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  if (HMAC(md, key_bytes, static_cast<int>(key.size()), data_bytes, data.size(), out.data(),
           &len) == nullptr ||
      len != static_cast<unsigned int>(EVP_MD_get_size(md))) {
    return core::Fail(internal::CryptoError("HMAC"));
  }
  out.resize(len);
  return out;
}

core::Result<std::vector<std::uint8_t>> HmacSha256(std::span<const std::uint8_t> key,
                                                   std::string_view data) {
  return Hmac(Digest::kSha256, key, data);
}

namespace {

// The HMAC implementation, fetched once per process: the provider lookup is the slow part
// of a one-shot HMAC().
EVP_MAC* HmacAlgorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

}  // namespace

core::Result<HmacSha256Key> HmacSha256Key::Create(std::span<const std::uint8_t> key) {
  if (HmacAlgorithm() == nullptr) return core::Fail(internal::CryptoError("fetching HMAC"));
  auto held = std::make_shared<std::vector<std::uint8_t>>(key.begin(), key.end());
  return HmacSha256Key(std::shared_ptr<void>(held, held.get()));
}

core::Result<std::vector<std::uint8_t>> HmacSha256Key::Mac(std::string_view data) const {
  // One context per thread, its digest set once and re-keyed per call: keying is two
  // SHA-256 blocks, cheaper than allocating a context and fetching the digest again.
  thread_local std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx = [] {
    std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> c(EVP_MAC_CTX_new(HmacAlgorithm()),
                                                                EVP_MAC_CTX_free);
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                           OSSL_PARAM_construct_end()};
    if (c && EVP_MAC_CTX_set_params(c.get(), params) != 1) c.reset();
    return c;
  }();
  const auto& key = *static_cast<const std::vector<std::uint8_t>*>(keyed_.get());
  static constexpr std::uint8_t kEmpty = 0;
  std::vector<std::uint8_t> out(32);
  std::size_t len = 0;
  if (!ctx ||
      EVP_MAC_init(ctx.get(), key.empty() ? &kEmpty : key.data(), key.size(), nullptr) != 1 ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) !=
          1 ||
      EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1 || len != 32) {
    return core::Fail(internal::CryptoError("HMAC-SHA256"));
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // The length is not secret (tokens have a fixed length); the contents are.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace certkeep::pki
