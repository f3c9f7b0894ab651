#include "auth/password_policy.h"

#include <optional>
#include <string>
#include <vector>

#include "auth/internal/common_passwords.h"

namespace certkeep::auth {
namespace {

/// How many bytes a UTF-8 sequence starting with `lead` has; 0 for a byte that cannot
/// start one (a continuation byte, an overlong two-byte lead, or beyond U+10FFFF).
std::size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xC2) return 0;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF5) return 4;
  return 0;
}

/// The code points of `text`, or nullopt unless it is well-formed UTF-8 (RFC 3629 §3:
/// no overlong forms, no surrogates, nothing above U+10FFFF).
std::optional<std::vector<char32_t>> DecodeUtf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = SequenceLength(lead);
    if (length == 0 || i + length > text.size()) return std::nullopt;
    char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (next & 0x3F);
    }
    static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return std::nullopt;
    }
    out.push_back(cp);
    i += length;
  }
  return out;
}

/// ASCII letters lower-cased; other bytes (including UTF-8 sequences) unchanged.
std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

core::Result<void> Violated(std::string_view what) {
  return core::Fail(core::ErrorCode::kMalformed, core::Reason::kPasswordPolicy,
                    "Password policy violated: " + std::string(what));
}

}  // namespace

core::Result<void> CheckPassword(std::string_view password, std::string_view login) {
  if (password.size() > kMaxPasswordBytes) {
    return Violated("must be at most " + std::to_string(kMaxPasswordBytes) + " bytes long");
  }
  auto chars = DecodeUtf8(password);
  if (!chars) return Violated("must be valid UTF-8 text");
  if (chars->size() < kMinPasswordChars) {
    return Violated("must be at least " + std::to_string(kMinPasswordChars) + " characters long");
  }
  // Logins are ASCII (core::IsValidLogin), so ASCII case folding is the whole comparison.
  std::string lower = AsciiLower(password);
  std::string lower_login = AsciiLower(login);
  if (lower == lower_login) return Violated("must not be the login");
  auto login_chars = DecodeUtf8(login);
  std::size_t login_length = login_chars ? login_chars->size() : login.size();
  if (login_length >= kMinLoginCharsToSearch && lower.find(lower_login) != std::string::npos) {
    return Violated("must not contain the login");
  }
  bool one_character = true;
  for (char32_t c : *chars) one_character = one_character && c == chars->front();
  if (one_character) return Violated("must not be one character repeated");
  if (internal::IsCommonPassword(lower)) return Violated("must not be a commonly used password");
  return core::Ok();
}

}  // namespace certkeep::auth
