#pragma once
// Randomness is injected like time: the CSPRNG lives in pki/ (OpenSSL); tests may
// substitute a deterministic source where a fixed value makes a case readable.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace certkeep::core {

/// A source of cryptographically secure random bytes.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  /// Fills `out` with `n` random bytes.
  [[nodiscard]] virtual std::vector<std::uint8_t> Bytes(std::size_t n) = 0;
};

/// n random bytes as unpadded base64url text (for tokens, ids and passphrases).
[[nodiscard]] std::string RandomToken(RandomSource& random, std::size_t n);

/// Unpadded base64url (RFC 4648 §5) of `data`.
[[nodiscard]] std::string Base64Url(const std::vector<std::uint8_t>& data);

/// Lower-case hex of `data`.
[[nodiscard]] std::string Hex(const std::vector<std::uint8_t>& data);

}  // namespace certkeep::core
