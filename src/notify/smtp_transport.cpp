#include "notify/smtp_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "core/tenancy.h"

namespace certkeep::notify {

namespace {

// libcurl's global state is set up once per process, before the first handle; the
// handles themselves are never shared between threads.
CURLcode GlobalInit() {
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return rc;
}

using Easy = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using Slist = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;
using Url = std::unique_ptr<CURLU, decltype(&curl_url_cleanup)>;

std::string UrlPart(CURLU* url, CURLUPart part, unsigned int flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK || text == nullptr) return {};
  std::string out(text);
  curl_free(text);
  return out;
}

// RFC 5321 §4.1.1.1: EHLO takes a domain or an address literal ("[192.0.2.1]").
bool IsHeloName(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  bool is_literal = name.front() == '[' && name.back() == ']';
  if (is_literal) name = name.substr(1, name.size() - 2);
  return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || (is_literal && c == ':');
  });
}

// An envelope address goes into "MAIL FROM:<...>" and "RCPT TO:<...>" as is: nothing
// that could end the command or the brackets may reach the server, and no 8-bit byte,
// which needs SMTPUTF8 (RFC 6531) that we do not ask for.
bool IsEnvelopeAddress(std::string_view address) {
  return core::IsPlausibleEmail(address) &&
         std::none_of(address.begin(), address.end(), [](char c) {
           auto u = static_cast<unsigned char>(c);
           return u < 0x20 || u >= 0x7f || c == '<' || c == '>';
         });
}

// Feeds the rendered message to libcurl, which dot-stuffs it on the way out: libcurl
// 7.88's smtp.c (Curl_smtp_escape_eob) doubles a "." that starts a line and ends DATA
// with CRLF "." CRLF itself — checked against aiosmtpd with lines ".x", "..x" and ".".
struct Upload {
  std::string_view rest;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

// libcurl hands every server reply line to the header callback; the last 4xx or 5xx one
// says why a transaction failed (the closing "221" after it does not).
struct Replies {
  std::string last_failure;
};

size_t OnReply(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.size() >= 3 && (line[0] == '4' || line[0] == '5')) {
    auto* replies = static_cast<Replies*>(user);
    replies->last_failure.assign(line.substr(0, 200));
  }
  return size * count;
}

long UseSsl(const SmtpOptions& options, bool is_implicit_tls) {
  if (is_implicit_tls) return CURLUSESSL_ALL;
  switch (options.tls) {
    case SmtpOptions::Tls::kNone:
      return CURLUSESSL_NONE;
    case SmtpOptions::Tls::kStartTlsIfOffered:
      // Whoever can strip "STARTTLS" from EHLO could then read an AUTH PLAIN: with
      // credentials, "if offered" is not good enough.
      return options.username.empty() ? CURLUSESSL_TRY : CURLUSESSL_ALL;
    case SmtpOptions::Tls::kStartTlsRequired:
      return CURLUSESSL_ALL;
  }
  return CURLUSESSL_ALL;
}

// What the client may be told, by what went wrong. No server text: it may echo
// addresses or name internal hosts; that goes to the internal text.
std::string FailureDetail(CURLcode rc, long reply) {
  if (rc == CURLE_LOGIN_DENIED) {
    // Below 400: no mechanism both sides know, so the login was never tried.
    return reply >= 400 ? "the mail server refused the login (" + std::to_string(reply) + ")"
                        : "the mail server offers no login method certkeep knows";
  }
  if (reply >= 400 && reply < 500) {
    return "the mail server deferred the message (" + std::to_string(reply) + ")";
  }
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      return "the mail server could not be reached";
    case CURLE_OPERATION_TIMEDOUT:
      return "the mail server did not answer in time";
    case CURLE_USE_SSL_FAILED:
      return "the mail server does not offer STARTTLS";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return "TLS with the mail server failed";
    default:
      return "mail delivery failed";
  }
}

}  // namespace

