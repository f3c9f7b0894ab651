#pragma once
// Message digests for audit-log chaining and fingerprints, the HMAC that keys auth's
// credential cache, and a comparison that takes the same time wherever inputs differ.

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "pki/key.h"

namespace certkeep::pki {

/// SHA-256 of `data`.
[[nodiscard]] std::vector<std::uint8_t> Sha256(std::string_view data);
/// SHA-1 and MD5 of `data`: only for the fingerprints reports show (SCM's sha1, md5).
[[nodiscard]] std::vector<std::uint8_t> Sha1(std::string_view data);
[[nodiscard]] std::vector<std::uint8_t> Md5(std::string_view data);

/// HMAC (RFC 2104) of `data` under `key` with `digest`: 32, 48 or 64 bytes.
[[nodiscard]] core::Result<std::vector<std::uint8_t>> Hmac(Digest digest,
                                                           std::span<const std::uint8_t> key,
                                                           std::string_view data);

/// HMAC-SHA256 (RFC 2104) of `data` under `key`: 32 bytes.
[[nodiscard]] core::Result<std::vector<std::uint8_t>> HmacSha256(std::span<const std::uint8_t> key,
                                                                 std::string_view data);

/// An HMAC-SHA256 key for many MACs: the algorithm is fetched once and each thread reuses
/// one context (the one-shot HMAC() fetches and allocates every time, ~1 µs), for the
/// credential cache that MACs every request's login headers. Thread-safe.
class HmacSha256Key {
 public:
  [[nodiscard]] static core::Result<HmacSha256Key> Create(std::span<const std::uint8_t> key);
  /// HMAC-SHA256 of `data`: 32 bytes.
  [[nodiscard]] core::Result<std::vector<std::uint8_t>> Mac(std::string_view data) const;

 private:
  explicit HmacSha256Key(std::shared_ptr<void> keyed) : keyed_(std::move(keyed)) {}
  std::shared_ptr<void> keyed_;  ///< the key bytes (a std::vector<std::uint8_t>)
};

/// True when `a` and `b` are equal, in a time that depends only on their lengths (not on
/// where they first differ): for comparing secrets such as CSRF tokens.
[[nodiscard]] bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace certkeep::pki
