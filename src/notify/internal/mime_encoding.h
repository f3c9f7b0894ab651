#pragma once
// The MIME encodings a rendered message is made of. Only notify/ (and its tests) include
// this header.

#include <string>
#include <string_view>
#include <vector>

namespace certkeep::notify::internal {

/// True when every byte of `text` is 7-bit ASCII.
[[nodiscard]] bool IsAscii(std::string_view text);

/// `value` fit for one header line: CR, LF and every other control character (TAB
/// included, DEL too) replaced by a space, so a value can never start a new header.
[[nodiscard]] std::string HeaderSafe(std::string_view value);

/// RFC 2045 §6.7 quoted-printable of text: line ends (CRLF, LF or CR) become CRLF, "=",
/// controls and non-ASCII bytes become "=XX", a space or tab before a line end "=20" or
/// "=09", and lines longer than 76 characters are broken with soft line breaks ("=").
/// "From " at the start of a line is written "=46rom " so mbox stores cannot mangle it.
[[nodiscard]] std::string QuotedPrintable(std::string_view text);

/// RFC 2047 "B" encoded-words ("=?utf-8?B?...?=") carrying UTF-8 `text`, each word short
/// enough (60 characters) that one fits on a header line after its name; words never
/// split a UTF-8 sequence, so each decodes on its own (RFC 2047 §5: "Each 'encoded-word'
/// MUST represent an integral number of characters").
[[nodiscard]] std::vector<std::string> EncodedWords(std::string_view text);

}  // namespace certkeep::notify::internal
