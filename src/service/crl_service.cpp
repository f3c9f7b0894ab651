#include "service/crl_service.h"

#include "pki/crl.h"

namespace certkeep::service {

namespace {

// Hex text to magnitude bytes (the store keeps serials as normalized hex).
std::string SerialBytes(const std::string& hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(nibble(hex[i]) << 4 | nibble(hex[i + 1]));
  }
  return out;
}

}  // namespace

core::Result<store::PublishedCrl> CrlService::Regenerate(const core::CertificateAuthority& ca) {
  auto issuer = pki::Certificate::FromPem(ca.certificate_pem);
  if (!issuer) return core::Fail(issuer.error());
  auto key = keys_.Get(ca);
  if (!key) return core::Fail(key.error());
  auto number =
      store_.Transact([&](store::Transaction& tx) { return tx.crls().NextNumber(ca.id); });
  if (!number) return core::Fail(number.error());
  auto now = clock_.Now();
  pki::CrlWriter writer(*issuer, **key, *number, now, now + validity_);
  auto previous =
      store_.Read([&](store::Transaction& tx) { return tx.crls().Latest(ca.id, false); });
  if (previous && *previous) writer.Reserve(static_cast<std::size_t>((*previous)->entries) + 1024);
  std::int64_t entries = 0;
  std::string serial;
  // Expired certificates drop out (RFC 5280 §3.3: a CRL lists unexpired certificates).
  auto streamed = store_.Read([&](store::Transaction& tx) {
    return tx.certificates().ForEachRevoked(ca.id, now, [&](const store::RevokedSerial& r) {
      serial = SerialBytes(r.serial);
      writer.Add({.serial = serial, .revoked_at = r.revoked_at, .reason = r.reason});
      ++entries;
    });
  });
  if (!streamed) return core::Fail(streamed.error());
  auto der = writer.Finish();
  if (!der) return core::Fail(der.error());
  store::PublishedCrl crl{ca.id, *number, now, now + validity_, entries, std::move(*der)};
  auto published = store_.Transact([&](store::Transaction& tx) { return tx.crls().Publish(crl); });
  if (!published) return core::Fail(published.error());
  auto der_shared = std::make_shared<const std::string>(std::move(crl.der));
  {
    std::lock_guard lock(mu_);
    cache_[ca.id.value] = {crl.crl_number, der_shared};
  }
  crl.der = *der_shared;  // one copy for the caller; the cache keeps the original
  return crl;
}

core::Result<std::shared_ptr<const std::string>> CrlService::Current(const std::string& ca_name) {
  auto state =
      store_.Read([&](store::Transaction& tx)
                      -> core::Result<std::pair<core::CertificateAuthority, std::int64_t>> {
        auto ca = tx.cas().FindByName(ca_name);
        if (!ca) return core::Fail(ca.error());
        if (ca->role != core::CaRole::kIssuing) {
          return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                            "no issuing CA '" + ca_name + "'");
        }
        auto number = tx.crls().LatestNumber(ca->id);
        if (!number) return core::Fail(number.error());
        return std::make_pair(std::move(*ca), *number);
      });
  if (!state) return core::Fail(state.error());
  auto& [ca, number] = *state;
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(ca.id.value);
        it != cache_.end() && it->second.number == number && number > 0) {
      return it->second.der;
    }
  }
  if (number == 0) {
    auto built = Regenerate(ca);
    if (!built) return core::Fail(built.error());
    return std::make_shared<const std::string>(std::move(built->der));
  }
  auto latest = store_.Read([&](store::Transaction& tx) { return tx.crls().Latest(ca.id); });
  if (!latest) return core::Fail(latest.error());
  auto der = std::make_shared<const std::string>(std::move((*latest)->der));
  std::lock_guard lock(mu_);
  cache_[ca.id.value] = {(*latest)->crl_number, der};
  return der;
}

core::Result<int> CrlService::RefreshDue() {
  auto cas = store_.Read([](store::Transaction& tx) { return tx.cas().List(); });
  if (!cas) return core::Fail(cas.error());
  int built = 0;
  auto now = clock_.Now();
  for (const auto& ca : *cas) {
    if (ca.role != core::CaRole::kIssuing) continue;
    auto due = store_.Read([&](store::Transaction& tx) -> core::Result<bool> {
      auto latest = tx.crls().Latest(ca.id, /*with_der=*/false);
      if (!latest) return core::Fail(latest.error());
      if (!*latest) return true;
      auto half_life =
          (*latest)->this_update + ((*latest)->next_update - (*latest)->this_update) / 2;
      if (now >= half_life) return true;
      auto revoked = tx.certificates().LastRevokedAt(ca.id);
      if (!revoked) return core::Fail(revoked.error());
      return *revoked >= (*latest)->this_update;
    });
    if (!due) return core::Fail(due.error());
    if (!*due) continue;
    auto crl = Regenerate(ca);
    if (!crl) return core::Fail(crl.error());
    ++built;
  }
  return built;
}

}  // namespace certkeep::service
