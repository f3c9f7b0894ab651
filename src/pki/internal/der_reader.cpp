#include "pki/internal/der_reader.h"

#include <string>

#include "pki/internal/der.h"

namespace certkeep::pki::internal::der {

namespace {

constexpr std::uint8_t kConstructed = 0x20;
constexpr std::uint8_t kHighTagNumber = 0x1f;
// Four length octets describe values up to 4 GiB; nothing pki/ reads comes near that.
constexpr std::size_t kMaxLengthOctets = 4;

std::string HexByte(std::uint8_t b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return {'0', 'x', kDigits[b >> 4], kDigits[b & 15]};
}

}  // namespace

core::Error Reader::Malformed(std::string_view what, std::size_t offset) const {
  return core::Error(core::ErrorCode::kMalformed, reason_, "the DER encoding is malformed",
                     std::string(what) + " at offset " + std::to_string(offset));
}

std::optional<std::uint8_t> Reader::PeekTag() const {
  if (rest_.empty()) return std::nullopt;
  return static_cast<std::uint8_t>(rest_[0]);
}

core::Result<Element> Reader::ReadAny() {
  if (rest_.size() < 2) return core::Fail(Malformed("truncated tag or length"));
  const auto tag = static_cast<std::uint8_t>(rest_[0]);
  // X.690 §8.1.2.4: tag numbers of 31 and more take further octets; nothing we read uses them.
  if ((tag & kHighTagNumber) == kHighTagNumber) {
    return core::Fail(Malformed("high tag number " + HexByte(tag)));
  }
  const auto first = static_cast<std::uint8_t>(rest_[1]);
  std::size_t header = 2;
  std::size_t length = first;
  if (first & 0x80) {
    // X.690 §10.1: "The definite form of length encoding shall be used, encoded in the
    // minimum number of octets."
    const std::size_t octets = first & 0x7f;
    if (octets == 0) return core::Fail(Malformed("indefinite length"));
    if (octets > kMaxLengthOctets) return core::Fail(Malformed("length of over 4 octets"));
    if (rest_.size() < 2 + octets) return core::Fail(Malformed("truncated length"));
    if (rest_[2] == 0) return core::Fail(Malformed("length with a leading zero octet"));
    length = 0;
    for (std::size_t i = 0; i < octets; ++i) {
      length = (length << 8) | static_cast<std::uint8_t>(rest_[2 + i]);
    }
    if (length < 0x80) return core::Fail(Malformed("long form for a short length"));
    header += octets;
  }
  if (length > rest_.size() - header) return core::Fail(Malformed("value runs past its end"));
  Element element{tag, rest_.substr(header, length), rest_.substr(0, header + length)};
  rest_.remove_prefix(header + length);
  offset_ += header + length;
  return element;
}

core::Result<Element> Reader::Read(std::uint8_t tag) {
  auto next = PeekTag();
  if (!next) return core::Fail(Malformed("missing element " + HexByte(tag)));
  if (*next != tag) {
    return core::Fail(Malformed("expected " + HexByte(tag) + ", found " + HexByte(*next)));
  }
  return ReadAny();
}

core::Result<Reader> Reader::Enter(std::uint8_t tag) {
  if ((tag & kConstructed) == 0) return core::Fail(Malformed("entering a primitive tag"));
  if (depth_ + 1 > kMaxDepth) return core::Fail(Malformed("nesting deeper than the limit"));
  const std::size_t start = offset_;
  auto element = Read(tag);
  if (!element) return core::Fail(element.error());
  const std::size_t header = element->encoding.size() - element->content.size();
  return Reader(element->content, element->encoding, reason_, start + header, depth_ + 1);
}

core::Result<std::string_view> Reader::ReadUnsignedInteger() {
  const std::size_t start = offset_;
  auto element = Read(kInteger);
  if (!element) return core::Fail(element.error());
  std::string_view value = element->content;
  if (value.empty()) return core::Fail(Malformed("empty INTEGER", start));
  const auto b0 = static_cast<std::uint8_t>(value[0]);
  if (value.size() > 1) {
    const auto b1 = static_cast<std::uint8_t>(value[1]);
    // X.690 §8.3.2: the first nine bits of an INTEGER are never all zeros or all ones.
    if ((b0 == 0x00 && !(b1 & 0x80)) || (b0 == 0xff && (b1 & 0x80))) {
      return core::Fail(Malformed("INTEGER not minimally encoded", start));
    }
  }
  if (b0 & 0x80) return core::Fail(Malformed("negative INTEGER", start));
  if (b0 == 0x00 && value.size() > 1) value.remove_prefix(1);
  return value;
}

core::Result<void> Reader::ExpectEnd() const {
  if (!rest_.empty()) return core::Fail(Malformed("trailing data"));
  return core::Ok();
}

}  // namespace certkeep::pki::internal::der
