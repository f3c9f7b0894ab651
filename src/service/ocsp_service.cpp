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
// A stored response is signed again once a day old, two days before its nextUpdate.
constexpr auto kPresignRefresh = std::chrono::hours(24);

// The serial a CertID asks about, as certkeep stores it.
std::string SerialOf(const pki::OcspCertId& id) {
  std::vector<std::uint8_t> bytes(id.serial.begin(), id.serial.end());
  return core::NormalizeSerialHex(core::Hex(bytes));
}

// The magnitude bytes of a serial stored as lower-case hex (an odd length has a leading
// nibble), as a CertID carries them.
std::string MagnitudeOf(const std::string& hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out;
  std::size_t i = 0;
  if (hex.size() % 2 == 1) out.push_back(static_cast<char>(nibble(hex[i++])));
  for (; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  return out;
}

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

core::Result<void> OcspService::EnsureSigner(Responder& r) {
  if (r.key && r.not_after - kSignerRenewBefore >= clock_.Now()) return core::Ok();
  // A fresh delegated signer: its key lives only in this process's memory.
  auto key = pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256);
  if (!key) return core::Fail(key.error());
  std::string cn = r.ca.name + " OCSP Responder";
  auto record = issuer_.IssueOwnKey("ocsp-signing", r.ca, *key, cn, kSignerValidityDays);
  if (!record) return core::Fail(record.error());
  auto cert = pki::Certificate::FromPem(record->pem);
  if (!cert) return core::Fail(cert.error());
  r.key = std::make_shared<const pki::PrivateKey>(std::move(*key));
  r.cert = std::make_shared<const pki::Certificate>(std::move(*cert));
  r.not_after = record->not_after;
  cache_.clear();  // responses name their signer; start over with the new one
  return core::Ok();
}

core::Result<OcspService::Responder*> OcspService::ResponderFor(const pki::OcspCertId& id) {
  if (auto r = LoadCas(); !r) return core::Fail(r.error());
  for (auto& r : responders_) {
    if (!pki::IsIssuedBy(id, r.hashes)) continue;
    if (auto s = EnsureSigner(r); !s) return core::Fail(s.error());
    return &r;
  }
  return core::Fail(core::ErrorCode::kNotFound, core::Reason::kOcspUnknownIssuer, "unknown issuer");
}

pki::OcspSingleResponse OcspService::SingleOf(const core::CertificateRecord& record,
                                              std::string cert_id_der) const {
  auto now = clock_.Now();
  pki::OcspSingleResponse single{.cert_id_der = std::move(cert_id_der),
                                 .status = pki::OcspCertStatus::kUnknown,
                                 .this_update = now,
                                 .next_update = now + kResponseValidity};
  // RFC 6960 §2.2: "good" only for certificates this CA issued; a serial only reserved
  // (never signed) stays "unknown".
  if (record.status == core::CertificateStatus::kIssued) single.status = pki::OcspCertStatus::kGood;
  if (record.status == core::CertificateStatus::kRevoked) {
    single.status = pki::OcspCertStatus::kRevoked;
    single.revoked_at = record.revoked_at.value_or(now);
    single.reason = record.revocation_reason.value_or(0);
  }
  return single;
}

pki::OcspSingleResponse OcspService::StatusOf(const Responder& r, const pki::OcspCertId& id,
                                              const std::optional<core::CertificateRecord>& record) const {
  if (!record || record->issuer_id != r.ca.id) {
    auto now = clock_.Now();
    return {.cert_id_der = id.der,
            .status = pki::OcspCertStatus::kUnknown,
            .this_update = now,
            .next_update = now + kResponseValidity};
  }
  return SingleOf(*record, id.der);
}

