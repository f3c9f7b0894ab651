// SmtpTransport against a real SMTP server: tests/support/smtp_sink.py (aiosmtpd), which
// keeps every message it accepts, refuses or defers chosen recipients, and offers STARTTLS
// with a certificate the test makes with the openssl command line.

#include "notify/smtp_transport.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/free_port.h"
#include "support/parsed_mail.h"
#include "support/smtp_sink.h"
#include "support/temp_dir.h"

namespace certkeep::notify {
namespace {

const std::string kPassword = "correct-horse-battery-staple";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

MailMessage Example() {
  return {.from = "certkeep <certkeep@example.org>",
          .to = {"alice@example.org", "bob@example.org"},
          .subject = "Zertifikat l\xc3\xa4uft ab",
          .text =
              "Das Zertifikat f\xc3\xbcr www.example.org l\xc3\xa4uft in 7 Tagen ab.\n"
              ".a line that starts with a dot\n"
              ".\n"
              "..two dots\n"
              "the end\n",
          .message_id = "<7.1795574584@certkeep.example.org>",
          .date = core::FromUnixSeconds(1795574584)};
}

class SmtpTransportTest : public ::testing::Test {
 protected:
  // Starts smtp_sink.py with `args` and waits until it has written its port.
  void StartSink(std::vector<std::string> args = {}) {
    sink_.Start(std::move(args));
    port_ = sink_.port();
  }

  // Starts the sink offering STARTTLS, with a certificate for 127.0.0.1 made by openssl,
  // and `args`; returns the certificate's file, the CA a client must trust.
  std::string StartTlsSink(std::vector<std::string> args = {}) {
    auto cert = (dir_.path() / "cert.pem").string();
    auto key = (dir_.path() / "key.pem").string();
    std::string out;
    int rc = testing::RunCommand(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1"
        " -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost"
        " -keyout " +
            key + " -out " + cert,
        &out);
    EXPECT_EQ(rc, 0) << out;
    args.insert(args.begin(), {"--tls-cert", cert, "--tls-key", key});
    StartSink(args);
    return cert;
  }

  SmtpOptions Options() const {
    return {.url = "smtp://127.0.0.1:" + std::to_string(port_), .timeout = timeout_};
  }

  // Sends `message`, expecting it to fail with nothing stored; the error.
  core::Error FailedSend(const SmtpOptions& options, const MailMessage& message = Example()) {
    auto sent = SmtpTransport(options).Send(message);
    EXPECT_FALSE(std::filesystem::exists(maildir() / "1.eml"));
    if (sent) {
      ADD_FAILURE() << "the message was delivered";
      return core::Error(core::ErrorCode::kInternal, core::Reason::kUnspecified, "delivered");
    }
    return sent.error();
  }

  std::filesystem::path maildir() const { return sink_.maildir(); }
  nlohmann::json Envelope() const { return nlohmann::json::parse(ReadFile(maildir() / "1.json")); }

