#include "pki/tls_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "pki/certificate.h"
#include "pki/internal/handles.h"

namespace certkeep::pki {

namespace {

constexpr unsigned char kAlpn[] = {10, 'a', 'c', 'm', 'e', '-', 't', 'l', 's', '/', '1'};
constexpr std::string_view kAcmeTls1 = "acme-tls/1";

core::Error Unreachable(std::string detail) {
  return core::Error(core::ErrorCode::kUnavailable, core::Reason::kFetchFailed, std::move(detail));
}

core::Error TlsFailed(std::string detail) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kAcmeTlsFailure, std::move(detail),
                     internal::DrainErrors());
}

// A socket for `ip`:`port`, connected within `timeout`, left non-blocking.
core::Result<int> Connect(const std::string& ip, int port, std::chrono::milliseconds timeout) {
  sockaddr_storage addr{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
  if (inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *v6;
  } else {
    return core::Fail(Unreachable("'" + ip + "' is not an IP address"));
  }
  int fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return core::Fail(Unreachable(std::string("socket: ") + std::strerror(errno)));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 && errno != EINPROGRESS) {
    int e = errno;
    close(fd);
    return core::Fail(Unreachable("cannot connect to " + ip + ":" + std::to_string(port) + ": " +
                                  std::strerror(e)));
  }
  pollfd p{fd, POLLOUT, 0};
  int error = 0;
  socklen_t error_len = sizeof error;
  if (poll(&p, 1, static_cast<int>(timeout.count())) != 1 ||
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_len) != 0 || error != 0) {
    close(fd);
    return core::Fail(Unreachable("cannot connect to " + ip + ":" + std::to_string(port) + ": " +
                                  (error != 0 ? std::strerror(error) : "timed out")));
  }
  return fd;
}

}  // namespace

core::Result<AlpnCertificate> ProbeAcmeTlsAlpn(const std::string& ip, int port,
                                               const std::string& server_name,
                                               std::chrono::milliseconds timeout) {
  auto fd = Connect(ip, port, timeout);
  if (!fd) return core::Fail(fd.error());
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(ctx ? SSL_new(ctx.get()) : nullptr, SSL_free);
  if (!ssl) {
    close(*fd);
    return core::Fail(internal::CryptoError("TLS client"));
  }
  // RFC 8737 §3: "The ACME server MUST ... use the "acme-tls/1" protocol ... and ... SNI";
  // TLS 1.2 at least, since the challenge certificate proves nothing over older versions.
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_set_verify(ssl.get(), SSL_VERIFY_NONE, nullptr);
  SSL_set_tlsext_host_name(ssl.get(), server_name.c_str());
  SSL_set_alpn_protos(ssl.get(), kAlpn, sizeof kAlpn);
  SSL_set_fd(ssl.get(), *fd);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int rc = 0;
  while ((rc = SSL_connect(ssl.get())) != 1) {
    int want = SSL_get_error(ssl.get(), rc);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if ((want != SSL_ERROR_WANT_READ && want != SSL_ERROR_WANT_WRITE) || left.count() <= 0) {
      close(*fd);
      return core::Fail(TlsFailed("the TLS handshake with " + ip + ":" + std::to_string(port) +
                                  " for " + server_name + " failed" +
                                  (left.count() <= 0 ? " (timed out)" : "")));
    }
    pollfd p{*fd, static_cast<short>(want == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
    poll(&p, 1, static_cast<int>(left.count()));
  }
  AlpnCertificate out;
  const unsigned char* proto = nullptr;
  unsigned int proto_len = 0;
  SSL_get0_alpn_selected(ssl.get(), &proto, &proto_len);
  out.alpn.assign(reinterpret_cast<const char*>(proto), proto_len);
  X509* peer = SSL_get1_peer_certificate(ssl.get());
  SSL_shutdown(ssl.get());
  close(*fd);
  if (peer == nullptr) return core::Fail(TlsFailed("the server sent no certificate"));
  auto leaf = Certificate::Adopt(peer);
  out.dns_names = leaf.DnsNames();
  if (auto* names = static_cast<GENERAL_NAMES*>(
          X509_get_ext_d2i(peer, NID_subject_alt_name, nullptr, nullptr))) {
    out.alt_names = sk_GENERAL_NAME_num(names);
    GENERAL_NAMES_free(names);
  }
  // id-pe-acmeIdentifier, 1.3.6.1.5.5.7.1.31 (RFC 8737 §6.1).
  std::unique_ptr<ASN1_OBJECT, decltype(&ASN1_OBJECT_free)> oid(
      OBJ_txt2obj("1.3.6.1.5.5.7.1.31", 1), ASN1_OBJECT_free);
  int at = oid ? X509_get_ext_by_OBJ(peer, oid.get(), -1) : -1;
  if (at >= 0) {
    X509_EXTENSION* ext = X509_get_ext(peer, at);
    out.acme_identifier_critical = X509_EXTENSION_get_critical(ext) == 1;
    // extnValue holds the DER of an OCTET STRING: unwrap it.
    const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(ext);
    const unsigned char* p = ASN1_STRING_get0_data(value);
    ASN1_OCTET_STRING* inner = d2i_ASN1_OCTET_STRING(nullptr, &p, ASN1_STRING_length(value));
    if (inner != nullptr) {
      out.acme_identifier.emplace(reinterpret_cast<const char*>(ASN1_STRING_get0_data(inner)),
                                  static_cast<std::size_t>(ASN1_STRING_length(inner)));
      ASN1_OCTET_STRING_free(inner);
    }
  }
  ERR_clear_error();
  return out;
}

}  // namespace certkeep::pki
