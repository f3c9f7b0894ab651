#include "notify/mail_message.h"

#include <cstdio>
#include <ctime>

#include "notify/internal/mime_encoding.h"

namespace certkeep::notify {

namespace {

// RFC 5322 §2.1.1: "Each line of characters SHOULD be no more than 78 characters".
constexpr std::size_t kFoldAt = 78;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 5322 §3.3 date-time in UTC, with English names whatever the locale.
std::string DateHeader(core::TimePoint t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t tt = core::ToUnixSeconds(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

// One header field, folded (RFC 5322 §2.2.3) before a space wherever the line would
// pass 78 characters. Tokens are joined by a space (after `joiner`, "," for a list); a fold
// is only ever made between tokens, so an encoded-word or an address is never cut.
std::string Header(std::string_view name, const std::vector<std::string>& tokens,
                   std::string_view joiner = "") {
  std::string out(name);
  out += ":";
  std::size_t column = out.size();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) {
      out += joiner;
      column += joiner.size();
    }
    if (i > 0 && column + 1 + tokens[i].size() > kFoldAt) {
      out += "\r\n ";
      column = 1;
    } else {
      out += ' ';
      ++column;
    }
    out += tokens[i];
    column += tokens[i].size();
  }
  out += "\r\n";
  return out;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// Unstructured text (Subject, a display name) as header tokens: its words when they can
// stand as they are, RFC 2047 encoded-words otherwise. Runs of white space become one.
std::vector<std::string> TextTokens(std::string_view text, bool is_phrase) {
  auto words = Words(internal::HeaderSafe(text));
  std::string joined;
  for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
  // RFC 2047 §5: a plain "=?" could be read back as an encoded-word; a word too long to
  // fold would break the line limit.
  bool needs_encoding = !internal::IsAscii(joined) || joined.find("=?") != std::string::npos;
  for (const auto& w : words) needs_encoding = needs_encoding || w.size() > kFoldAt - 10;
  if (needs_encoding) return internal::EncodedWords(joined);
  // RFC 5322 §3.2.5: a display name with specials is a quoted-string.
  if (is_phrase && joined.find_first_of("()<>[]:;@\\,.\"") != std::string::npos) {
    std::string quoted = "\"";
    for (char c : joined) {
      if (c == '\\' || c == '"') quoted += '\\';
      quoted += c;
    }
    return {quoted + "\""};
  }
  return words;
}

// "Name <a@b>" with the name made safe; a bare address stays bare.
std::vector<std::string> MailboxTokens(std::string_view mailbox) {
  std::string address = internal::HeaderSafe(AddressOf(mailbox));
  auto lt = mailbox.rfind('<');
  std::string_view name = lt == std::string_view::npos ? "" : Trim(mailbox.substr(0, lt));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  if (name.empty()) return {address};
  std::string unquoted;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '\\' && i + 1 < name.size()) ++i;
    unquoted += name[i];
  }
  auto tokens = TextTokens(unquoted, /*is_phrase=*/true);
  tokens.push_back("<" + address + ">");
  return tokens;
}

// A MIME boundary from the message id, so a retry renders the same bytes. "=_" cannot
// occur in quoted-printable text ("=" is always "=3D" or a soft break), so the boundary
// never collides with a part (RFC 2046 §5.1.1); at most 70 characters.
std::string Boundary(std::string_view message_id) {
  std::string boundary = "=_certkeep_";
  for (char c : message_id) {
    bool is_safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '-';
    if (is_safe && boundary.size() < 70) boundary += c;
  }
  if (message_id.empty()) boundary += "alternative";
  return boundary;
}

// A text part's headers and quoted-printable body, which ends with CRLF only if the
// text ended with a line end.
std::string TextPart(std::string_view subtype, std::string_view body) {
  std::string out = "Content-Type: text/";
  out += subtype;
  out += "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += internal::QuotedPrintable(body);
  return out;
}

}  // namespace

std::string AddressOf(std::string_view mailbox) {
  auto lt = mailbox.rfind('<');
  if (lt != std::string_view::npos) {
    auto gt = mailbox.find('>', lt);
    if (gt != std::string_view::npos) return std::string(Trim(mailbox.substr(lt + 1, gt - lt - 1)));
  }
  return std::string(Trim(mailbox));
}

std::string RenderMessage(const MailMessage& message) {
  std::string out = "Date: " + DateHeader(message.date) + "\r\n";
  out += Header("From", MailboxTokens(message.from));
  std::vector<std::string> to;
  for (const auto& address : message.to) to.push_back(internal::HeaderSafe(AddressOf(address)));
  out += Header("To", to, ",");
  out += Header("Subject", TextTokens(message.subject, /*is_phrase=*/false));
  if (!message.message_id.empty()) {
    out += "Message-ID: " + internal::HeaderSafe(message.message_id) + "\r\n";
  }
  // RFC 3834 §5: notices are machine-made, so vacation responders stay quiet.
  out += "Auto-Submitted: auto-generated\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (message.html.empty()) {
    out += TextPart("plain", message.text);
    if (!out.ends_with("\r\n")) out += "\r\n";  // RFC 5322 §2.3: body lines end in CRLF
    return out;
  }
  auto boundary = Boundary(message.message_id);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  // RFC 2046 §5.1.1: "The CRLF preceding the boundary delimiter line is conceptually
  // attached to the boundary", so each part is followed by one more CRLF than it has.
  // RFC 2046 §5.1.4: alternatives in increasing faithfulness, the preferred one last.
  out += "--" + boundary + "\r\n" + TextPart("plain", message.text) + "\r\n";
  out += "--" + boundary + "\r\n" + TextPart("html", message.html) + "\r\n";
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace certkeep::notify
