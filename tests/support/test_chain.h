#pragma once
// A root and an issuing CA for pki/ tests, written to PEM files that the openssl command
// line can check our output against.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>

#include "pki/hierarchy.h"
#include "pki/random.h"
#include "support/temp_dir.h"

namespace certkeep::testing {

/// A two-level hierarchy and its PEM files in `dir`.
struct TestChain {
  pki::PrivateKey root_key;
  pki::Certificate root;
  pki::PrivateKey issuing_key;
  pki::Certificate issuing;
  std::string root_pem;         ///< path of the root certificate
  std::string issuing_pem;      ///< path of the issuing CA certificate
  std::string issuing_key_pem;  ///< path of the issuing CA's unencrypted key
  std::string chain_pem;        ///< path of root and issuing CA together
};

/// Makes a root and an issuing CA valid from `now`, keys of `algorithm`.
inline TestChain MakeTestChain(const TempDir& dir, pki::KeyAlgorithm algorithm,
                               core::TimePoint now) {
  using std::chrono::days;
  pki::OpenSslRandom random;
  auto root_key = pki::PrivateKey::Generate(algorithm);
  auto root = pki::MakeRootCertificate(*root_key, {"Test Root", "certkeep tests", "FI"},
                                       {now - days(1), days(3650)}, random);
  auto issuing_key = pki::PrivateKey::Generate(algorithm);
  auto issuing = pki::MakeIssuingCaCertificate(*root, *root_key, *issuing_key,
                                               {"Test Issuing", "certkeep tests", "FI"},
                                               {now - days(1), days(1825)}, random);
  EXPECT_TRUE(root && issuing);
  auto root_pem = *root->ToPem();
  auto issuing_pem = *issuing->ToPem();
  TestChain chain{std::move(*root_key),
                  std::move(*root),
                  std::move(*issuing_key),
                  std::move(*issuing),
                  {},
                  {},
                  {},
                  {}};
  chain.root_pem = dir.Write("root.pem", root_pem).string();
  chain.issuing_pem = dir.Write("issuing.pem", issuing_pem).string();
  chain.issuing_key_pem = dir.Write("issuing.key", *chain.issuing_key.ToPem()).string();
  chain.chain_pem = dir.Write("chain.pem", root_pem + issuing_pem).string();
  return chain;
}

/// Bytes from hex text ("0a0b0c").
inline std::string FromHex(std::string_view hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
  }
  return out;
}

/// Upper-case hex of `bytes`, optionally with a separator ("0A:0B").
inline std::string ToHex(std::string_view bytes, std::string_view separator = {}) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out += separator;
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

/// How many times `needle` occurs in `haystack`.
inline std::size_t CountOf(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

}  // namespace certkeep::testing
