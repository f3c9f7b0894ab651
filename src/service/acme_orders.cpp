#include "service/acme_orders.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "pki/csr.h"
#include "pki/encoding.h"
#include "service/issuer.h"

namespace certkeep::service {

namespace {

constexpr std::string_view kDefaultProfile = "ssl-dv";

core::Error NotFound(std::string_view what) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kAcmeNotFound,
                     "no such " + std::string(what));
}

bool IsAcmeProfile(const core::CertificateProfile& p) {
  return p.kind == core::ProfileKind::kTlsServer && p.is_active;
}

// True when `name` is `domain` or below it.
bool IsAtOrBelow(std::string_view name, std::string_view domain) {
  if (name == domain) return true;
  return name.size() > domain.size() && name.ends_with(domain) &&
         name[name.size() - domain.size() - 1] == '.';
}

std::string ErrorJson(const core::Error& e) {
  return nlohmann::json{{"code", static_cast<int>(e.code())},
                        {"reason", static_cast<int>(e.reason())},
                        {"detail", e.detail()}}
      .dump();
}

}  // namespace

std::optional<core::Error> OrderError(const core::AcmeOrder& order) {
  auto j = nlohmann::json::parse(order.error, nullptr, false);
  if (!j.is_object() || !j.contains("code") || !j["code"].is_number_integer() ||
      !j.contains("reason") || !j["reason"].is_number_integer() || !j.contains("detail") ||
      !j["detail"].is_string()) {
    return std::nullopt;
  }
  return core::Error(static_cast<core::ErrorCode>(j["code"].get<int>()),
                     static_cast<core::Reason>(j["reason"].get<int>()),
                     j["detail"].get<std::string>());
}

core::Result<std::vector<std::pair<std::string, std::string>>> AcmeOrders::Profiles() {
  auto all = store_.Read([](store::Transaction& tx) { return tx.profiles().List(); });
  if (!all) return core::Fail(all.error());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : *all) {
    if (IsAcmeProfile(p)) out.emplace_back(p.name, p.description);
  }
  return out;
}

core::Result<OrderView> AcmeOrders::Create(const core::AcmeAccount& account,
                                           const NewOrderRequest& request) {
  // RFC 8555 §7.1.3: notBefore/notAfter are optional for servers; certkeep's validity is
  // the profile's term, and saying so beats silently issuing something else.
  if (request.has_validity) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "notBefore and notAfter are not supported: the validity is the "
                      "profile's");
  }
  if (request.identifiers.empty() || request.identifiers.size() > 100) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "an order names 1 to 100 identifiers");
  }
  auto now = clock_.Now();
  return store_.Transact([&](store::Transaction& tx) -> core::Result<OrderView> {
    auto profile = tx.profiles().FindByName(request.profile.empty() ? std::string(kDefaultProfile)
                                                                    : request.profile);
    if (!profile || !IsAcmeProfile(*profile)) {
      if (!profile && profile.error().code() != core::ErrorCode::kNotFound) {
        return core::Fail(profile.error());
      }
      return core::Fail(
          core::ErrorCode::kMalformed, core::Reason::kAcmeInvalidProfile,
          "no such profile: '" + request.profile + "' (the directory's meta.profiles lists them)");
    }
    std::vector<std::string> domains;
    if (account.external_account_id) {
      auto external = tx.external_accounts().Get(*account.external_account_id);
      if (!external) return core::Fail(external.error());
      domains = external->domains;
    }
    auto policy = CsrPolicyOf(*profile);
    core::AcmeOrder order{.account_id = account.id,
                          .status = core::AcmeStatus::kPending,
                          .profile_id = profile->id,
                          .expires = now + options_.order_lifetime,
                          .created_at = now};
    std::vector<core::AcmeAuthorization> authorizations;
    for (const auto& value : request.identifiers) {
      auto name = pki::CheckDnsName(value, policy);
      if (!name) {
        return core::Fail(core::ErrorCode::kRejectedIdentifier,
                          core::Reason::kAcmeIdentifierNotAllowed,
                          "'" + value + "': " + name.error().detail());
      }
      if (std::find(order.identifiers.begin(), order.identifiers.end(), *name) !=
          order.identifiers.end()) {
        continue;  // named twice: one authorization serves both
      }
      bool wildcard = name->starts_with("*.");
      std::string base = wildcard ? name->substr(2) : *name;
      if (!domains.empty() &&
          std::none_of(domains.begin(), domains.end(),
                       [&](const std::string& d) { return IsAtOrBelow(base, d); })) {
        return core::Fail(core::ErrorCode::kRejectedIdentifier,
                          core::Reason::kAcmeIdentifierNotAllowed,
                          "'" + *name + "' is not among this ACME account's domains");
      }
      // The issuance gate decides: delegated to the account's organization or department,
      // with the privilege the name needs, and validated.
      auto gate = gate_.CheckRegistry(tx, account.customer_id, account.org_id, core::CertType::kSsl,
                                      {*name});
      if (!gate) {
        if (gate.error().reason() == core::Reason::kDcvIncomplete) {
          return core::Fail(core::ErrorCode::kRejectedIdentifier,
                            core::Reason::kAcmeIdentifierNotAllowed,
                            "'" + *name +
                                "' is not validated for this account's scope: an "
                                "administrator validates it in certkeep first (domain control "
                                "validation)");
        }
        if (gate.error().code() == core::ErrorCode::kUnavailable ||
            gate.error().code() == core::ErrorCode::kInternal) {
          return core::Fail(gate.error());
        }
        return core::Fail(
            core::ErrorCode::kRejectedIdentifier, core::Reason::kAcmeIdentifierNotAllowed,
            "'" + *name + "' is outside this account's scope: " + gate.error().detail());
      }
      order.identifiers.push_back(*name);
      // Validated for the scope already: valid at once, no challenge (as SCM does).
      authorizations.push_back({.account_id = account.id,
                                .identifier = base,
                                .wildcard = wildcard,
                                .status = core::AcmeStatus::kValid,
                                .expires = now + options_.authorization_lifetime});
    }
    std::vector<core::AcmeStatus> states;
    for (const auto& a : authorizations) states.push_back(a.status);
    order.status = core::OrderStatusFrom(order.status, states);
    auto id = tx.acme().InsertOrder(order);
    if (!id) return core::Fail(id.error());
    order.id = *id;
    OrderView view{order, {}, profile->name};
    for (auto& a : authorizations) {
      a.order_id = order.id;
      auto aid = tx.acme().InsertAuthorization(a);
      if (!aid) return core::Fail(aid.error());
      view.authorizations.push_back(*aid);
    }
    return view;
  });
}

