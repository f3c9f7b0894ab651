#pragma once
// RAII owners for the OpenSSL objects pki/ uses, and the error-queue drain.
// Only pki/ includes this header.

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace certkeep::pki::internal {

template <auto Fn>
struct Deleter {
  template <typename T>
  void operator()(T* p) const noexcept {
    Fn(p);
  }
};

using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using X509ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, Deleter<PKCS7_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;

/// Frees a certificate stack and drops the reference it holds on each certificate.
inline void FreeX509Stack(STACK_OF(X509) * stack) {
  sk_X509_pop_free(stack, X509_free);
}
/// A certificate stack that owns one reference per certificate (push X509_up_ref'd ones).
using X509StackPtr = std::unique_ptr<STACK_OF(X509), Deleter<FreeX509Stack>>;

/// Empties OpenSSL's thread-local error queue into one line of text.
[[nodiscard]] std::string DrainErrors();

/// An internal crypto error whose internal text holds `what` and the drained queue.
[[nodiscard]] core::Error CryptoError(std::string_view what);

/// A memory BIO over `data` (read-only view; `data` must outlive the BIO).
[[nodiscard]] BioPtr ReadBio(std::string_view data);

/// The whole contents of a memory BIO.
[[nodiscard]] std::string BioContents(BIO* bio);

}  // namespace certkeep::pki::internal
