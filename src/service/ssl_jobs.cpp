// The SSL certificates' scheduled work and what a request waits for: the queue job,
// auto-renewal, and each name's validation.

#include <nlohmann/json.hpp>

#include "service/ssl_certificates.h"
#include "service/ssl_internal.h"

namespace certkeep::service {

namespace {

using authz::Action;
using core::SslEvent;
using core::SslStatus;
using namespace ssl_internal;

}  // namespace

core::Result<std::vector<SslCertificates::NameDcv>> SslCertificates::DcvOf(
    const AuthenticatedAdmin& caller, core::SslId id) {
  auto now = clock_.Now();
  return store_.Read([&](store::Transaction& tx) -> core::Result<std::vector<NameDcv>> {
    auto loaded = Load(tx, caller, id, Action::kViewSsl);
    if (!loaded) return core::Fail(loaded.error());
    std::vector<NameDcv> out;
    for (const auto& name : loaded->cert.names) {
      // Kept alive for the NameValidation's pointer until it is copied below.
      auto validations = tx.dcv().ValidationsFor(loaded->cert.customer_id, name);
      if (!validations) return core::Fail(validations.error());
      NameDcv n{.name = name};
      auto v = core::ValidationOf(*validations, name, now);
      n.validation.state = v.state;
      if (v.state != core::ValidationState::kValidated) {
        // The order may be for the name or for a parent that would cover it.
        std::string_view base = name.starts_with("*.") ? std::string_view(name).substr(2) : name;
        for (std::string_view rest = base; !rest.empty();) {
          auto order = tx.dcv().FindOrder(loaded->cert.customer_id, std::string(rest));
          if (order) {
            n.order = *order;
            break;
          }
          auto dot = rest.find('.');
          if (dot == std::string_view::npos) break;
          rest.remove_prefix(dot + 1);
        }
      }
      out.push_back(std::move(n));
    }
    return out;
  });
}

core::Result<int> SslCertificates::RenewDue(int limit) {
  auto due = store_.Read(
      [&](store::Transaction& tx) { return tx.ssl().DueForRenewal(clock_.Now(), limit); });
  if (!due) return core::Fail(due.error());
  int renewed = 0;
  for (const auto& cert : *due) {
    if (!cert.requester_id) continue;
    auto admin =
        store_.Read([&](store::Transaction& tx) { return tx.admins().Get(*cert.requester_id); });
    if (!admin || admin->suspended) continue;  // nobody to renew it for: it expires, noticed
    // Acting for the requester, not through the Web API.
    AuthenticatedAdmin caller{.principal = authz::Principal::Of(*admin, "auto-renew"),
                              .session_token_hash = "auto-renew"};
    auto r = Renew(caller, cert.id, "", /*automatic=*/true);
    if (r) {
      ++renewed;
      continue;
    }
    if (r.error().code() == core::ErrorCode::kUnavailable ||
        r.error().code() == core::ErrorCode::kInternal) {
      return core::Fail(r.error());
    }
    // Refused (the requester may no longer renew, a name is no longer delegated...):
    // auto-renewal stops, saying why, instead of being refused again every few seconds.
    auto stopped = store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
      auto c = tx.ssl().Get(cert.id);
      if (!c) return core::Fail(c.error());
      c->auto_renew = false;
      c->message = "auto-renewal stopped: " + r.error().detail();
      if (auto u = tx.ssl().Update(*c); !u) return u;
      return Audited(tx, clock_, "system", "", "ssl.auto-renew-stopped", *c,
                     {{"why", r.error().detail()}});
    });
    if (!stopped) return core::Fail(stopped.error());
  }
  return renewed;
}

core::Result<int> SslCertificates::ProcessQueue(int limit) {
  int changed = 0;
  auto now = clock_.Now();
  // Approved and waiting for validation: to the CA once every name is validated.
  auto waiting = store_.Read(
      [&](store::Transaction& tx) { return tx.ssl().WithStatus(SslStatus::kApproved, limit); });
  if (!waiting) return core::Fail(waiting.error());
  for (const auto& w : *waiting) {
    auto applied = store_.Transact([&](store::Transaction& tx) -> core::Result<bool> {
      auto cert = tx.ssl().Get(w.id);
      if (!cert) return core::Fail(cert.error());
      if (cert->status != SslStatus::kApproved) return false;
      auto gate = gate_.CheckRegistry(tx, cert->customer_id, cert->org_id, core::CertType::kSsl,
                                      cert->names);
      if (!gate) return false;
      if (auto r = Move(*cert, SslEvent::kApply); !r) return core::Fail(r.error());
      if (auto r = tx.ssl().Update(*cert); !r) return core::Fail(r.error());
      return true;
    });
    if (!applied) return core::Fail(applied.error());
    if (*applied) {
      if (auto r = Sign(w.id); !r) return core::Fail(r.error());
      ++changed;
    }
  }
  // Applied for more than a minute: the signing that should have followed did not.
  auto stuck = store_.Read(
      [&](store::Transaction& tx) { return tx.ssl().WithStatus(SslStatus::kApplied, limit); });
  if (!stuck) return core::Fail(stuck.error());
  for (const auto& s : *stuck) {
    if (now - s.approved_at.value_or(s.requested_at) < std::chrono::minutes(1)) continue;
    if (auto r = Sign(s.id); !r) return core::Fail(r.error());
    ++changed;
  }
  // Issued and past the end: Expired.
  auto expired =
      store_.Read([&](store::Transaction& tx) { return tx.ssl().ExpiredAt(now, limit); });
  if (!expired) return core::Fail(expired.error());
  for (const auto& e : *expired) {
    auto r = store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
      auto cert = tx.ssl().Get(e.id);
      if (!cert) return core::Fail(cert.error());
      if (cert->status != SslStatus::kIssued) return core::Ok();
      if (auto m = Move(*cert, SslEvent::kExpire); !m) return m;
      if (auto u = tx.ssl().Update(*cert); !u) return u;
      return Audited(tx, clock_, "system", "", "ssl.expire", *cert);
    });
    if (!r) return core::Fail(r.error());
    ++changed;
  }
  return changed;
}

}  // namespace certkeep::service
