#include "http/internal/tls_setup.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include <cctype>

#include "core/certificate.h"
#include "pki/certificate.h"

namespace certkeep::http::internal {

namespace {

// Mozilla "intermediate" TLS 1.2 suites (all AEAD with forward secrecy); TLS 1.3 uses
// OpenSSL's defaults, which are all acceptable.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// ALPN: we speak HTTP/1.1 only; a client offering h2 alone proceeds without ALPN.
int SelectAlpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
               unsigned int inlen, void*) {
  static constexpr unsigned char kHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outlen, kHttp11, sizeof kHttp11, in, inlen) ==
      OPENSSL_NPN_NEGOTIATED) {
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

}  // namespace

core::Result<void> ConfigureTls(SSL_CTX* ctx, const std::string& chain_file,
                                const std::string& key_file, const std::string& client_ca_file) {
  SSL_CTX_set_options(ctx, SSL_OP_ALL | SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 |
                               SSL_OP_NO_TLSv1_1 | SSL_OP_SINGLE_DH_USE | SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_cipher_list(ctx, kTls12Ciphers);
  SSL_CTX_set_alpn_select_cb(ctx, SelectAlpn, nullptr);
  if (SSL_CTX_use_certificate_chain_file(ctx, chain_file.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    unsigned long e = ERR_peek_last_error();
    char why[256] = "unreadable";
    if (e != 0) ERR_error_string_n(e, why, sizeof why);
    ERR_clear_error();
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kBadCertificate,
                      "the TLS certificate or key cannot be loaded", chain_file + ": " + why);
  }
  if (client_ca_file.empty()) return core::Ok();
  // Ask for a client certificate (SCM's /private/api login), never require one.
  const char* file = client_ca_file.c_str();
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(file);
  if (names == nullptr || SSL_CTX_load_verify_locations(ctx, file, nullptr) != 1) {
    if (names != nullptr) sk_X509_NAME_pop_free(names, X509_NAME_free);
    ERR_clear_error();
    return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kBadCertificate,
                      "the client CA certificates cannot be loaded", client_ca_file);
  }
  SSL_CTX_set_client_CA_list(ctx, names);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  static const unsigned char kSessionContext[] = "certkeep";
  SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof kSessionContext - 1);
  return core::Ok();
}

core::Result<HostPort> SplitHostPort(const std::string& text) {
  HostPort e;
  std::size_t colon;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadConfig,
                        "bad listen address '" + text + "'");
    }
    e.host = text.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = text.rfind(':');
    if (colon == std::string::npos) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadConfig,
                        "bad listen address '" + text + "' (want host:port)");
    }
    e.host = text.substr(0, colon);
  }
  e.port = text.substr(colon + 1);
  return e;
}

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

ClientCertificate VerifiedClientCertificate(SSL* ssl) {
  X509* peer = SSL_get0_peer_certificate(ssl);
  if (peer == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return {};
  // Read through pki/, which owns how a certificate's fields are spelled.
  unsigned char* der = nullptr;
  int n = i2d_X509(peer, &der);
  if (n <= 0) return {};
  auto cert = pki::Certificate::FromDer(
      std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n)));
  OPENSSL_free(der);
  if (!cert) return {};
  return {.serial = core::NormalizeSerialHex(cert->SerialNumberHex()), .issuer = cert->Issuer()};
}

}  // namespace certkeep::http::internal
