#pragma once
// A parsed X.509 certificate, and the few facts about it that other modules need.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

typedef struct x509_st X509;

namespace certkeep::pki {

class PrivateKey;

/// An owned, parsed X.509 certificate.
class Certificate {
 public:
  /// Parses one PEM certificate (the first one if `pem` holds a chain).
  [[nodiscard]] static core::Result<Certificate> FromPem(std::string_view pem);
  /// Parses every PEM certificate in `pem`, in order (none if it holds none); fails on a
  /// block that is not a certificate or text outside the blocks.
  [[nodiscard]] static core::Result<std::vector<Certificate>> AllFromPem(std::string_view pem);
  /// Parses one DER certificate (the whole input must be the certificate).
  [[nodiscard]] static core::Result<Certificate> FromDer(std::string_view der);
  /// Takes ownership of `cert` (pki/ internals only).
  [[nodiscard]] static Certificate Adopt(X509* cert) { return Certificate(cert); }

  /// PEM text.
  [[nodiscard]] core::Result<std::string> ToPem() const;
  /// The subject as an RFC 2253 string, e.g. "CN=certkeep Root CA,O=certkeep".
  [[nodiscard]] std::string Subject() const;
  /// The issuer as an RFC 2253 string.
  [[nodiscard]] std::string Issuer() const;
  /// The serial number as upper-case hex without separators.
  [[nodiscard]] std::string SerialNumberHex() const;
  /// The end of validity.
  [[nodiscard]] core::TimePoint NotAfter() const;
  /// The start of validity.
  [[nodiscard]] core::TimePoint NotBefore() const;
  /// The DNS names of the subjectAltName extension.
  [[nodiscard]] std::vector<std::string> DnsNames() const;
  /// True when basicConstraints says cA.
  [[nodiscard]] bool IsCa() const;
  /// Its subject is its issuer (a root, or a trust anchor's certificate).
  [[nodiscard]] bool IsSelfIssued() const;
  /// The signature algorithm as SCM names it: "SHA256WITHECDSA", "SHA384WITHRSA", "ED25519".
  [[nodiscard]] std::string SignatureAlgorithm() const;
  /// keyUsage's bits by RFC 5280 §4.2.1.3's names ("digitalSignature", ...), in its order.
  [[nodiscard]] std::vector<std::string> KeyUsages() const;
  /// extendedKeyUsage's purposes by their short names ("serverAuth", "clientAuth"), or the
  /// dotted OID of one OpenSSL does not name.
  [[nodiscard]] std::vector<std::string> ExtendedKeyUsages() const;
  /// The SubjectPublicKeyInfo, DER.
  [[nodiscard]] core::Result<std::string> SpkiDer() const;
  /// The DER encoding.
  [[nodiscard]] core::Result<std::string> ToDer() const;
  /// The keyIdentifier of the authorityKeyIdentifier extension; empty when absent.
  [[nodiscard]] std::string AuthorityKeyId() const;
  /// The serial number's DER INTEGER content octets (two's complement, as encoded).
  [[nodiscard]] std::string SerialNumberBytes() const;

  /// True when `key` is the private half of this certificate's public key.
  [[nodiscard]] bool MatchesKey(const PrivateKey& key) const;
  /// True when `issuer`'s subject is this certificate's issuer and its key signed it.
  [[nodiscard]] bool IsSignedBy(const Certificate& issuer) const;

  /// The underlying handle, for pki/ internals only.
  [[nodiscard]] X509* get() const { return cert_.get(); }

 private:
  struct Free {
    void operator()(X509* p) const noexcept;
  };
  explicit Certificate(X509* cert) : cert_(cert, Free{}) {}
  std::shared_ptr<X509> cert_;
};

}  // namespace certkeep::pki
