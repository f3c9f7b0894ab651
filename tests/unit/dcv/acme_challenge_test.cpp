// ACME challenge checks against real peers: dcv_http_server.py serving the http-01 file,
// dnsmasq the dns-01 TXT record, and `openssl s_server` presenting a tls-alpn-01
// certificate made by the openssl command line (RFC 8737's acmeIdentifier extension).

#include "dcv/acme_challenge.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "core/random.h"
#include "support/dcv_http_server.h"
#include "support/dnsmasq.h"
#include "support/free_port.h"
#include "support/temp_dir.h"

namespace certkeep::dcv {
namespace {

constexpr const char* kKeyAuthorization = "tok-1.thumbprint-of-the-account-key";

// The 32 bytes the tls-alpn-01 certificate carries, and their base64url (what the service
// passes as `expected`).
std::vector<std::uint8_t> Digest() {
  std::vector<std::uint8_t> d(32);
  for (int i = 0; i < 32; ++i) d[i] = static_cast<std::uint8_t>(i + 1);
  return d;
}

bool Listens(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

class AcmeChallengeTest : public testing::DnsmasqTest {
 protected:
  AcmeChallengeTest()
      : DnsmasqTest({"--host-record=www.example.test,127.0.0.1",
                     "--host-record=tls.example.test,127.0.0.1",
                     "--txt-record=_acme-challenge.www.example.test,other-value",
                     "--txt-record=_acme-challenge.www.example.test,digest-of-key-authz"}) {}

  void SetUp() override {
    DnsmasqTest::SetUp();
    if (HasFatalFailure()) return;
    std::filesystem::create_directories(root_.path() / ".well-known/acme-challenge");
    root_.Write(".well-known/acme-challenge/tok-1", std::string(kKeyAuthorization) + "\r\n");
    root_.Write(".well-known/acme-challenge/tok-2", "something else");
    server_ = std::make_unique<testing::DcvHttpServer>(root_.path());
    ASSERT_TRUE(server_->ok());
    fetcher_ = std::make_unique<HttpFetcher>(
        *resolver_, FetchOptions{.allowed_addresses = {"127.0.0.1"}, .http_port = server_->port()});
  }

  void TearDown() override {
    if (s_server_ > 0) kill(s_server_, SIGKILL);
  }

  // openssl s_server on a free port with a certificate for `name` carrying `extension`
  // (an -addext value, or none), offering ALPN `alpn` (or none); `more_names` are further
  // subjectAltName entries (",IP:127.0.0.1").
  int StartTlsServer(const std::string& name, const std::string& extension, const std::string& alpn,
                     const std::string& more_names = "") {
    auto key = (root_.path() / "tls.key").string();
    auto cert = (root_.path() / "tls.pem").string();
    std::string make =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
        "-days 1 -subj /CN=" +
        name + " -keyout " + key + " -out " + cert + " -addext subjectAltName=DNS:" + name +
        more_names;
    if (!extension.empty()) make += " -addext " + extension;
    std::string out;
    EXPECT_EQ(testing::RunCommand(make + " 2>&1", &out), 0) << out;
    int port = testing::FreeLoopbackPort(SOCK_STREAM);
    std::string serve = "openssl s_server -quiet -accept 127.0.0.1:" + std::to_string(port) +
                        " -cert " + cert + " -key " + key + (alpn.empty() ? "" : " -alpn " + alpn) +
                        " </dev/null >/dev/null 2>&1 & echo $!";
    EXPECT_EQ(testing::RunCommand(serve, &out), 0);
    s_server_ = std::stoi(out);
    // Wait until it listens.
    for (int i = 0; i < 200 && !Listens(port); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return port;
  }

  core::Result<void> Check(core::ChallengeType type, const std::string& name,
                           const std::string& token, const std::string& expected,
                           int tls_port = 1) {
    NetworkChallengeCheck check(
        *resolver_, *fetcher_,
        {.allowed_addresses = {"127.0.0.1"}, .port = tls_port, .timeout = std::chrono::seconds(5)});
    return check.Check(type, name, token, expected);
  }

  testing::TempDir root_;
  std::unique_ptr<testing::DcvHttpServer> server_;
  std::unique_ptr<HttpFetcher> fetcher_;
  int s_server_ = 0;
};

TEST_F(AcmeChallengeTest, Http01TakesTheKeyAuthorizationWithTrailingWhitespace) {
  auto r = Check(core::ChallengeType::kHttp01, "www.example.test", "tok-1", kKeyAuthorization);
  EXPECT_TRUE(r) << r.error().detail();
}

TEST_F(AcmeChallengeTest, Http01RefusesAnotherBodySayingWhatItFound) {
  auto r = Check(core::ChallengeType::kHttp01, "www.example.test", "tok-2", kKeyAuthorization);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason(), core::Reason::kAcmeIncorrectResponse);
  EXPECT_NE(r.error().detail().find("something else"), std::string::npos) << r.error().detail();
  auto missing = Check(core::ChallengeType::kHttp01, "www.example.test", "tok-3", "x");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason(), core::Reason::kFetchFailed);
}

TEST_F(AcmeChallengeTest, Dns01FindsTheDigestAmongTheTxtRecords) {
  EXPECT_TRUE(Check(core::ChallengeType::kDns01, "www.example.test", "t", "digest-of-key-authz"));
  auto wrong = Check(core::ChallengeType::kDns01, "www.example.test", "t", "another-digest");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().reason(), core::Reason::kAcmeIncorrectResponse);
  EXPECT_NE(wrong.error().detail().find("other-value"), std::string::npos);
  auto none = Check(core::ChallengeType::kDns01, "tls.example.test", "t", "x");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().reason(), core::Reason::kDnsNoRecord);
}

