// The DCV fetcher against real peers: dcv_http_server.py on 127.0.0.1 (allowed for the
// test, as a test-mode config would) and dnsmasq naming it, a private address and ::1.

#include "dcv/http_fetcher.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>

#include "support/dcv_http_server.h"
#include "support/dnsmasq.h"
#include "support/temp_dir.h"

namespace certkeep::dcv {
namespace {

TEST(IsPublicAddress, EveryRangeCertkeepMayNotReach) {
  struct Case {
    const char* ip;
    bool is_public;
  };
  const Case cases[] = {
      {"8.8.8.8", true},
      {"93.184.216.34", true},
      {"100.63.255.255", true},
      {"100.128.0.0", true},
      {"172.15.255.255", true},
      {"172.32.0.0", true},
      {"192.169.0.1", true},
      {"198.17.255.255", true},
      {"198.20.0.0", true},
      {"223.255.255.255", true},
      {"2606:4700:4700::1111", true},
      {"2a00:1450:4001:80b::200e", true},
      {"::ffff:8.8.8.8", true},
      {"64:ff9b::808:808", true},
      {"2002:808:808::1", true},
      {"0.0.0.0", false},
      {"0.1.2.3", false},
      {"10.0.0.1", false},
      {"10.255.255.255", false},
      {"100.64.0.1", false},
      {"100.127.255.255", false},
      {"127.0.0.1", false},
      {"127.255.255.254", false},
      {"169.254.169.254", false},
      {"172.16.0.1", false},
      {"172.31.255.255", false},
      {"192.0.0.8", false},
      {"192.0.2.1", false},
      {"192.168.1.1", false},
      {"198.18.0.1", false},
      {"198.19.255.255", false},
      {"198.51.100.1", false},
      {"203.0.113.1", false},
      {"224.0.0.1", false},
      {"239.255.255.250", false},
      {"240.0.0.1", false},
      {"255.255.255.255", false},
      {"::", false},
      {"::1", false},
      {"0:0:0:0:0:0:0:1", false},
      {"::127.0.0.1", false},
      {"fe80::1", false},
      {"febf:ffff::1", false},
      {"fc00::1", false},
      {"fd12:3456::1", false},
      {"ff02::1", false},
      {"::ffff:127.0.0.1", false},
      {"::ffff:10.0.0.1", false},
      {"::ffff:169.254.169.254", false},
      {"64:ff9b::7f00:1", false},
      {"64:ff9b::a00:1", false},
      {"64:ff9b:1::1", false},
      {"2002:7f00:1::1", false},
      {"2002:a00:1::", false},
      {"2001::1", false},
      {"2001:db8::1", false},
      {"", false},
      {"localhost", false},
      {"127.1", false},
      {"0x7f000001", false},
      {" 8.8.8.8", false},
      {"[::1]", false},
      {"fe80::1%lo", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsPublicAddress(c.ip), c.is_public) << c.ip;
}

constexpr const char* kFile = "/.well-known/pki-validation/token.txt";

// The query value of dcv_http_server.py's /redirect, percent-encoded.
std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string RedirectTo(std::string_view to, int code = 302) {
  return "/redirect?to=" + Encode(to) + "&code=" + std::to_string(code);
}

// A path that redirects `n` times before reaching `target`.
std::string Redirects(int n, std::string target) {
  for (int i = 0; i < n; ++i) target = RedirectTo(target);
  return target;
}

class HttpFetcherTest : public testing::DnsmasqTest {
 protected:
  HttpFetcherTest()
      : DnsmasqTest({
            "--host-record=www.example.test,127.0.0.1",
            "--host-record=evil.example.test,127.0.0.2",
            "--host-record=v6.example.test,::1",
        }) {}
  void SetUp() override {
    DnsmasqTest::SetUp();
    if (HasFatalFailure()) return;
    std::filesystem::create_directories(root_.path() / ".well-known/pki-validation");
    root_.Write(std::string(kFile).substr(1), "token-content");
    server_ = std::make_unique<testing::DcvHttpServer>(root_.path());
    ASSERT_TRUE(server_->ok());
  }

  [[nodiscard]] FetchOptions Options() const {
    return {.allowed_addresses = {"127.0.0.1"}, .http_port = server_->port()};
  }
  [[nodiscard]] std::string Url(const std::string& path) const {
    return "http://www.example.test:" + std::to_string(server_->port()) + path;
  }
  core::Result<FetchResult> Get(const std::string& url) { return Get(url, Options()); }
  core::Result<FetchResult> Get(const std::string& url, FetchOptions options) {
    return HttpFetcher(*resolver_, std::move(options)).Get(url);
  }

  testing::TempDir root_;
  std::unique_ptr<testing::DcvHttpServer> server_;
};

TEST_F(HttpFetcherTest, FetchesTheFile) {
  auto got = Get("http://www.example.test" + std::string(kFile));  // the port comes from options
  ASSERT_TRUE(got) << got.error().detail() << " " << got.error().internal();
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, "token-content");
  EXPECT_EQ(got->final_url, Url(kFile));
}

TEST_F(HttpFetcherTest, AMissingFileIsFetchFailedSaidPlainly) {
  auto got = Get(Url("/.well-known/pki-validation/missing.txt"));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), core::ErrorCode::kRejectedIdentifier);
  EXPECT_EQ(got.error().reason(), core::Reason::kFetchFailed);
  EXPECT_EQ(got.error().detail(),
            Url("/.well-known/pki-validation/missing.txt") + " answered HTTP 404");
}

