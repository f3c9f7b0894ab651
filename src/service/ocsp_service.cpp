#include "service/ocsp_service.h"

#include "core/random.h"

namespace certkeep::service {

namespace {

constexpr auto kSignerValidityDays = 7;
constexpr auto kSignerRenewBefore = std::chrono::hours(24 * 4);
constexpr auto kResponseValidity = std::chrono::hours(24 * 3);  // BRs §4.9.10: 8 h .. 10 days
// Revocations made by other processes (another node, the operator CLI) show within this.
constexpr auto kCacheAge = std::chrono::seconds(60);
constexpr std::size_t kMaxCached = 200'000;

}  // namespace

core::Result<void> OcspService::LoadCas() {
  auto now = clock_.Now();
  if (!responders_.empty() && now - cas_loaded_at_ < std::chrono::minutes(1)) return core::Ok();
  auto cas = store_.Read([](store::Transaction& tx) { return tx.cas().List(); });
  if (!cas) return core::Fail(cas.error());
  for (const auto& ca : *cas) {
    if (ca.role != core::CaRole::kIssuing) continue;
    bool known = false;
    for (const auto& r : responders_) known |= r.ca.id == ca.id;
    if (known) continue;
    auto cert = pki::Certificate::FromPem(ca.certificate_pem);
    if (!cert) return core::Fail(cert.error());
    auto hashes = pki::ComputeIssuerHashes(*cert);
    if (!hashes) return core::Fail(hashes.error());
    responders_.push_back({ca, std::move(*hashes), nullptr, nullptr, {}});
  }
  cas_loaded_at_ = now;
  return core::Ok();
}

core::Result<OcspService::Responder*> OcspService::ResponderFor(const pki::OcspCertId& id) {
  if (auto r = LoadCas(); !r) return core::Fail(r.error());
  for (auto& r : responders_) {
    if (!pki::IsIssuedBy(id, r.hashes)) continue;
    if (!r.key || r.not_after - kSignerRenewBefore < clock_.Now()) {
      // A fresh delegated signer: its key lives only in this process's memory.
      auto key = pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256);
      if (!key) return core::Fail(key.error());
      auto issuing = pki::Certificate::FromPem(r.ca.certificate_pem);
      std::string cn = r.ca.name + " OCSP Responder";
      auto record = issuer_.IssueOwnKey("ocsp-signing", r.ca, *key, cn, kSignerValidityDays);
      if (!record) return core::Fail(record.error());
      auto cert = pki::Certificate::FromPem(record->pem);
      if (!cert) return core::Fail(cert.error());
      r.key = std::make_shared<const pki::PrivateKey>(std::move(*key));
      r.cert = std::make_shared<const pki::Certificate>(std::move(*cert));
      r.not_after = record->not_after;
      cache_.clear();  // responses name their signer; start over with the new one
    }
    return &r;
  }
  return core::Fail(core::ErrorCode::kNotFound, core::Reason::kOcspUnknownIssuer, "unknown issuer");
}

core::Result<pki::OcspSingleResponse> OcspService::StatusOf(const Responder& r,
                                                            const pki::OcspCertId& id) {
  auto now = clock_.Now();
  pki::OcspSingleResponse single{.cert_id_der = id.der,
                                 .status = pki::OcspCertStatus::kUnknown,
                                 .this_update = now,
                                 .next_update = now + kResponseValidity};
  std::vector<std::uint8_t> bytes(id.serial.begin(), id.serial.end());
  std::string serial = core::NormalizeSerialHex(core::Hex(bytes));
  auto record =
      store_.Read([&](store::Transaction& tx) { return tx.certificates().FindBySerial(serial); });
  if (!record) {
    if (record.error().code() == core::ErrorCode::kNotFound) return single;
    return core::Fail(record.error());
  }
  if (record->issuer_id != r.ca.id) return single;
  // RFC 6960 §2.2: "good" only for certificates this CA issued; a serial only reserved
  // (never signed) stays "unknown".
  if (record->status == core::CertificateStatus::kIssued)
    single.status = pki::OcspCertStatus::kGood;
  if (record->status == core::CertificateStatus::kRevoked) {
    single.status = pki::OcspCertStatus::kRevoked;
    single.revoked_at = record->revoked_at.value_or(now);
    single.reason = record->revocation_reason.value_or(0);
  }
  return single;
}

std::string OcspService::Respond(std::string_view request_der) {
  auto request = pki::ParseOcspRequest(request_der);
  if (!request || request->ids.empty())
    return pki::OcspErrorResponse(pki::OcspErrorStatus::kMalformedRequest);
  std::lock_guard lock(mu_);
  auto now = clock_.Now();
  if (request->ids.size() == 1) {
    if (auto it = cache_.find(request->ids[0].der);
        it != cache_.end() && now - it->second.produced_at < kCacheAge) {
      return it->second.der;
    }
  }
  std::vector<pki::OcspSingleResponse> singles;
  Responder* responder = nullptr;
  for (const auto& id : request->ids) {
    auto r = ResponderFor(id);
    if (!r) {
      // RFC 6960 §2.3: "unauthorized" when the responder cannot answer for that CA.
      return pki::OcspErrorResponse(r.error().reason() == core::Reason::kOcspUnknownIssuer
                                        ? pki::OcspErrorStatus::kUnauthorized
                                        : pki::OcspErrorStatus::kTryLater);
    }
    if (responder != nullptr && responder != *r) {
      return pki::OcspErrorResponse(pki::OcspErrorStatus::kMalformedRequest);  // one CA per request
    }
    responder = *r;
    auto single = StatusOf(*responder, id);
    if (!single) return pki::OcspErrorResponse(pki::OcspErrorStatus::kTryLater);
    singles.push_back(std::move(*single));
  }
  auto der = pki::BuildOcspResponse(*responder->cert, *responder->key, singles, now, std::nullopt);
  if (!der) return pki::OcspErrorResponse(pki::OcspErrorStatus::kInternalError);
  if (singles.size() == 1) {
    if (cache_.size() >= kMaxCached) cache_.clear();
    std::vector<std::uint8_t> bytes(request->ids[0].serial.begin(), request->ids[0].serial.end());
    cache_[request->ids[0].der] = {*der, core::NormalizeSerialHex(core::Hex(bytes)), now};
  }
  return *der;
}

std::string OcspService::RespondToGet(std::string_view path_tail) {
  auto der = pki::DecodeOcspGetPath(path_tail);
  if (!der) return pki::OcspErrorResponse(pki::OcspErrorStatus::kMalformedRequest);
  return Respond(*der);
}

void OcspService::Invalidate(const std::string& serial) {
  std::lock_guard lock(mu_);
  for (auto it = cache_.begin(); it != cache_.end();) {
    it = it->second.serial == serial ? cache_.erase(it) : std::next(it);
  }
}

}  // namespace certkeep::service
