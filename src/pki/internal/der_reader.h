#pragma once
// A strict DER reader (ITU-T X.690 §10.1: definite, minimal lengths; one-octet tags) for
// the structures pki/ splits itself rather than through OpenSSL. Only pki/ includes this
// header.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pki/internal/der.h"

namespace certkeep::pki::internal::der {

/// Reads the elements of a DER encoding one after another, as views into it.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  /// True when every element has been read.
  [[nodiscard]] bool empty() const { return in_.empty(); }
  /// The bytes not yet read.
  [[nodiscard]] std::size_t size() const { return in_.size(); }
  /// True when the next element is tagged `tag`.
  [[nodiscard]] bool Peek(std::uint8_t tag) const {
    return !in_.empty() && static_cast<std::uint8_t>(in_.front()) == tag;
  }
  /// Reads one element tagged `tag`: its content and, if asked, its whole encoding. False
  /// (and nothing read) when the next element has another tag or is malformed.
  [[nodiscard]] bool Read(std::uint8_t tag, std::string_view* content,
                          std::string_view* whole = nullptr) {
    if (in_.size() < 2 || static_cast<std::uint8_t>(in_[0]) != tag) return false;
    std::size_t length = static_cast<std::uint8_t>(in_[1]);
    std::size_t header = 2;
    if ((length & 0x80) != 0) {
      // Long form: 1 to 3 length octets (16 MiB is far beyond anything pki/ reads).
      std::size_t octets = length & 0x7f;
      if (octets == 0 || octets > 3 || in_.size() < 2 + octets) return false;
      length = 0;
      for (std::size_t i = 0; i < octets; ++i) {
        length = (length << 8) | static_cast<std::uint8_t>(in_[2 + i]);
      }
      if (length < 0x80 || (length >> (8 * (octets - 1))) == 0) return false;  // not minimal
      header += octets;
    }
    if (in_.size() - header < length) return false;
    if (content != nullptr) *content = in_.substr(header, length);
    if (whole != nullptr) *whole = in_.substr(0, header + length);
    in_.remove_prefix(header + length);
    return true;
  }

 private:
  std::string_view in_;
};

}  // namespace certkeep::pki::internal::der