core::Result<OcspService::Known> OcspService::Lookup(const pki::OcspCertId& id) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<Known> {
    Known known;
    auto record = tx.certificates().FindBySerial(SerialOf(id));
    if (!record) {
      if (record.error().code() == core::ErrorCode::kNotFound) return known;
      return core::Fail(record.error());
    }
    auto stored = tx.ocsp_responses().Get(record->id);
    if (!stored) return core::Fail(stored.error());
    // Served only for exactly this CertID, while the certificate's status is the one it was
    // signed for (a response signed before a revocation never is), and while more than a day
    // of it is left (the job refreshes it well before).
    if (*stored && (*stored)->status == record->status && (*stored)->cert_id_der == id.der &&
        (*stored)->next_update - clock_.Now() >= std::chrono::hours(24)) {
      known.stored = std::move((*stored)->der);
    }
    known.record = std::move(*record);
    return known;
  });
}

void OcspService::Remember(const pki::OcspCertId& id, const std::string& der, core::TimePoint now) {
  if (cache_.size() >= kMaxCached) cache_.clear();
  cache_[id.der] = {der, SerialOf(id), now};
}

core::Result<int> OcspService::Presign(int limit) {
  std::vector<Responder> signers;
  {
    std::lock_guard lock(mu_);
    if (auto r = LoadCas(); !r) return core::Fail(r.error());
    for (auto& r : responders_) {
      if (auto s = EnsureSigner(r); !s) return core::Fail(s.error());
    }
    signers = responders_;  // keys and certificates are shared, never changed in place
  }
  auto now = clock_.Now();
  int signed_count = 0;
  for (const auto& r : signers) {
    auto due = store_.Read([&](store::Transaction& tx) {
      return tx.ocsp_responses().Due(r.ca.id, now, now - kPresignRefresh, limit - signed_count);
    });
    if (!due) return core::Fail(due.error());
    std::vector<store::StoredOcspResponse> made;
    for (auto id : *due) {
      auto record = store_.Read([&](store::Transaction& tx) { return tx.certificates().Get(id); });
      if (!record) return core::Fail(record.error());
      auto cert_id = pki::MakeOcspCertIdDer(r.hashes, MagnitudeOf(record->serial),
                                            pki::OcspHashAlgorithm::kSha1);
      auto single = SingleOf(*record, cert_id);
      auto der = pki::BuildOcspResponse(*r.cert, *r.key, {single}, now, std::nullopt);
      if (!der) return core::Fail(der.error());
      made.push_back({id, cert_id, std::move(*der), record->status, now, single.next_update});
    }
    // The responder serves a stored response only while the certificate's status is the
    // one it was signed for, so a revocation meanwhile never brings back a "good".
    auto stored = store_.Transact([&](store::Transaction& tx) -> core::Result<int> {
      for (const auto& m : made) {
        if (auto p = tx.ocsp_responses().Put(m); !p) return core::Fail(p.error());
      }
      return static_cast<int>(made.size());
    });
    if (!stored) return core::Fail(stored.error());
    signed_count += *stored;
    if (signed_count >= limit) break;
  }
  return signed_count;
}

std::string OcspService::Respond(std::string_view request_der) {
  auto request = pki::ParseOcspRequest(request_der);
  if (!request || request->ids.empty())
    return pki::OcspErrorResponse(pki::OcspErrorStatus::kMalformedRequest);
  std::lock_guard lock(mu_);
  auto now = clock_.Now();
  const bool single = request->ids.size() == 1;
  if (single) {
    if (auto it = cache_.find(request->ids[0].der);
        it != cache_.end() && now - it->second.produced_at < kCacheAge) {
      return it->second.der;
    }
  }
  std::vector<pki::OcspSingleResponse> singles;
  Responder* responder = nullptr;
  for (const auto& id : request->ids) {
    auto known = Lookup(id);
    if (!known) return pki::OcspErrorResponse(pki::OcspErrorStatus::kTryLater);
    // Signed ahead by the ocsp.presign job (on any node) for exactly this CertID.
    if (single && known->stored) {
      Remember(id, *known->stored, now);
      return *known->stored;
    }
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
    singles.push_back(StatusOf(*responder, id, known->record));
  }
  auto der = pki::BuildOcspResponse(*responder->cert, *responder->key, singles, now, std::nullopt);
  if (!der) return pki::OcspErrorResponse(pki::OcspErrorStatus::kInternalError);
  if (single) Remember(request->ids[0], *der, now);
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
