#pragma once
// MailTransport over SMTP (RFC 5321) with libcurl: STARTTLS (RFC 3207) or implicit TLS
// (RFC 8314), optional AUTH.

#include <chrono>
#include <string>

#include "notify/mail_transport.h"

namespace certkeep::notify {

/// Where and how to reach the mail server; from [smtp] in certkeep.toml.
struct SmtpOptions {
  /// Whether and how an smtp:// connection is upgraded with STARTTLS.
  enum class Tls { kNone, kStartTlsIfOffered, kStartTlsRequired };

  /// smtp://host[:port] (25 by default) or smtps://host[:port] (implicit TLS, 465).
  std::string url = "smtp://127.0.0.1:25";
  /// smtp:// only; smtps:// is always TLS. With a username, kStartTlsIfOffered acts as
  /// kStartTlsRequired: credentials never cross a connection an attacker kept plain.
  Tls tls = Tls::kStartTlsIfOffered;
  /// PEM file of the CAs the server's certificate must chain to; empty: the system's.
  std::string ca_file{};
  /// AUTH when set (the mechanism is the best both sides offer).
  std::string username{};
  /// Never logged, never in an Error.
  std::string password{};
  /// The name given in EHLO; empty: libcurl's default.
  std::string helo_name{};
  /// For connecting, and again for the whole exchange.
  std::chrono::milliseconds timeout{30000};
};

/// Sends each message on a connection of its own. Thread-safe.
class SmtpTransport final : public MailTransport {
 public:
  /// Throws std::invalid_argument, naming the option, for a url that is not smtp:// or
  /// smtps:// with a host or that carries credentials, or a helo_name that is not a host
  /// name or address literal: these are start-up configuration errors.
  explicit SmtpTransport(SmtpOptions options);

  /// One SMTP transaction: MAIL FROM the address of message.from, RCPT TO each of
  /// message.to, DATA RenderMessage(message). A 5xx reply is kSmtpRejected, except a
  /// refused login (our configuration, not the message); anything else that fails is
  /// kSmtpFailure (see MailTransport::Send).
  [[nodiscard]] core::Result<void> Send(const MailMessage& message) override;

 private:
  SmtpOptions options_;
  bool is_implicit_tls_ = false;
  /// options_.url with the EHLO name as its path (libcurl takes it from there).
  std::string url_;
  /// scheme://host:port, for the internal text of errors.
  std::string server_;
};

}  // namespace certkeep::notify
