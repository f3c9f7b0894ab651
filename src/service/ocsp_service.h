#pragma once
// The OCSP responder (RFC 6960): answers from memory. Each issuing CA gets a delegated
// responder certificate (id-kp-OCSPSigning with id-pkix-ocsp-nocheck, 7 days, key only in
// memory, rotated when 4 days remain); responses are signed once per certificate and
// served from a cache until they are a minute old or the certificate is revoked here.
// Nonces are not echoed (RFC 8954 §2.1 allows it), which is what lets responses be
// pre-signed.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "pki/certificate.h"
#include "pki/key.h"
#include "pki/ocsp.h"
#include "service/issuer.h"
#include "store/store.h"

namespace certkeep::service {

class OcspService {
 public:
  OcspService(store::Store& store, const core::Clock& clock, Issuer& issuer)
      : store_(store), clock_(clock), issuer_(issuer) {}

  /// The DER OCSPResponse for a DER OCSPRequest; failures become OCSP error responses.
  [[nodiscard]] std::string Respond(std::string_view request_der);
  /// The same for the GET form: the base64 request, URL-encoded, as the path tail.
  [[nodiscard]] std::string RespondToGet(std::string_view path_tail);
  /// Forgets the cached response of `serial` (after a revocation).
  void Invalidate(const std::string& serial);

 private:
  struct Responder {
    core::CertificateAuthority ca;
    pki::IssuerHashes hashes;
    std::shared_ptr<const pki::PrivateKey> key;
    std::shared_ptr<const pki::Certificate> cert;
    core::TimePoint not_after;
  };
  struct Cached {
    std::string der;
    std::string serial;
    core::TimePoint produced_at;
  };
  [[nodiscard]] core::Result<void> LoadCas();
  [[nodiscard]] core::Result<Responder*> ResponderFor(const pki::OcspCertId& id);
  [[nodiscard]] core::Result<pki::OcspSingleResponse> StatusOf(const Responder& r,
                                                               const pki::OcspCertId& id);

  store::Store& store_;
  const core::Clock& clock_;
  Issuer& issuer_;
  std::mutex mu_;
  std::vector<Responder> responders_;
  core::TimePoint cas_loaded_at_{};
  std::unordered_map<std::string, Cached> cache_;  // by CertID DER
};

}  // namespace certkeep::service