SmtpTransport::SmtpTransport(SmtpOptions options) : options_(std::move(options)) {
  GlobalInit();
  Url url(curl_url(), curl_url_cleanup);
  if (!url || curl_url_set(url.get(), CURLUPART_URL, options_.url.c_str(), 0) != CURLUE_OK) {
    throw std::invalid_argument("smtp url: not a URL");  // not echoed: it may hold a secret
  }
  auto scheme = UrlPart(url.get(), CURLUPART_SCHEME);
  auto host = UrlPart(url.get(), CURLUPART_HOST);
  if ((scheme != "smtp" && scheme != "smtps") || host.empty()) {
    throw std::invalid_argument("smtp url: want smtp://host[:port] or smtps://host[:port]");
  }
  // A password in the URL would travel with it into logs; it has its own option.
  if (!UrlPart(url.get(), CURLUPART_USER).empty() ||
      !UrlPart(url.get(), CURLUPART_PASSWORD).empty()) {
    throw std::invalid_argument("smtp url: put credentials in username and password");
  }
  is_implicit_tls_ = scheme == "smtps";
  if (!options_.helo_name.empty()) {
    if (!IsHeloName(options_.helo_name)) {
      throw std::invalid_argument("smtp helo_name: not a host name or address literal");
    }
    // libcurl's SMTP takes the EHLO name from the URL's path.
    auto path = "/" + options_.helo_name;
    if (curl_url_set(url.get(), CURLUPART_PATH, path.c_str(), 0) != CURLUE_OK) {
      throw std::invalid_argument("smtp helo_name: not usable in a URL");
    }
  }
  url_ = UrlPart(url.get(), CURLUPART_URL);
  server_ = scheme + "://" + host + ":" + UrlPart(url.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

core::Result<void> SmtpTransport::Send(const MailMessage& message) {
  auto from = AddressOf(message.from);
  if (!IsEnvelopeAddress(from)) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kSmtpRejected,
                      "the sender address is not a valid email address");
  }
  if (message.to.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kSmtpRejected,
                      "the message has no recipient");
  }
  Slist recipients(nullptr, curl_slist_free_all);
  for (const auto& to : message.to) {
    auto address = AddressOf(to);
    if (!IsEnvelopeAddress(address)) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kSmtpRejected,
                        "a recipient address is not a valid email address");
    }
    // Appending returns the list's head: the first node, then the same one again.
    curl_slist* head = curl_slist_append(recipients.get(), ("<" + address + ">").c_str());
    if (head == nullptr) {
      return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kSmtpFailure,
                        "mail delivery failed", "curl_slist_append failed");
    }
    if (!recipients) recipients.reset(head);
  }

  if (CURLcode rc = GlobalInit(); rc != CURLE_OK) {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kSmtpFailure,
                      "mail delivery failed",
                      std::string("curl_global_init: ") + curl_easy_strerror(rc));
  }
  Easy easy(curl_easy_init(), curl_easy_cleanup);
  if (!easy) {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kSmtpFailure,
                      "mail delivery failed", "curl_easy_init failed");
  }
  CURL* h = easy.get();
  std::string rendered = RenderMessage(message);
  Upload upload{rendered};
  Replies replies;
  char error_text[CURL_ERROR_SIZE] = "";
  auto envelope_from = "<" + from + ">";
  auto timeout_ms = static_cast<long>(options_.timeout.count());

  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(h, option, value);
  };
  set(CURLOPT_ERRORBUFFER, error_text);
  set(CURLOPT_URL, url_.c_str());
  set(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  set(CURLOPT_TIMEOUT_MS, timeout_ms);
  set(CURLOPT_USE_SSL, UseSsl(options_, is_implicit_tls_));
  if (!options_.ca_file.empty()) set(CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!options_.username.empty()) {
    set(CURLOPT_USERNAME, options_.username.c_str());
    set(CURLOPT_PASSWORD, options_.password.c_str());
  }
  set(CURLOPT_MAIL_FROM, envelope_from.c_str());
  set(CURLOPT_MAIL_RCPT, recipients.get());
  set(CURLOPT_UPLOAD, 1L);
  set(CURLOPT_READFUNCTION, ReadUpload);
  set(CURLOPT_READDATA, &upload);
  set(CURLOPT_HEADERFUNCTION, OnReply);
  set(CURLOPT_HEADERDATA, &replies);
  if (rc != CURLE_OK) {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kSmtpFailure,
                      "mail delivery failed",
                      std::string("curl_easy_setopt: ") + curl_easy_strerror(rc));
  }

  rc = curl_easy_perform(h);
  if (rc == CURLE_OK) return core::Ok();
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  std::string internal = server_ + ": " + curl_easy_strerror(rc);
  if (error_text[0] != '\0') internal += std::string(": ") + error_text;
  if (!replies.last_failure.empty()) internal += "; server said: " + replies.last_failure;
  // A refused login is a 5xx too, but it is about our configuration, not this message:
  // once it is fixed the message goes, so it stays transient.
  if (reply >= 500 && reply < 600 && rc != CURLE_LOGIN_DENIED) {
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kSmtpRejected,
                      "the mail server refused the message (" + std::to_string(reply) + ")",
                      std::move(internal));
  }
  return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kSmtpFailure,
                    FailureDetail(rc, reply), std::move(internal));
}

}  // namespace certkeep::notify
