#include "pki/jose.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <memory>

#include "pki/digest.h"
#include "pki/internal/der.h"
#include "pki/internal/handles.h"

namespace certkeep::pki {

using core::ErrorCode;
using core::Reason;

namespace {

core::Error BadKey(std::string detail) {
  return core::Error(ErrorCode::kMalformed, Reason::kAcmeBadPublicKey, std::move(detail));
}

struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* p) const noexcept { OSSL_PARAM_BLD_free(p); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
};

/// Builds a public EVP_PKEY of `type` ("EC", "RSA", "ED25519") from `params`.
core::Result<PublicKey> FromParams(const char* type, OSSL_PARAM* params) {
  internal::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    ERR_clear_error();
    return core::Fail(BadKey(std::string("the JWK is not a usable ") + type + " public key"));
  }
  internal::PkeyPtr key(raw);
  // fromdata takes the numbers as given: check the point is on the curve, the modulus sane.
  internal::PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    ERR_clear_error();
    return core::Fail(BadKey(std::string("the JWK is not a valid ") + type + " public key"));
  }
  return PublicKey::Share(key.get());
}

std::span<const std::uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

/// R‖S (each `half` bytes) as the DER ECDSA-Sig-Value OpenSSL verifies.
std::string EcdsaDer(std::string_view raw, std::size_t half) {
  return internal::der::Sequence(internal::der::UnsignedInteger(Bytes(raw.substr(0, half))) +
                                 internal::der::UnsignedInteger(Bytes(raw.substr(half))));
}

}  // namespace

core::Result<JwsAlgorithm> ParseJwsAlgorithm(std::string_view alg) {
  if (alg == "ES256") return JwsAlgorithm::kEs256;
  if (alg == "ES384") return JwsAlgorithm::kEs384;
  if (alg == "RS256") return JwsAlgorithm::kRs256;
  if (alg == "EdDSA") return JwsAlgorithm::kEdDsa;
  return core::Fail(ErrorCode::kMalformed, Reason::kAcmeBadSignatureAlgorithm,
                    "JWS algorithm '" + std::string(alg) +
                        "' is not accepted (ES256, ES384, RS256 or EdDSA)");
}

std::string_view ToString(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::kEs256:
      return "ES256";
    case JwsAlgorithm::kEs384:
      return "ES384";
    case JwsAlgorithm::kRs256:
      return "RS256";
    case JwsAlgorithm::kEdDsa:
      return "EdDSA";
  }
  return "unknown";
}

core::Result<PublicKey> EcPublicKeyFromJwk(std::string_view crv, std::string_view x,
                                           std::string_view y) {
  std::size_t size = crv == "P-256" ? 32 : crv == "P-384" ? 48 : 0;
  if (size == 0) {
    return core::Fail(BadKey("EC curve '" + std::string(crv) + "' is not accepted (P-256 or P-384)"));
  }
  if (x.size() != size || y.size() != size) {
    return core::Fail(BadKey("EC JWK coordinates must be " + std::to_string(size) + " bytes each"));
  }
  std::string point = "\x04" + std::string(x) + std::string(y);
  const char* group = size == 32 ? SN_X9_62_prime256v1 : SN_secp384r1;
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return core::Fail(internal::CryptoError("EC JWK parameters"));
  }
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return core::Fail(internal::CryptoError("EC JWK parameters"));
  return FromParams("EC", params.get());
}

core::Result<PublicKey> RsaPublicKeyFromJwk(std::string_view n, std::string_view e) {
  auto to_bn = [](std::string_view b) {
    return internal::BignumPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(b.data()),
                                         static_cast<int>(b.size()), nullptr));
  };
  if (n.size() > 2048 || e.size() > 2048) return core::Fail(BadKey("the RSA JWK is too large"));
  internal::BignumPtr bn_n = to_bn(n), bn_e = to_bn(e);
  if (!bn_n || !bn_e) return core::Fail(internal::CryptoError("RSA JWK numbers"));
  int bits = BN_num_bits(bn_n.get());
  if (bits < 2048 || bits > 8192) {
    return core::Fail(BadKey("RSA keys must have 2048 to 8192 bits, not " + std::to_string(bits)));
  }
  if (!BN_is_odd(bn_e.get()) || BN_is_one(bn_e.get()) || BN_num_bits(bn_e.get()) > 64) {
    return core::Fail(BadKey("the RSA public exponent must be odd, above 1 and at most 64 bits"));
  }
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return core::Fail(internal::CryptoError("RSA JWK parameters"));
  }
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return core::Fail(internal::CryptoError("RSA JWK parameters"));
  return FromParams("RSA", params.get());
}

core::Result<PublicKey> OkpPublicKeyFromJwk(std::string_view crv, std::string_view x) {
  if (crv != "Ed25519") {
    return core::Fail(BadKey("OKP curve '" + std::string(crv) + "' is not accepted (Ed25519)"));
  }
  if (x.size() != 32) return core::Fail(BadKey("an Ed25519 JWK's x must be 32 bytes"));
  internal::PkeyPtr key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x.data()), x.size()));
  if (!key) {
    ERR_clear_error();
    return core::Fail(BadKey("the JWK is not a valid Ed25519 public key"));
  }
  return PublicKey::Share(key.get());
}

bool VerifyJwsSignature(const PublicKey& key, JwsAlgorithm alg, std::string_view signing_input,
                        std::string_view signature) {
  int type = EVP_PKEY_get_base_id(key.get());
  switch (alg) {
    case JwsAlgorithm::kEs256:
    case JwsAlgorithm::kEs384: {
      std::size_t half = alg == JwsAlgorithm::kEs256 ? 32 : 48;
      if (type != EVP_PKEY_EC || key.Bits() != static_cast<int>(half * 8) ||
          signature.size() != 2 * half) {
        return false;
      }
      return key.Verify(signing_input, EcdsaDer(signature, half),
                        alg == JwsAlgorithm::kEs256 ? Digest::kSha256 : Digest::kSha384);
    }
    case JwsAlgorithm::kRs256:
      return type == EVP_PKEY_RSA && key.Verify(signing_input, signature, Digest::kSha256);
    case JwsAlgorithm::kEdDsa:
      return type == EVP_PKEY_ED25519 && key.Verify(signing_input, signature);
  }
  return false;
}

core::Result<MacAlgorithm> ParseMacAlgorithm(std::string_view alg) {
  if (alg == "HS256") return MacAlgorithm::kHs256;
  if (alg == "HS384") return MacAlgorithm::kHs384;
  if (alg == "HS512") return MacAlgorithm::kHs512;
  return core::Fail(ErrorCode::kMalformed, Reason::kAcmeBadSignatureAlgorithm,
                    "external account binding algorithm '" + std::string(alg) +
                        "' is not accepted (HS256, HS384 or HS512)");
}

core::Result<std::vector<std::uint8_t>> Hmac(MacAlgorithm alg, std::span<const std::uint8_t> key,
                                             std::string_view data) {
  return Hmac(alg == MacAlgorithm::kHs256   ? Digest::kSha256
              : alg == MacAlgorithm::kHs384 ? Digest::kSha384
                                            : Digest::kSha512,
              key, data);
}

}  // namespace certkeep::pki