core::Result<OrderView> AcmeOrders::Refreshed(store::Transaction& tx, core::AcmeOrder order) {
  auto authorizations = tx.acme().AuthorizationsOf(order.id);
  if (!authorizations) return core::Fail(authorizations.error());
  auto now = clock_.Now();
  auto profile = tx.profiles().Get(order.profile_id);
  if (!profile) return core::Fail(profile.error());
  OrderView view{order, {}, profile->name};
  std::vector<core::AcmeStatus> states;
  for (const auto& a : *authorizations) {
    view.authorizations.push_back(a.id);
    states.push_back(core::AuthorizationStatusAt(a, now));
  }
  view.order.status = core::OrderStatusAt(view.order, now);
  view.order.status = core::OrderStatusFrom(view.order.status, states);
  return view;
}

core::Result<OrderView> AcmeOrders::Get(const core::AcmeAccount& account, core::AcmeOrderId id) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<OrderView> {
    auto order = tx.acme().GetOrder(id);
    if (!order || order->account_id != account.id) {
      if (!order && order.error().code() != core::ErrorCode::kNotFound) {
        return core::Fail(order.error());
      }
      return core::Fail(NotFound("order"));
    }
    return Refreshed(tx, *order);
  });
}

core::Result<std::vector<core::AcmeOrderId>> AcmeOrders::List(const core::AcmeAccount& account,
                                                              core::AcmeOrderId after, int limit) {
  auto orders = store_.Read(
      [&](store::Transaction& tx) { return tx.acme().OrdersOf(account.id, after, limit); });
  if (!orders) return core::Fail(orders.error());
  std::vector<core::AcmeOrderId> out;
  for (const auto& o : *orders) out.push_back(o.id);
  return out;
}

core::Result<core::AcmeAuthorization> AcmeOrders::OwnedAuthorization(
    store::Transaction& tx, const core::AcmeAccount& account, core::AcmeAuthorizationId id) {
  auto authz = tx.acme().GetAuthorization(id);
  if (!authz || authz->account_id != account.id) {
    if (!authz && authz.error().code() != core::ErrorCode::kNotFound) {
      return core::Fail(authz.error());
    }
    return core::Fail(NotFound("authorization"));
  }
  authz->status = core::AuthorizationStatusAt(*authz, clock_.Now());
  return authz;
}