std::string DigestExtension() {
  std::string hex;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (auto b : Digest()) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
    hex += ':';
  }
  hex.pop_back();
  // RFC 8737 §3: critical, an OCTET STRING (04, length 32 = 0x20) of the digest.
  return "1.3.6.1.5.5.7.1.31=critical,DER:04:20:" + hex;
}

TEST_F(AcmeChallengeTest, TlsAlpn01ReadsTheAcmeIdentifierOfTheCertificate) {
  int port = StartTlsServer("tls.example.test", DigestExtension(), "acme-tls/1");
  auto r = Check(core::ChallengeType::kTlsAlpn01, "tls.example.test", "t",
                 core::Base64Url(Digest()), port);
  EXPECT_TRUE(r) << r.error().detail() << " " << r.error().internal();
  auto wrong = Check(core::ChallengeType::kTlsAlpn01, "tls.example.test", "t",
                     core::Base64Url(std::vector<std::uint8_t>(32, 7)), port);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().reason(), core::Reason::kAcmeIncorrectResponse);
}

TEST_F(AcmeChallengeTest, TlsAlpn01RefusesACertificateNamingMoreThanTheName) {
  // RFC 8737 §3: a single dNSName "and no other entries".
  int port = StartTlsServer("tls.example.test", DigestExtension(), "acme-tls/1", ",IP:127.0.0.1");
  auto r = Check(core::ChallengeType::kTlsAlpn01, "tls.example.test", "t",
                 core::Base64Url(Digest()), port);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason(), core::Reason::kAcmeIncorrectResponse);
  EXPECT_NE(r.error().detail().find("exactly that name"), std::string::npos) << r.error().detail();
}

TEST_F(AcmeChallengeTest, TlsAlpn01RefusesAServerWithoutTheProtocolOrTheExtension) {
  int port = StartTlsServer("tls.example.test", DigestExtension(), "");
  auto no_alpn = Check(core::ChallengeType::kTlsAlpn01, "tls.example.test", "t",
                       core::Base64Url(Digest()), port);
  ASSERT_FALSE(no_alpn);
  EXPECT_EQ(no_alpn.error().reason(), core::Reason::kAcmeTlsFailure);
  kill(s_server_, SIGKILL);
  port = StartTlsServer("tls.example.test", "", "acme-tls/1");
  auto no_extension = Check(core::ChallengeType::kTlsAlpn01, "tls.example.test", "t",
                            core::Base64Url(Digest()), port);
  ASSERT_FALSE(no_extension);
  EXPECT_EQ(no_extension.error().reason(), core::Reason::kAcmeIncorrectResponse);
  auto closed = Check(core::ChallengeType::kTlsAlpn01, "tls.example.test", "t", "x",
                      testing::FreeLoopbackPort(SOCK_STREAM));
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().reason(), core::Reason::kFetchFailed);
}

}  // namespace
}  // namespace certkeep::dcv
