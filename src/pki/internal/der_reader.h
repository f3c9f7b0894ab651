#pragma once
// A small DER reader (ITU-T X.690) for the outside input pki/ parses byte by byte, such
// as OCSP requests. Every read is bounds-checked and returns an Error instead of
// asserting; nesting is limited so no input can exhaust the stack of a caller that
// descends. Only DER is accepted: no indefinite lengths, no over-long length encodings,
// no high tag numbers. Only pki/ includes this header.

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "pki/internal/der.h"

namespace certkeep::pki::internal::der {

/// One TLV as read from the input (views into the input, which must outlive them).
struct Element {
  std::uint8_t tag = 0;
  std::string_view content;   ///< the value bytes
  std::string_view encoding;  ///< the whole TLV: tag, length and value
};

/// A cursor over a run of DER elements: the whole input, or one constructed value's content.
class Reader {
 public:
  /// How many constructed values a reader may be inside before Enter refuses.
  static constexpr int kMaxDepth = 16;

  /// Reads `input`; failures carry ErrorCode::kMalformed and `reason`.
  Reader(std::string_view input, core::Reason reason) : Reader(input, {}, reason, 0, 0) {}
  /// Reads `input` for callers that only ask yes/no (the bool forms below).
  explicit Reader(std::string_view input) : Reader(input, {}, core::Reason::kUnspecified, 0, 0) {}

  /// Yes/no forms for parsers that turn any failure into one error of their own (CSR
  /// intake): true and the element's content (and whole encoding) when the next element
  /// has `tag`; false and nothing read otherwise.
  [[nodiscard]] bool Read(std::uint8_t tag, std::string_view* content,
                          std::string_view* whole = nullptr) {
    auto e = Read(tag);
    if (!e) return false;
    if (content != nullptr) *content = e->content;
    if (whole != nullptr) *whole = e->encoding;
    return true;
  }
  /// True when the next element is tagged `tag`.
  [[nodiscard]] bool Peek(std::uint8_t tag) const {
    auto t = PeekTag();
    return t && *t == tag;
  }
  /// True when every element has been read.
  [[nodiscard]] bool empty() const { return AtEnd(); }
  /// The bytes not yet read.
  [[nodiscard]] std::size_t size() const { return rest_.size(); }

  /// The whole TLV whose content this reader reads (empty for the outermost reader).
  [[nodiscard]] std::string_view encoding() const { return encoding_; }
  /// True when every element has been read.
  [[nodiscard]] bool AtEnd() const { return rest_.empty(); }
  /// The tag of the next element, or none at the end.
  [[nodiscard]] std::optional<std::uint8_t> PeekTag() const;
  /// Reads the next element, whatever its tag.
  [[nodiscard]] core::Result<Element> ReadAny();
  /// Reads the next element, which must have `tag`.
  [[nodiscard]] core::Result<Element> Read(std::uint8_t tag);
  /// Reads the next element, which must be constructed with `tag`, and returns a reader
  /// over its content, one level deeper.
  [[nodiscard]] core::Result<Reader> Enter(std::uint8_t tag);
  /// Reads an INTEGER that must be non-negative and minimally encoded; returns its
  /// big-endian magnitude without the sign-padding zero byte.
  [[nodiscard]] core::Result<std::string_view> ReadUnsignedInteger();
  /// Fails unless every element has been read.
  [[nodiscard]] core::Result<void> ExpectEnd() const;

 private:
  Reader(std::string_view input, std::string_view encoding, core::Reason reason, std::size_t offset,
         int depth)
      : rest_(input), encoding_(encoding), reason_(reason), offset_(offset), depth_(depth) {}
  [[nodiscard]] core::Error Malformed(std::string_view what) const {
    return Malformed(what, offset_);
  }
  [[nodiscard]] core::Error Malformed(std::string_view what, std::size_t offset) const;

  std::string_view rest_;
  std::string_view encoding_;
  core::Reason reason_;
  std::size_t offset_;  // of rest_ within the outermost input, for the internal text
  int depth_;
};

}  // namespace certkeep::pki::internal::der
