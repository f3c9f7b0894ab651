#include "notify/internal/mime_encoding.h"

#include "core/base64.h"

namespace certkeep::notify::internal {

namespace {

// RFC 2045 §6.7 (5): "The Quoted-Printable encoding REQUIRES that encoded lines be no
// more than 76 characters long." One column is kept for the soft break's "=".
constexpr std::size_t kQpLineContent = 75;

// 36 bytes are 48 base64 characters; with "=?utf-8?B?" and "?=" a word is 60 characters,
// so "Subject: " and one word stay within RFC 2047 §2's 76-character lines.
constexpr std::size_t kBytesPerWord = 36;

bool IsControl(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

// The length of the UTF-8 sequence led by `c`; 1 for a stray continuation or bad byte,
// so malformed input is still cut somewhere.
std::size_t Utf8Length(unsigned char c) {
  if (c >= 0xf0 && c < 0xf8) return 4;
  if (c >= 0xe0) return c < 0xf0 ? 3 : 1;
  if (c >= 0xc0) return 2;
  return 1;
}

std::string Hex(unsigned char c) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {'=', kDigits[c >> 4], kDigits[c & 0x0f]};
}

// Appends one hard line (no line end in it), breaking it with soft line breaks.
void EncodeLine(std::string_view line, std::string& out) {
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    bool is_last = i + 1 == line.size();
    std::string token;
    if (column == 0 && line.substr(i).starts_with("From ")) {
      token = Hex(c);
    } else if ((c == ' ' || c == '\t') && !is_last) {
      token = std::string(1, static_cast<char>(c));  // rule 3: not at the end of a line
    } else if (c == '=' || c < 33 || c > 126) {
      token = Hex(c);  // rule 1; trailing whitespace falls here too
    } else {
      token = std::string(1, static_cast<char>(c));  // rule 2
    }
    if (column + token.size() > kQpLineContent) {
      out += "=\r\n";  // rule 5: a soft line break
      column = 0;
      if (line.substr(i).starts_with("From ")) token = Hex(c);
    }
    out += token;
    column += token.size();
  }
}

}  // namespace

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string HeaderSafe(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (IsControl(static_cast<unsigned char>(c))) c = ' ';
  }
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) {
      EncodeLine(text.substr(start), out);
      break;
    }
    EncodeLine(text.substr(start, end - start), out);
    out += "\r\n";
    start = end + (text.substr(end).starts_with("\r\n") ? 2 : 1);
  }
  return out;
}

std::vector<std::string> EncodedWords(std::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size()) {
      std::size_t n = Utf8Length(static_cast<unsigned char>(text[end]));
      if (end + n > text.size()) n = text.size() - end;
      if (end + n - start > kBytesPerWord && end > start) break;
      end += n;
    }
    words.push_back("=?utf-8?B?" + core::Base64Encode(text.substr(start, end - start)) + "?=");
    start = end;
  }
  return words;
}

}  // namespace certkeep::notify::internal
