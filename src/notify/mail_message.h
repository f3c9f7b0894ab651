#pragma once
// One email as certkeep sends it, and its rendering as an Internet message: RFC 5322
// headers and a MIME body (RFC 2045–2047) in quoted-printable UTF-8, CRLF line ends.

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace certkeep::notify {

/// A message to send: who from and to, what it says, and the identity that makes
/// retries of it recognisable as one message.
struct MailMessage {
  /// "certkeep <certkeep@example.org>" or a bare address.
  std::string from{};
  /// Bare addresses.
  std::vector<std::string> to{};
  /// UTF-8.
  std::string subject{};
  /// UTF-8 plain text; every message has it.
  std::string text{};
  /// UTF-8 HTML; when set the message is multipart/alternative (text first, html second).
  std::string html{};
  /// "<id@host>", the same on every retry of the same message; empty: no Message-ID
  /// header (the first server adds one).
  std::string message_id{};
  /// When the message was written (the Date header).
  core::TimePoint date{};
};

/// The message as RFC 5322 + MIME text with CRLF line ends, ready for SMTP DATA (before
/// dot-stuffing, which is the transport's job). Header values are made safe: CR, LF and
/// other control characters become spaces, so no input can add a header.
[[nodiscard]] std::string RenderMessage(const MailMessage& message);

/// The address of a mailbox: "Name <a@b>" -> "a@b", "a@b" -> "a@b" (spaces trimmed).
[[nodiscard]] std::string AddressOf(std::string_view mailbox);

}  // namespace certkeep::notify
