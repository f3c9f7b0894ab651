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

/// The digest a signature is made over.
enum class Digest { kSha256, kSha384, kSha512 };

/// An owned public key (from a CSR or a certificate).
class PublicKey {
 public:
  /// Parses a DER SubjectPublicKeyInfo.
  [[nodiscard]] static core::Result<PublicKey> FromSpkiDer(std::string_view der);
  /// Takes a reference to `key` (pki/ internals only).
  [[nodiscard]] static PublicKey Share(EVP_PKEY* key);

  /// The DER SubjectPublicKeyInfo.
  [[nodiscard]] core::Result<std::string> SpkiDer() const;
  /// "RSA", "EC" or "ED25519".
  [[nodiscard]] std::string_view TypeName() const;
  /// Key size in bits (modulus bits for RSA, curve bits for EC).
  [[nodiscard]] int Bits() const;
  /// True when `signature` (as PrivateKey::Sign makes it: DER ECDSA, PKCS#1 v1.5 RSA,
  /// raw Ed25519) over `data` verifies with `digest` (ignored for Ed25519).
  [[nodiscard]] bool Verify(std::string_view data, std::string_view signature,
                            Digest digest = Digest::kSha256) const;
  /// The underlying handle, for pki/ internals only.
  [[nodiscard]] EVP_PKEY* get() const { return key_.get(); }

 private:
  struct Free {
    void operator()(EVP_PKEY* p) const noexcept;
  };
  /// Verification contexts initialised once per digest and copied for each use: OpenSSL
  /// 3.0's EVP_DigestVerifyInit looks its algorithms up again on every call, which costs
  /// the ACME server more than half an ECDSA verification per request. Shared by copies.
  struct Verifiers;
  explicit PublicKey(EVP_PKEY* key);
  std::shared_ptr<EVP_PKEY> key_;
  std::shared_ptr<Verifiers> verifiers_;
};

/// An owned private key.
class PrivateKey {
 public:
  /// Generates a fresh key.
  [[nodiscard]] static core::Result<PrivateKey> Generate(KeyAlgorithm algorithm);
  /// Reads a PEM key; `passphrase` is used when the PEM is encrypted.
  [[nodiscard]] static core::Result<PrivateKey> FromPem(std::string_view pem,
                                                        std::string_view passphrase = {});
  /// Takes ownership of `key` (pki/ internals only). A key a token holds
  /// (Pkcs11KeyStore) is never written out: ToPem and ToEncryptedPem fail.
  [[nodiscard]] static PrivateKey Adopt(EVP_PKEY* key, bool is_held_in_token = false);

  /// PKCS#8 PEM encrypted with `passphrase` (must not be empty); fails for a token key.
  [[nodiscard]] core::Result<std::string> ToEncryptedPem(std::string_view passphrase) const;
  /// Unencrypted PKCS#8 PEM, for a TLS server key kept in a 0600 file; fails for a token key.
  [[nodiscard]] core::Result<std::string> ToPem() const;
  /// The SubjectPublicKeyInfo as PEM.
  [[nodiscard]] core::Result<std::string> PublicKeyPem() const;
  /// The public half.
  [[nodiscard]] PublicKey Public() const;
  /// The digest this key signs certificates, CRLs and OCSP responses with: SHA-384 for
  /// P-384 (RFC 5480 §4), SHA-256 otherwise; none for Ed25519 (pure EdDSA).
  [[nodiscard]] Digest PreferredDigest() const;
  /// The DER AlgorithmIdentifier of signatures made by Sign() (RFC 5758, RFC 4055, RFC 8410).
  [[nodiscard]] core::Result<std::string> SignatureAlgorithmDer() const;
  /// Signs `data` (a to-be-signed DER structure) and returns the raw signature bytes as
  /// they go in a BIT STRING (DER ECDSA-Sig-Value for EC, PKCS#1 v1.5 for RSA).
  /// Works the same for file keys and PKCS#11 keys: the key never leaves its store.
  [[nodiscard]] core::Result<std::string> Sign(std::string_view data) const;

  /// The underlying handle, for pki/ internals only.
  [[nodiscard]] EVP_PKEY* get() const { return key_.get(); }

 private:
  struct Free {
    void operator()(EVP_PKEY* p) const noexcept;
  };
  explicit PrivateKey(EVP_PKEY* key, bool is_held_in_token = false)
      : key_(key), is_held_in_token_(is_held_in_token) {}
  [[nodiscard]] core::Result<void> CheckExportable() const;
  std::unique_ptr<EVP_PKEY, Free> key_;
  bool is_held_in_token_;
};

}  // namespace certkeep::pki