  testing::TempDir dir_;
  testing::SmtpSink sink_{dir_.path()};
  int port_ = 0;
  std::chrono::milliseconds timeout_{10000};
};

TEST_F(SmtpTransportTest, DeliversAMessageThatArrivesAsRendered) {
  StartSink();
  auto message = Example();
  auto sent = SmtpTransport(Options()).Send(message);
  ASSERT_TRUE(sent) << sent.error().detail() << " " << sent.error().internal();

  // The sink has stored both files before it answered 250. After dot-unstuffing the
  // bytes are the rendered message: every line that starts with "." came through.
  EXPECT_EQ(ReadFile(maildir() / "1.eml"), RenderMessage(message));
  auto envelope = Envelope();
  EXPECT_EQ(envelope["mail_from"], "certkeep@example.org");
  EXPECT_EQ(envelope["rcpt_tos"], nlohmann::json::array({"alice@example.org", "bob@example.org"}));
  EXPECT_EQ(envelope["tls"], false);

  auto mail = testing::ParseMail(maildir() / "1.eml");
  ASSERT_FALSE(mail.contains("error")) << mail.dump();
  EXPECT_EQ(mail["headers"]["from"][0], "certkeep <certkeep@example.org>");
  EXPECT_EQ(mail["headers"]["to"][0], "alice@example.org, bob@example.org");
  EXPECT_EQ(mail["headers"]["subject"][0], "Zertifikat l\xc3\xa4uft ab");
  EXPECT_EQ(mail["headers"]["message-id"][0], "<7.1795574584@certkeep.example.org>");
  EXPECT_EQ(mail["parts"][0]["content"],
            "Das Zertifikat f\xc3\xbcr www.example.org l\xc3\xa4uft in 7 Tagen ab.\r\n"
            ".a line that starts with a dot\r\n"
            ".\r\n"
            "..two dots\r\n"
            "the end\r\n");
}

TEST_F(SmtpTransportTest, SaysTheConfiguredHeloName) {
  StartSink();
  auto options = Options();
  options.helo_name = "certkeep.example.org";
  auto sent = SmtpTransport(options).Send(Example());
  ASSERT_TRUE(sent) << sent.error().internal();
  EXPECT_EQ(Envelope()["helo"], "certkeep.example.org");
}

TEST_F(SmtpTransportTest, ARefusedRecipientIsAPermanentRejection) {
  StartSink({"--reject-rcpt", "nobody"});
  auto message = Example();
  message.to = {"alice@example.org", "nobody@example.org"};
  auto error = FailedSend(Options(), message);
  EXPECT_EQ(error.code(), core::ErrorCode::kUnavailable);
  EXPECT_EQ(error.reason(), core::Reason::kSmtpRejected);
  EXPECT_EQ(error.detail(), "the mail server refused the message (550)");
  EXPECT_NE(error.internal().find("550 5.1.1 rejected"), std::string::npos) << error.internal();
}

TEST_F(SmtpTransportTest, ADeferredRecipientIsATransientFailure) {
  StartSink({"--tempfail-rcpt", "later"});
  auto message = Example();
  message.to = {"later@example.org"};
  auto error = FailedSend(Options(), message);
  EXPECT_EQ(error.code(), core::ErrorCode::kUnavailable);
  EXPECT_EQ(error.reason(), core::Reason::kSmtpFailure);
  EXPECT_EQ(error.detail(), "the mail server deferred the message (451)");
}

TEST_F(SmtpTransportTest, NobodyListeningIsATransientFailure) {
  port_ = testing::FreeLoopbackPort(SOCK_STREAM);
  auto error = FailedSend(Options());
  EXPECT_EQ(error.code(), core::ErrorCode::kUnavailable);
  EXPECT_EQ(error.reason(), core::Reason::kSmtpFailure);
  EXPECT_EQ(error.detail(), "the mail server could not be reached");
}

TEST_F(SmtpTransportTest, StartTlsRequiredFromAServerWithoutItIsATransientFailure) {
  StartSink();
  auto options = Options();
  options.tls = SmtpOptions::Tls::kStartTlsRequired;
  auto error = FailedSend(options);
  EXPECT_EQ(error.reason(), core::Reason::kSmtpFailure);
  EXPECT_EQ(error.detail(), "the mail server does not offer STARTTLS");
}

TEST_F(SmtpTransportTest, DeliversOverStartTlsToAServerItTrusts) {
  auto cert = StartTlsSink();
  auto options = Options();
  options.ca_file = cert;
  options.tls = SmtpOptions::Tls::kStartTlsRequired;
  auto sent = SmtpTransport(options).Send(Example());
  ASSERT_TRUE(sent) << sent.error().detail() << " " << sent.error().internal();
  EXPECT_EQ(Envelope()["tls"], true);
  EXPECT_EQ(ReadFile(maildir() / "1.eml"), RenderMessage(Example()));
}

TEST_F(SmtpTransportTest, AnOfferedStartTlsWithAnUntrustedCertificateIsNotSkipped) {
  StartTlsSink();
  // kStartTlsIfOffered and the system's CAs, which do not include the sink's certificate.
  auto error = FailedSend(Options());
  EXPECT_EQ(error.reason(), core::Reason::kSmtpFailure);
  EXPECT_EQ(error.detail(), "TLS with the mail server failed");
}

TEST_F(SmtpTransportTest, LogsInAfterStartTls) {
  auto cert = StartTlsSink({"--auth", "certkeep:" + kPassword});
  auto options = Options();
  options.ca_file = cert;
  options.username = "certkeep";
  options.password = kPassword;
  auto sent = SmtpTransport(options).Send(Example());
  ASSERT_TRUE(sent) << sent.error().detail() << " " << sent.error().internal();
  EXPECT_EQ(Envelope()["auth"], "certkeep");
  EXPECT_EQ(Envelope()["tls"], true);
}

TEST_F(SmtpTransportTest, ARefusedLoginIsTransientAndThePasswordIsInNoError) {
  auto cert = StartTlsSink({"--auth", "certkeep:another-password"});
  auto options = Options();
  options.ca_file = cert;
  options.username = "certkeep";
  options.password = kPassword;
  auto refused = FailedSend(options);
  // 535 is about our configuration, not the message: once fixed, the message goes.
  EXPECT_EQ(refused.reason(), core::Reason::kSmtpFailure);
  EXPECT_EQ(refused.detail(), "the mail server refused the login (535)");
  options.url = "smtp://127.0.0.1:" + std::to_string(testing::FreeLoopbackPort(SOCK_STREAM));
  auto unreachable = FailedSend(options);
  for (const auto& error : {refused, unreachable}) {
    EXPECT_EQ(error.detail().find(kPassword), std::string::npos) << error.detail();
    EXPECT_EQ(error.internal().find(kPassword), std::string::npos) << error.internal();
  }
}

TEST_F(SmtpTransportTest, CredentialsMakeStartTlsRequired) {
  StartSink();  // no STARTTLS: as if an attacker in the path had removed it
  auto options = Options();
  options.username = "certkeep";
  options.password = kPassword;
  auto error = FailedSend(options);
  EXPECT_EQ(error.reason(), core::Reason::kSmtpFailure);
  EXPECT_EQ(error.detail(), "the mail server does not offer STARTTLS");
}

TEST_F(SmtpTransportTest, AddressesThatCouldInjectSmtpCommandsAreRefusedUnsent) {
  StartSink();
  for (auto change : std::vector<void (*)(MailMessage&)>{
           [](MailMessage& m) { m.to = {"alice@example.org>\r\nRCPT TO:<evil@example.net"}; },
           [](MailMessage& m) { m.to = {"alice@example.org\nRSET"}; },
           [](MailMessage& m) { m.from = "certkeep@example.org>\r\nRSET"; },
           [](MailMessage& m) { m.to = {"not-an-address"}; },
           [](MailMessage& m) { m.to.clear(); },
       }) {
    auto message = Example();
    change(message);
    auto error = FailedSend(Options(), message);
    EXPECT_EQ(error.code(), core::ErrorCode::kMalformed);
    EXPECT_EQ(error.reason(), core::Reason::kSmtpRejected);
  }
}

TEST(SmtpTransport, RefusesAUrlThatIsNotSmtpOrCarriesCredentials) {
  EXPECT_THROW(SmtpTransport({.url = "http://127.0.0.1:25"}), std::invalid_argument);
  EXPECT_THROW(SmtpTransport({.url = "not a url"}), std::invalid_argument);
  EXPECT_THROW(SmtpTransport({.helo_name = "bad\r\nname"}), std::invalid_argument);
  try {
    SmtpTransport({.url = "smtp://certkeep:" + kPassword + "@127.0.0.1:25"});
    ADD_FAILURE() << "credentials in the url were taken";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find(kPassword), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(SmtpTransport({.url = "smtps://mail.example.org"}));
}

}  // namespace
}  // namespace certkeep::notify