TEST_F(HttpFetcherTest, FollowsARelativeRedirect) {
  auto got = Get(Url(RedirectTo(kFile, 301)));
  ASSERT_TRUE(got) << got.error().detail();
  EXPECT_EQ(got->body, "token-content");
  EXPECT_EQ(got->final_url, Url(kFile));
}

TEST_F(HttpFetcherTest, FollowsAnAbsoluteRedirectToTheConfiguredPort) {
  for (int code : {302, 307, 308}) {
    auto got = Get(Url(RedirectTo(Url(kFile), code)));
    ASSERT_TRUE(got) << code << ": " << got.error().detail();
    EXPECT_EQ(got->body, "token-content") << code;
  }
}

TEST_F(HttpFetcherTest, DoesNotFollowA303) {
  // BR §3.2.2.4.18 names 301, 302, 307 and 308 only.
  auto got = Get(Url(RedirectTo(kFile, 303)));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().reason(), core::Reason::kFetchFailed);
}

TEST_F(HttpFetcherTest, RefusesARedirectToAPrivateAddressByName) {
  auto got = Get(Url(RedirectTo("http://evil.example.test/")));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), core::ErrorCode::kForbidden);
  EXPECT_EQ(got.error().reason(), core::Reason::kFetchForbiddenAddress);
  EXPECT_NE(got.error().detail().find(
                "evil.example.test resolves only to addresses certkeep may not connect to "
                "(127.0.0.2)"),
            std::string::npos)
      << got.error().detail();
}

TEST_F(HttpFetcherTest, RefusesARedirectToAPrivateAddressLiteral) {
  for (const char* to : {"http://127.0.0.2/", "http://2130706434/", "http://0x7f.0.0.2/"}) {
    auto got = Get(Url(RedirectTo(to)));
    ASSERT_FALSE(got) << to;
    EXPECT_EQ(got.error().reason(), core::Reason::kFetchForbiddenAddress) << to;
  }
}

TEST_F(HttpFetcherTest, RefusesIpv6Loopback) {
  for (const char* url :
       {"http://[::1]/", "http://v6.example.test/", "http://[::ffff:127.0.0.2]/"}) {
    auto got = Get(url);
    ASSERT_FALSE(got) << url;
    EXPECT_EQ(got.error().reason(), core::Reason::kFetchForbiddenAddress) << url;
  }
}

TEST_F(HttpFetcherTest, RefusesLoopbackUnlessAllowed) {
  auto got = Get(Url(kFile), {.http_port = server_->port()});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().reason(), core::Reason::kFetchForbiddenAddress);
}

TEST_F(HttpFetcherTest, RefusesOtherPortsSchemesAndCredentials) {
  for (const auto& to :
       {std::string("http://www.example.test:1/"), std::string("ftp://www.example.test/"),
        std::string("file:///etc/passwd"),
        "http://user:secret@www.example.test:" + std::to_string(server_->port()) + kFile}) {
    auto got = Get(Url(RedirectTo(to)));
    ASSERT_FALSE(got) << to;
    EXPECT_EQ(got.error().reason(), core::Reason::kFetchFailed) << to;
  }
}