core::Result<AuthorizationView> AcmeOrders::Authorization(const core::AcmeAccount& account,
                                                          core::AcmeAuthorizationId id) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<AuthorizationView> {
    auto authz = OwnedAuthorization(tx, account, id);
    if (!authz) return core::Fail(authz.error());
    auto challenges = tx.acme().ChallengesOf(id);
    if (!challenges) return core::Fail(challenges.error());
    return AuthorizationView{*authz, *challenges};
  });
}

core::Result<AuthorizationView> AcmeOrders::Deactivate(const core::AcmeAccount& account,
                                                       core::AcmeAuthorizationId id) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<AuthorizationView> {
    auto authz = OwnedAuthorization(tx, account, id);
    if (!authz) return core::Fail(authz.error());
    // RFC 8555 §7.5.2: "only ... pending or valid" authorizations can be deactivated.
    if (authz->status != core::AcmeStatus::kPending && authz->status != core::AcmeStatus::kValid) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                        "the authorization is " + std::string(core::ToString(authz->status)) +
                            ": only a pending or valid one can be deactivated");
    }
    authz->status = core::AcmeStatus::kDeactivated;
    if (auto r = tx.acme().UpdateAuthorization(*authz); !r) return core::Fail(r.error());
    auto challenges = tx.acme().ChallengesOf(id);
    if (!challenges) return core::Fail(challenges.error());
    return AuthorizationView{*authz, *challenges};
  });
}

core::Result<OrderView> AcmeOrders::Finalize(const core::AcmeAccount& account, core::AcmeOrderId id,
                                             const std::string& csr_der,
                                             const std::string& account_spki_der,
                                             const std::string& source) {
  // Ready → processing in one transaction, so two finalize calls never issue twice.
  auto claimed = store_.Transact([&](store::Transaction& tx) -> core::Result<core::AcmeOrder> {
    auto order = tx.acme().GetOrder(id);
    if (!order || order->account_id != account.id) {
      if (!order && order.error().code() != core::ErrorCode::kNotFound) {
        return core::Fail(order.error());
      }
      return core::Fail(NotFound("order"));
    }
    auto view = Refreshed(tx, *order);
    if (!view) return core::Fail(view.error());
    if (view->order.status != core::AcmeStatus::kReady) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kAcmeOrderNotReady,
                        "the order is " + std::string(core::ToString(view->order.status)) +
                            ", not ready: it can be finalized once, when every authorization "
                            "is valid");
    }
    view->order.status = core::AcmeStatus::kProcessing;
    if (auto r = tx.acme().UpdateOrder(view->order); !r) return core::Fail(r.error());
    return view->order;
  });
  if (!claimed) return core::Fail(claimed.error());
  auto order = *claimed;
  std::vector<std::string> contacts;
  for (const auto& c : account.contacts) {
    if (c.starts_with("mailto:")) contacts.push_back(c.substr(7));
  }
  auto issued = ssl_.IssueForAcme(
      {.customer_id = account.customer_id,
       .org_id = account.org_id,
       .profile_id = order.profile_id,
       .csr = pki::PemEncode("CERTIFICATE REQUEST", csr_der),
       .names = order.identifiers,
       .account_spki_der = account_spki_der,
       .requester = "acme:" + account.directory + "/account/" + std::to_string(account.id.value),
       .source = source,
       .contacts = contacts});
  // A CSR the client can mend leaves the order ready for another try; a CA that refused
  // leaves it invalid, with the reason.
  bool mendable = !issued && issued.error().code() == core::ErrorCode::kBadCsr;
  if (!issued && !mendable) {
    auto r = store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
      order.status = core::AcmeStatus::kInvalid;
      order.error = ErrorJson(issued.error());
      return tx.acme().UpdateOrder(order);
    });
    if (!r) return core::Fail(r.error());
    return core::Fail(issued.error());
  }
  auto done = store_.Transact([&](store::Transaction& tx) -> core::Result<OrderView> {
    if (mendable) {
      order.status = core::AcmeStatus::kReady;
    } else {
      order.status = core::AcmeStatus::kValid;
      order.certificate_id = issued->id;
    }
    if (auto r = tx.acme().UpdateOrder(order); !r) return core::Fail(r.error());
    return Refreshed(tx, order);
  });
  if (!done) return core::Fail(done.error());
  if (mendable) return core::Fail(issued.error());
  return done;
}

core::Result<std::string> AcmeOrders::Certificate(const core::AcmeAccount& account,
                                                  core::SslId id) {
  auto order =
      store_.Read([&](store::Transaction& tx) { return tx.acme().OrderOfCertificate(id); });
  if (!order) return core::Fail(order.error());
  if (!*order || (*order)->account_id != account.id) return core::Fail(NotFound("certificate"));
  return ssl_.PemChain(id);
}

}  // namespace certkeep::service
