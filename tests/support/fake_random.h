#pragma once
// A deterministic core::RandomSource for tests where a fixed value makes a case readable.

#include <cstdint>
#include <vector>

#include "core/random.h"

namespace certkeep::testing {

/// Gives the bytes 0, 1, 2, ... (wrapping at 256), starting from `first`.
class CountingRandom final : public core::RandomSource {
 public:
  explicit CountingRandom(std::uint8_t first = 0) : next_(first) {}
  std::vector<std::uint8_t> Bytes(std::size_t n) override {
    std::vector<std::uint8_t> out(n);
    for (auto& b : out) b = next_++;
    return out;
  }

 private:
  std::uint8_t next_;
};

}  // namespace certkeep::testing
