#pragma once
// The OCSP responder (RFC 6960): answers from memory. Each issuing CA gets a delegated
// responder certificate (id-kp-OCSPSigning with id-pkix-ocsp-nocheck, 7 days, key only in
// memory, rotated when 4 days remain); responses are signed once per certificate and
// served from a cache until they are a minute old or the certificate is revoked here.
// Nonces are not echoed (RFC 8954 §2.1 allows it), which is what lets responses be
// pre-signed: the ocsp.presign job (Presign) signs one per certificate ahead of requests
// and stores it, so that every node serves it; a revocation deletes it in its own
// transaction, and a request it does not answer is signed live.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
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
  /// The job: signs and stores the response of up to `limit` certificates whose stored
  /// one is missing or a day old (RFC 5019 §2.1.1: for SHA-1 CertIDs); returns how many.
  [[nodiscard]] core::Result<int> Presign(int limit = 10000);

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
  /// Gives `r` a signer (a fresh delegated one when it has none or it nears its end).
  [[nodiscard]] core::Result<void> EnsureSigner(Responder& r);
  /// The status of `record` as a SingleResponse for `cert_id_der`.
  [[nodiscard]] pki::OcspSingleResponse SingleOf(const core::CertificateRecord& record,
                                                 std::string cert_id_der) const;

  /// What the store knows of a CertID's serial: its record, and the stored response that
  /// answers exactly it, if one does and may be served. One read.
  struct Known {
    std::optional<core::CertificateRecord> record;
    std::optional<std::string> stored;
  };
  [[nodiscard]] core::Result<Known> Lookup(const pki::OcspCertId& id);
  /// The SingleResponse `r` gives for `id` whose serial's record is `record` ("unknown" for
  /// none, or for another CA's).
  [[nodiscard]] pki::OcspSingleResponse StatusOf(
      const Responder& r, const pki::OcspCertId& id,
      const std::optional<core::CertificateRecord>& record) const;
  /// Caches `der` as the answer to `id`.
  void Remember(const pki::OcspCertId& id, const std::string& der, core::TimePoint now);

  store::Store& store_;
  const core::Clock& clock_;
  Issuer& issuer_;
  std::mutex mu_;
  std::vector<Responder> responders_;
  core::TimePoint cas_loaded_at_{};
  std::unordered_map<std::string, Cached> cache_;  // by CertID DER
};

}  // namespace certkeep::service
