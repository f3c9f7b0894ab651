#pragma once
// The narrow interface email delivery is consumed through: the outbox sends through it,
// tests put a fake behind it, and SmtpTransport (smtp_transport.h) is the real one.

#include "core/result.h"
#include "notify/mail_message.h"

namespace certkeep::notify {

/// Hands one message to the mail system.
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  /// Delivers `message` to the next hop. Unavailable with kSmtpFailure when it may work
  /// later (connection, TLS, timeout, a 4xx reply): retry with the same message_id;
  /// kSmtpRejected when it never will (a 5xx reply, a malformed address): do not retry.
  [[nodiscard]] virtual core::Result<void> Send(const MailMessage& message) = 0;
};

}  // namespace certkeep::notify
