#pragma once
// The CSPRNG behind core::RandomSource: OpenSSL's RAND_bytes.

#include "core/random.h"

namespace certkeep::pki {

/// Random bytes from OpenSSL's DRBG; aborts start-up only if the DRBG cannot seed.
class OpenSslRandom final : public core::RandomSource {
 public:
  [[nodiscard]] std::vector<std::uint8_t> Bytes(std::size_t n) override;
};

}  // namespace certkeep::pki
