#include "http/internal/tls_setup.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace certkeep::http::internal {
namespace {

TEST(SplitHostPort, TakesHostAndPortOfIpv4NamesAndBracketedIpv6) {
  auto v4 = SplitHostPort("127.0.0.1:8443");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, "8443");
  auto name = SplitHostPort("localhost:0");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->host, "localhost");
  EXPECT_EQ(name->port, "0");
  auto v6 = SplitHostPort("[::1]:443");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "443");
}

TEST(SplitHostPort, RefusesAnAddressWithoutPortOrWithABrokenBracket) {
  for (const char* bad : {"localhost", "[::1]", "[::1]443", "[::1:443"}) {
    auto r = SplitHostPort(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().reason(), core::Reason::kBadConfig) << bad;
  }
}

TEST(IsValidRequestId, KeepsShortTokensOnly) {
  EXPECT_TRUE(IsValidRequestId("abc-123_x.y"));
  EXPECT_TRUE(IsValidRequestId(std::string(64, 'a')));
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsValidRequestId("a b"));
  EXPECT_FALSE(IsValidRequestId("a\r\nSet-Cookie: x"));
}

class ConfigureTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("certkeep-tls-setup-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, X509_get_subject_name(cert));
    X509_set_pubkey(cert, key);
    X509_sign(cert, key, EVP_sha256());
    FILE* f = std::fopen(chain().c_str(), "w");
    PEM_write_X509(f, cert);
    std::fclose(f);
    f = std::fopen(key_file().c_str(), "w");
    PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    X509_free(cert);
    EVP_PKEY_free(key);
    ctx_.reset(SSL_CTX_new(TLS_server_method()));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string chain() const { return (dir_ / "chain.pem").string(); }
  std::string key_file() const { return (dir_ / "key.pem").string(); }

  std::filesystem::path dir_;
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx_{nullptr, SSL_CTX_free};
};

TEST_F(ConfigureTlsTest, LoadsTheChainAndKeyAndRefusesTlsBelow12) {
  ASSERT_TRUE(ConfigureTls(ctx_.get(), chain(), key_file(), ""));
  EXPECT_EQ(SSL_CTX_get_min_proto_version(ctx_.get()), TLS1_2_VERSION);
  EXPECT_NE(SSL_CTX_get0_certificate(ctx_.get()), nullptr);
  EXPECT_EQ(SSL_CTX_get_verify_mode(ctx_.get()), SSL_VERIFY_NONE);  // no client CA: none asked
}

TEST_F(ConfigureTlsTest, AsksForAClientCertificateOnlyWithAClientCa) {
  ASSERT_TRUE(ConfigureTls(ctx_.get(), chain(), key_file(), chain()));
  EXPECT_EQ(SSL_CTX_get_verify_mode(ctx_.get()), SSL_VERIFY_PEER);  // asked, not required
  EXPECT_EQ(sk_X509_NAME_num(SSL_CTX_get_client_CA_list(ctx_.get())), 1);
}

TEST_F(ConfigureTlsTest, AMissingFileIsAnErrorNamingIt) {
  auto r = ConfigureTls(ctx_.get(), (dir_ / "absent.pem").string(), key_file(), "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().reason(), core::Reason::kBadCertificate);
  EXPECT_NE(r.error().internal().find("absent.pem"), std::string::npos);
  auto ca = ConfigureTls(ctx_.get(), chain(), key_file(), (dir_ / "no-ca.pem").string());
  ASSERT_FALSE(ca);
  EXPECT_NE(ca.error().internal().find("no-ca.pem"), std::string::npos);
}

}  // namespace
}  // namespace certkeep::http::internal
