#include "pki/key.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include <array>
#include <mutex>
#include <span>

#include "pki/internal/der.h"
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
    // A wrong passphrase usually fails the CBC padding check ("bad decrypt"), but about
    // one time in 256 the padding happens to look right and the garbage then fails to
    // parse: for an encrypted key, any failure is reported as the passphrase.
    bool encrypted = pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string_view::npos ||
                     pem.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
    bool bad_pass = encrypted || queue.find("bad decrypt") != std::string::npos ||
                    queue.find("maybe wrong password") != std::string::npos;
    return core::Fail(ErrorCode::kMalformed, bad_pass ? Reason::kBadPassphrase : Reason::kBadKey,
                      bad_pass ? "wrong passphrase for the private key (or the key file is damaged)"
                               : "the private key could not be read",
                      queue);
  }
  return PrivateKey(key);
}

PrivateKey PrivateKey::Adopt(EVP_PKEY* key, bool is_held_in_token) {
  return PrivateKey(key, is_held_in_token);
}

core::Result<void> PrivateKey::CheckExportable() const {
  // An engine's key has no private value in memory (libp11 gives an EC key a zero one):
  // written out, it would be a wrong key, not the token's.
  if (is_held_in_token_) {
    return core::Fail(core::InternalError(
        Reason::kPkcs11, "the key is held in a PKCS#11 token and never leaves it"));
  }
  return core::Ok();
}

core::Result<std::string> PrivateKey::ToEncryptedPem(std::string_view passphrase) const {
  if (auto r = CheckExportable(); !r) return core::Fail(r.error());
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
  if (auto r = CheckExportable(); !r) return core::Fail(r.error());
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

namespace certkeep::pki {

void PublicKey::Free::operator()(EVP_PKEY* p) const noexcept {
  EVP_PKEY_free(p);
}

struct PublicKey::Verifiers {
  std::mutex mu;
  std::array<internal::MdCtxPtr, 4> initialised;  // by Digest, and [3] for Ed25519
};

PublicKey::PublicKey(EVP_PKEY* key)
    : key_(key, Free{}), verifiers_(std::make_shared<Verifiers>()) {}

core::Result<PublicKey> PublicKey::FromSpkiDer(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size()));
  if (key == nullptr) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadKey,
                      "the public key could not be read", internal::DrainErrors());
  }
  return PublicKey(key);
}

PublicKey PublicKey::Share(EVP_PKEY* key) {
  EVP_PKEY_up_ref(key);
  return PublicKey(key);
}

namespace {

/// The SubjectPublicKeyInfo of the key types certkeep meets every request, written from the
/// key's parameters: OpenSSL 3.0's i2d_PUBKEY builds an encoder context for each call (as
/// costly as verifying an ECDSA signature). Empty for any other type or form.
std::string SpkiOfParameters(EVP_PKEY* key) {
  namespace der = internal::der;
  auto octets = [key](const char* name) {
    std::size_t size = 0;
    if (EVP_PKEY_get_octet_string_param(key, name, nullptr, 0, &size) != 1) return std::string();
    std::string out(size, '\0');
    if (EVP_PKEY_get_octet_string_param(key, name, reinterpret_cast<unsigned char*>(out.data()),
                                        out.size(), &size) != 1) {
      return std::string();
    }
    out.resize(size);
    return out;
  };
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC: {
      // RFC 5480 §2: id-ecPublicKey with the named curve, the point uncompressed.
      char group[64];
      if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                         nullptr) != 1) {
        return {};
      }
      int nid = OBJ_txt2nid(group);
      std::string point = octets(OSSL_PKEY_PARAM_PUB_KEY);
      char oid[80];
      if (nid == NID_undef || point.empty() || point[0] != '\x04' ||
          OBJ_obj2txt(oid, sizeof oid, OBJ_nid2obj(nid), 1) <= 0) {
        return {};
      }
      return der::Sequence(der::Sequence(der::Oid("1.2.840.10045.2.1") + der::Oid(oid)) +
                           der::BitString(point));
    }
    case EVP_PKEY_ED25519: {
      std::string raw = octets(OSSL_PKEY_PARAM_PUB_KEY);  // RFC 8410 §4
      if (raw.size() != 32) return {};
      return der::Sequence(der::Sequence(der::Oid("1.3.101.112")) + der::BitString(raw));
    }
    case EVP_PKEY_RSA: {
      // RFC 8017 A.1.1 inside RFC 3279 §2.3.1's rsaEncryption (parameters NULL).
      BIGNUM* n = nullptr;
      BIGNUM* e = nullptr;
      internal::BignumPtr own_n, own_e;
      if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) != 1) return {};
      own_n.reset(n);
      if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) != 1) return {};
      own_e.reset(e);
      auto magnitude = [](const BIGNUM* bn) {
        std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
        BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
        return der::UnsignedInteger(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                              bytes.size()));
      };
      return der::Sequence(der::Sequence(der::Oid("1.2.840.113549.1.1.1") +
                                         der::Tlv(der::kNull, "")) +
                           der::BitString(der::Sequence(magnitude(n) + magnitude(e))));
    }
    default:
      return {};
  }
}

}  // namespace