TEST_F(HttpFetcherTest, GivesUpAfterMaxRedirects) {
  auto options = Options();
  options.max_redirects = 2;
  auto got = Get(Url(Redirects(2, kFile)), options);
  ASSERT_TRUE(got) << got.error().detail();
  got = Get(Url(Redirects(3, kFile)), options);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().reason(), core::Reason::kFetchTooManyRedirects);
}

TEST_F(HttpFetcherTest, RefusesABodyPastTheLimit) {
  auto options = Options();
  options.max_body_bytes = 1000;
  auto got = Get(Url("/big?bytes=1000"), options);
  ASSERT_TRUE(got) << got.error().detail();
  EXPECT_EQ(got->body.size(), 1000U);
  got = Get(Url("/big?bytes=1001"), options);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().reason(), core::Reason::kFetchTooLarge);
}

TEST_F(HttpFetcherTest, TimesOut) {
  auto options = Options();
  options.timeout = std::chrono::milliseconds(300);
  auto got = Get(Url("/slow?seconds=5"), options);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), core::ErrorCode::kUnavailable);
  EXPECT_EQ(got.error().reason(), core::Reason::kFetchTimeout);
}

TEST_F(HttpFetcherTest, ANameWithoutAddressIsTheResolversAnswer) {
  auto got = Get("http://nothing.example.test/");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().reason(), core::Reason::kDnsNoRecord);
}

TEST_F(HttpFetcherTest, ARefusedConnectionIsUnavailable) {
  auto got = Get("http://www.example.test/", {.allowed_addresses = {"127.0.0.1"}, .http_port = 1});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), core::ErrorCode::kUnavailable);
  EXPECT_EQ(got.error().reason(), core::Reason::kFetchFailed);
}

// HTTPS, with a self-signed certificate for www.example.test made by openssl.
class HttpsFetcherTest : public HttpFetcherTest {
 protected:
  void SetUp() override {
    HttpFetcherTest::SetUp();
    if (HasFatalFailure()) return;
    for (const char* name : {"server", "other"}) {
      std::string out;
      ASSERT_EQ(testing::RunCommand("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256"
                                    " -nodes -days 1 -subj /CN=www.example.test"
                                    " -addext subjectAltName=DNS:www.example.test -keyout " +
                                        Pem(name, "key") + " -out " + Pem(name, "cert"),
                                    &out),
                0)
          << out;
    }
    tls_ = std::make_unique<testing::DcvHttpServer>(root_.path(), Pem("server", "cert"),
                                                    Pem("server", "key"));
    ASSERT_TRUE(tls_->ok());
  }
  [[nodiscard]] std::string Pem(const std::string& name, const std::string& kind) const {
    return (keys_.path() / (name + "-" + kind + ".pem")).string();
  }
  [[nodiscard]] FetchOptions TlsOptions(std::string ca_file) const {
    return {.allowed_addresses = {"127.0.0.1"},
            .https_port = tls_->port(),
            .https_ca_file = std::move(ca_file)};
  }

  testing::TempDir keys_;
  std::unique_ptr<testing::DcvHttpServer> tls_;
};

TEST_F(HttpsFetcherTest, AcceptsAnyCertificateWithoutACaFile) {
  auto got = Get("https://www.example.test" + std::string(kFile), TlsOptions(""));
  ASSERT_TRUE(got) << got.error().detail() << " " << got.error().internal();
  EXPECT_EQ(got->body, "token-content");
}

TEST_F(HttpsFetcherTest, VerifiesAgainstTheCaFileWhenGiven) {
  auto got =
      Get("https://www.example.test" + std::string(kFile), TlsOptions(Pem("server", "cert")));
  ASSERT_TRUE(got) << got.error().detail() << " " << got.error().internal();
  EXPECT_EQ(got->body, "token-content");
  got = Get("https://www.example.test" + std::string(kFile), TlsOptions(Pem("other", "cert")));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), core::ErrorCode::kUnavailable);
  EXPECT_EQ(got.error().reason(), core::Reason::kFetchFailed);
  EXPECT_EQ(got.error().detail().find(keys_.path().string()), std::string::npos)
      << "a local path reached the client: " << got.error().detail();
}

}  // namespace
}  // namespace certkeep::dcv
