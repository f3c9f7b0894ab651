#pragma once
// Private keys held in memory. Keys in files are encrypted PKCS#8 (AES-256-CBC with a
// PBKDF2-derived key, OpenSSL's default for PEM_write_bio_PKCS8PrivateKey).

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace certkeep::pki {

/// The key types certkeep generates for its own CAs and server certificate.
enum class KeyAlgorithm { kEcP256, kEcP384, kRsa3072, kRsa4096 };

/// Parses the configuration spelling: "ec-p256", "ec-p384", "rsa-3072", "rsa-4096".
[[nodiscard]] core::Result<KeyAlgorithm> ParseKeyAlgorithm(std::string_view text);
/// The configuration spelling of `algorithm`.
[[nodiscard]] std::string_view ToString(KeyAlgorithm algorithm);

/// An owned private key.
class PrivateKey {
 public:
  /// Generates a fresh key.
  [[nodiscard]] static core::Result<PrivateKey> Generate(KeyAlgorithm algorithm);
  /// Reads a PEM key; `passphrase` is used when the PEM is encrypted.
  [[nodiscard]] static core::Result<PrivateKey> FromPem(std::string_view pem,
                                                        std::string_view passphrase = {});

  /// PKCS#8 PEM encrypted with `passphrase` (must not be empty).
  [[nodiscard]] core::Result<std::string> ToEncryptedPem(std::string_view passphrase) const;
  /// Unencrypted PKCS#8 PEM, for a TLS server key kept in a 0600 file.
  [[nodiscard]] core::Result<std::string> ToPem() const;
  /// The SubjectPublicKeyInfo as PEM.
  [[nodiscard]] core::Result<std::string> PublicKeyPem() const;

  /// The underlying handle, for pki/ internals only.
  [[nodiscard]] EVP_PKEY* get() const { return key_.get(); }

 private:
  struct Free {
    void operator()(EVP_PKEY* p) const noexcept;
  };
  explicit PrivateKey(EVP_PKEY* key) : key_(key) {}
  std::unique_ptr<EVP_PKEY, Free> key_;
};

}  // namespace certkeep::pki