core::Result<std::string> PublicKey::SpkiDer() const {
  if (auto built = SpkiOfParameters(key_.get()); !built.empty()) return built;
  unsigned char* out = nullptr;
  int n = i2d_PUBKEY(key_.get(), &out);
  if (n <= 0) return core::Fail(internal::CryptoError("encoding a public key"));
  std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
  OPENSSL_free(out);
  return der;
}

std::string_view PublicKey::TypeName() const {
  switch (EVP_PKEY_get_base_id(key_.get())) {
    case EVP_PKEY_RSA:
      return "RSA";
    case EVP_PKEY_EC:
      return "EC";
    case EVP_PKEY_ED25519:
      return "ED25519";
    default:
      return "OTHER";
  }
}

int PublicKey::Bits() const {
  return EVP_PKEY_get_bits(key_.get());
}

PublicKey PrivateKey::Public() const {
  return PublicKey::Share(key_.get());
}

Digest PrivateKey::PreferredDigest() const {
  if (EVP_PKEY_get_base_id(key_.get()) == EVP_PKEY_EC && EVP_PKEY_get_bits(key_.get()) == 384) {
    return Digest::kSha384;
  }
  return Digest::kSha256;
}

core::Result<std::string> PrivateKey::SignatureAlgorithmDer() const {
  // Fixed encodings: ecdsa-with-SHA256/384 (RFC 5758 §3.2: parameters absent);
  // sha256WithRSAEncryption (RFC 4055 §5: parameters NULL); id-Ed25519 (RFC 8410 §3:
  // parameters absent).
  static const std::string kEcdsaSha256("\x30\x0a\x06\x08\x2a\x86\x48\xce\x3d\x04\x03\x02", 12);
  static const std::string kEcdsaSha384("\x30\x0a\x06\x08\x2a\x86\x48\xce\x3d\x04\x03\x03", 12);
  static const std::string kRsaSha256(
      "\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b\x05\x00", 15);
  static const std::string kEd25519("\x30\x05\x06\x03\x2b\x65\x70", 7);
  switch (EVP_PKEY_get_base_id(key_.get())) {
    case EVP_PKEY_EC:
      return PreferredDigest() == Digest::kSha384 ? kEcdsaSha384 : kEcdsaSha256;
    case EVP_PKEY_RSA:
      return kRsaSha256;
    case EVP_PKEY_ED25519:
      return kEd25519;
    default:
      return core::Fail(
          core::InternalError(core::Reason::kBadKey, "no signature algorithm for this key type"));
  }
}

core::Result<std::string> PrivateKey::Sign(std::string_view data) const {
  internal::MdCtxPtr ctx(EVP_MD_CTX_new());
  bool is_ed = EVP_PKEY_get_base_id(key_.get()) == EVP_PKEY_ED25519;
  const EVP_MD* md = is_ed                                  ? nullptr
                     : PreferredDigest() == Digest::kSha384 ? EVP_sha384()
                                                            : EVP_sha256();
  if (EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key_.get()) != 1) {
    return core::Fail(internal::CryptoError("starting a signature"));
  }
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, in, data.size()) != 1) {
    return core::Fail(internal::CryptoError("sizing a signature"));
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in,
                     data.size()) != 1) {
    return core::Fail(internal::CryptoError("signing"));
  }
  sig.resize(len);
  return sig;
}

bool PublicKey::Verify(std::string_view data, std::string_view signature, Digest digest) const {
  bool is_ed = EVP_PKEY_get_base_id(key_.get()) == EVP_PKEY_ED25519;
  const EVP_MD* md = is_ed                       ? nullptr
                     : digest == Digest::kSha384 ? EVP_sha384()
                     : digest == Digest::kSha512 ? EVP_sha512()
                                                 : EVP_sha256();
  internal::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return false;
  {
    std::lock_guard lock(verifiers_->mu);
    auto& initialised = verifiers_->initialised[is_ed ? 3 : static_cast<std::size_t>(digest)];
    if (!initialised) {
      internal::MdCtxPtr fresh(EVP_MD_CTX_new());
      if (!fresh || EVP_DigestVerifyInit(fresh.get(), nullptr, md, nullptr, key_.get()) != 1) {
        ERR_clear_error();
        return false;
      }
      initialised = std::move(fresh);
    }
    if (EVP_MD_CTX_copy_ex(ctx.get(), initialised.get()) != 1) {
      ERR_clear_error();
      return false;
    }
  }
  int ok = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                            data.size());
  ERR_clear_error();
  return ok == 1;
}

}  // namespace certkeep::pki
