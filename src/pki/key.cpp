#include "pki/key.h"

#include <openssl/pem.h>

#include "pki/internal/handles.h"

namespace certkeep::pki {

using core::ErrorCode;
using core::Reason;
using internal::CryptoError;

void PrivateKey::Free::operator()(EVP_PKEY* p) const noexcept {
  EVP_PKEY_free(p);
}

core::Result<KeyAlgorithm> ParseKeyAlgorithm(std::string_view text) {
  if (text == "ec-p256") return KeyAlgorithm::kEcP256;
  if (text == "ec-p384") return KeyAlgorithm::kEcP384;
  if (text == "rsa-3072") return KeyAlgorithm::kRsa3072;
  if (text == "rsa-4096") return KeyAlgorithm::kRsa4096;
  return core::Fail(ErrorCode::kMalformed, Reason::kBadKey,
                    "unknown key algorithm '" + std::string(text) +
                        "' (expected ec-p256, ec-p384, rsa-3072 or rsa-4096)");
}

std::string_view ToString(KeyAlgorithm algorithm) {
  switch (algorithm) {
    case KeyAlgorithm::kEcP256:
      return "ec-p256";
    case KeyAlgorithm::kEcP384:
      return "ec-p384";
    case KeyAlgorithm::kRsa3072:
      return "rsa-3072";
    case KeyAlgorithm::kRsa4096:
      return "rsa-4096";
  }
  return "unknown";
}

core::Result<PrivateKey> PrivateKey::Generate(KeyAlgorithm algorithm) {
  EVP_PKEY* key = nullptr;
  switch (algorithm) {
    case KeyAlgorithm::kEcP256:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case KeyAlgorithm::kEcP384:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
      break;
    case KeyAlgorithm::kRsa3072:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(3072));
      break;
    case KeyAlgorithm::kRsa4096:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(4096));
      break;
  }
  if (key == nullptr) return core::Fail(CryptoError("generating a key"));
  return PrivateKey(key);
}

core::Result<PrivateKey> PrivateKey::FromPem(std::string_view pem, std::string_view passphrase) {
  auto bio = internal::ReadBio(pem);
  std::string pass(passphrase);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, pass.data());
  if (key == nullptr) {
    auto queue = internal::DrainErrors();
    bool bad_pass = queue.find("bad decrypt") != std::string::npos ||
                    queue.find("maybe wrong password") != std::string::npos;
    return core::Fail(
        ErrorCode::kMalformed, bad_pass ? Reason::kBadPassphrase : Reason::kBadKey,
        bad_pass ? "wrong passphrase for the private key" : "the private key could not be read",
        queue);
  }
  return PrivateKey(key);
}

core::Result<std::string> PrivateKey::ToEncryptedPem(std::string_view passphrase) const {
  if (passphrase.empty()) {
    return core::Fail(
        core::InternalError(Reason::kBadPassphrase, "empty passphrase for a key file"));
  }
  internal::BioPtr bio(BIO_new(BIO_s_mem()));
  std::string pass(passphrase);
  if (PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                    pass.data()) != 1) {
    return core::Fail(CryptoError("encrypting a private key"));
  }
  return internal::BioContents(bio.get());
}

core::Result<std::string> PrivateKey::ToPem() const {
  internal::BioPtr bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
      1) {
    return core::Fail(CryptoError("writing a private key"));
  }
  return internal::BioContents(bio.get());
}

core::Result<std::string> PrivateKey::PublicKeyPem() const {
  internal::BioPtr bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) {
    return core::Fail(CryptoError("writing a public key"));
  }
  return internal::BioContents(bio.get());
}

}  // namespace certkeep::pki
