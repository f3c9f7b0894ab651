#include "service/acme_orders.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/base64.h"
#include "pki/certificate.h"
#include "pki/csr.h"
#include "pki/digest.h"
#include "pki/encoding.h"
#include "service/audit_log.h"
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

core::Error NotReady(const core::AcmeOrder& order) {
  return core::Error(core::ErrorCode::kForbidden, core::Reason::kAcmeOrderNotReady,
                     "the order is " + std::string(core::ToString(order.status)) +
                         ", not ready: it can be finalized once, when every authorization is "
                         "valid");
}

std::string ErrorJson(const core::Error& e) {
  return nlohmann::json{{"code", static_cast<int>(e.code())},
                        {"reason", static_cast<int>(e.reason())},
                        {"detail", e.detail()}}
      .dump();
}

}  // namespace

std::optional<core::Error> StoredError(const std::string& stored) {
  auto j = nlohmann::json::parse(stored, nullptr, false);
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
  // What the order is, decided in a read (the registry lookups come from its cache, and the
  // store's one writer is not held while they run); the write only stores it. Finalize asks
  // the issuance gate again, so a delegation withdrawn in between stops the issuance.
  struct Decision {
    core::AcmeOrder order;
    std::vector<core::AcmeAuthorization> authorizations;
    std::vector<std::vector<core::AcmeChallenge>> challenges;  // per authorization
    std::string profile;
  };
  auto decided = store_.Read([&](store::Transaction& tx) -> core::Result<Decision> {
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
    std::vector<std::vector<core::AcmeChallenge>> challenges;  // per authorization
    // Every identifier is looked at, and each refused one is told apart (RFC 8555 §6.7.1).
    std::vector<core::Subproblem> refused;
    auto refuse = [&](const std::string& value, std::string detail) {
      for (const auto& r : refused) {
        if (r.identifier == value) return;  // named twice
      }
      refused.push_back({value, core::Error(core::ErrorCode::kRejectedIdentifier,
                                            core::Reason::kAcmeIdentifierNotAllowed,
                                            std::move(detail))});
    };
    for (const auto& value : request.identifiers) {
      auto name = pki::CheckDnsName(value, policy);
      if (!name) {
        refuse(value, "'" + value + "': " + name.error().detail());
        continue;
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
        refuse(*name, "'" + *name + "' is not among this ACME account's domains");
        continue;
      }
      // The issuance gate decides: delegated to the account's organization or department,
      // with the privilege the name needs, and validated.
      auto gate = gate_.CheckRegistry(tx, account.customer_id, account.org_id, core::CertType::kSsl,
                                      {*name});
      bool challenged = !gate && gate.error().reason() == core::Reason::kDcvIncomplete &&
                        options_.challenges && check_ != nullptr;
      if (!gate && !challenged) {
        if (gate.error().code() == core::ErrorCode::kUnavailable ||
            gate.error().code() == core::ErrorCode::kInternal) {
          return core::Fail(gate.error());
        }
        if (gate.error().reason() == core::Reason::kDcvIncomplete) {
          refuse(*name, "'" + *name +
                            "' is not validated for this account's scope: an administrator "
                            "validates it in certkeep first (domain control validation)");
        } else {
          refuse(*name,
                 "'" + *name + "' is outside this account's scope: " + gate.error().detail());
        }
        continue;
      }
      order.identifiers.push_back(*name);
      // Validated for the scope already: valid at once, no challenge (as SCM does).
      // Otherwise the client proves it: dns-01 always, http-01 and tls-alpn-01 but for a wildcard
      // (RFC 8555 §7.1.3: a wildcard is proved for its base by DNS only, as the BR say).
      authorizations.push_back(
          {.account_id = account.id,
           .identifier = base,
           .wildcard = wildcard,
           .status = challenged ? core::AcmeStatus::kPending : core::AcmeStatus::kValid,
           .expires = now + options_.authorization_lifetime});
      std::vector<core::AcmeChallenge> offered;
      if (challenged) {
        // §8.1: "The token MUST have at least 128 bits of entropy": 256 here.
        if (!wildcard) {
          offered.push_back(
              {.type = core::ChallengeType::kHttp01, .token = core::RandomToken(random_, 32)});
          offered.push_back(
              {.type = core::ChallengeType::kTlsAlpn01, .token = core::RandomToken(random_, 32)});
        }
        offered.push_back(
            {.type = core::ChallengeType::kDns01, .token = core::RandomToken(random_, 32)});
      }
      challenges.push_back(std::move(offered));
    }
    if (refused.size() == 1) return core::Fail(refused.front().error);
    if (!refused.empty()) {
      std::string names;
      for (const auto& r : refused) names += (names.empty() ? "'" : ", '") + r.identifier + "'";
      return core::Fail(core::Error(core::ErrorCode::kRejectedIdentifier,
                                    core::Reason::kAcmeIdentifierNotAllowed,
                                    std::to_string(refused.size()) +
                                        " identifiers are refused (see subproblems): " + names)
                            .WithSubproblems(std::move(refused)));
    }
    if (request.replaces) {
      auto replaced = Replaceable(tx, account, *request.replaces, order.identifiers);
      if (!replaced) return core::Fail(replaced.error());
      order.replaces = request.replaces->text;
      order.replaces_ssl_id = *replaced;
    }
    std::vector<core::AcmeStatus> states;
    for (const auto& a : authorizations) states.push_back(a.status);
    order.status = core::OrderStatusFrom(order.status, states);
    return Decision{std::move(order), std::move(authorizations), std::move(challenges),
                    profile->name};
  });
  if (!decided) return core::Fail(decided.error());
  return store_.Transact([&](store::Transaction& tx) -> core::Result<OrderView> {
    auto order = decided->order;
    // Asked again where it is written: of two orders replacing one certificate at once,
    // the second finds the first.
    if (request.replaces) {
      auto replaced = Replaceable(tx, account, *request.replaces, order.identifiers);
      if (!replaced) return core::Fail(replaced.error());
    }
    auto id = tx.acme().InsertOrder(order);
    if (!id) return core::Fail(id.error());
    order.id = *id;
    OrderView view{order, {}, decided->profile};
    for (std::size_t i = 0; i < decided->authorizations.size(); ++i) {
      auto a = decided->authorizations[i];
      a.order_id = order.id;
      auto aid = tx.acme().InsertAuthorization(a);
      if (!aid) return core::Fail(aid.error());
      view.authorizations.push_back(*aid);
      for (auto c : decided->challenges[i]) {
        c.authorization_id = *aid;
        if (auto r = tx.acme().InsertChallenge(c); !r) return core::Fail(r.error());
      }
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

core::Result<OrderPage> AcmeOrders::List(const core::AcmeAccount& account, core::AcmeOrderId after,
                                         int limit) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<OrderPage> {
    auto orders = tx.acme().OrdersOf(account.id, after, limit);
    if (!orders) return core::Fail(orders.error());
    OrderPage page;
    for (const auto& o : *orders) {
      auto view = Refreshed(tx, o);
      if (!view) return core::Fail(view.error());
      // §7.1.2.1: "The server SHOULD NOT include orders that are invalid in the array of
      // URLs."
      if (view->order.status != core::AcmeStatus::kInvalid) page.orders.push_back(o.id);
    }
    if (static_cast<int>(orders->size()) == limit) page.next_after = orders->back().id;
    return page;
  });
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

core::Result<ChallengeView> AcmeOrders::Challenge(const core::AcmeAccount& account,
                                                  core::AcmeChallengeId id) {
  return store_.Read([&](store::Transaction& tx) -> core::Result<ChallengeView> {
    auto challenge = tx.acme().GetChallenge(id);
    if (!challenge) {
      if (challenge.error().code() != core::ErrorCode::kNotFound) {
        return core::Fail(challenge.error());
      }
      return core::Fail(NotFound("challenge"));
    }
    auto authz = OwnedAuthorization(tx, account, challenge->authorization_id);
    if (!authz) return core::Fail(NotFound("challenge"));
    return ChallengeView{*challenge, *authz};
  });
}

core::Result<ChallengeView> AcmeOrders::Respond(const core::AcmeAccount& account,
                                                core::AcmeChallengeId id,
                                                const std::string& source) {
  auto view = Challenge(account, id);
  if (!view) return view;
  // §7.5.1: a challenge that is not pending (or whose authorization is not) is answered
  // as it stands; only a pending one is looked at.
  if (view->challenge.status != core::AcmeStatus::kPending ||
      view->authorization.status != core::AcmeStatus::kPending || check_ == nullptr) {
    return view;
  }
  const auto type = view->challenge.type;
  const auto name = view->authorization.identifier;
  std::string key_authorization = view->challenge.token + "." + account.thumbprint;
  // §8.1: keyAuthorization = token || '.' || base64url(Thumbprint(accountKey)); dns-01
  // (§8.4) and tls-alpn-01 (RFC 8737 §3) carry its SHA-256.
  std::string expected = type == core::ChallengeType::kHttp01
                             ? key_authorization
                             : core::Base64Url(pki::Sha256(key_authorization));
  auto checked = check_->Check(type, name, view->challenge.token, expected);  // no transaction
  auto now = clock_.Now();
  return store_.Transact([&](store::Transaction& tx) -> core::Result<ChallengeView> {
    auto challenge = tx.acme().GetChallenge(id);
    if (!challenge) return core::Fail(challenge.error());
    auto authz = tx.acme().GetAuthorization(challenge->authorization_id);
    if (!authz) return core::Fail(authz.error());
    if (challenge->status != core::AcmeStatus::kPending ||
        authz->status != core::AcmeStatus::kPending) {
      return ChallengeView{*challenge, *authz};  // another response got there first
    }
    if (checked) {
      challenge->status = core::AcmeStatus::kValid;
      challenge->validated_at = now;
      authz->status = core::AcmeStatus::kValid;
      // A domain validation of the customer, by the domains' rules: http-01 and
      // tls-alpn-01 prove this host (as the HTTP and HTTPS file methods do), dns-01 the
      // name and every name below it (as TXT does). No evidence is kept for a re-check: it
      // lapses at its end, and the client proves it again then.
      core::DomainValidation validation{
          .proved_name = name,
          .method = type == core::ChallengeType::kDns01       ? core::DcvMethod::kTxt
                    : type == core::ChallengeType::kTlsAlpn01 ? core::DcvMethod::kHttps
                                                              : core::DcvMethod::kHttp,
          .validated_at = now,
          .expires_at = now + options_.validation_validity,
          .customer_id = account.customer_id};
      if (auto r = tx.dcv().PutValidation(validation); !r) return core::Fail(r.error());
    } else {
      challenge->status = core::AcmeStatus::kInvalid;
      challenge->error = ErrorJson(checked.error());
      authz->status = core::AcmeStatus::kInvalid;
    }
    if (auto r = tx.acme().UpdateChallenge(*challenge); !r) return core::Fail(r.error());
    if (auto r = tx.acme().UpdateAuthorization(*authz); !r) return core::Fail(r.error());
    nlohmann::json detail{{"method", "ACME " + std::string(core::ToString(type))},
                          {"orgId", account.org_id.value}};
    if (!checked) detail["error"] = checked.error().detail();
    auto a = RecordAudit(
        tx, clock_,
        {.customer_id = account.customer_id,
         .actor = "acme:" + account.directory + "/account/" + std::to_string(account.id.value),
         .source = source,
         .action = checked ? "domain.validated" : "acme.challenge.failed",
         .object_type = "domain",
         .object_id = name,
         .detail = detail.dump()});
    if (!a) return core::Fail(a.error());
    return ChallengeView{*challenge, *authz};
  });
}

core::Result<OrderView> AcmeOrders::Finalize(const core::AcmeAccount& account, core::AcmeOrderId id,
                                             const std::string& csr_der,
                                             const std::string& account_spki_der,
                                             const std::string& source) {
  auto ready = store_.Read([&](store::Transaction& tx) -> core::Result<OrderView> {
    auto order = tx.acme().GetOrder(id);
    if (!order || order->account_id != account.id) {
      if (!order && order.error().code() != core::ErrorCode::kNotFound) {
        return core::Fail(order.error());
      }
      return core::Fail(NotFound("order"));
    }
    auto view = Refreshed(tx, *order);
    if (!view) return core::Fail(view.error());
    if (view->order.status != core::AcmeStatus::kReady) return core::Fail(NotReady(view->order));
    return view;
  });
  if (!ready) return core::Fail(ready.error());
  auto order = ready->order;
  std::vector<std::string> contacts;
  for (const auto& c : account.contacts) {
    if (c.starts_with("mailto:")) contacts.push_back(c.substr(7));
  }
  // The order becomes valid in the transaction that stores its certificate, if it is still
  // unfinalized then: of two finalize calls at once, the second's certificate is never
  // stored (it was signed, not recorded: its serial is free).
  auto issued = ssl_.IssueForAcme(
      {.customer_id = account.customer_id,
       .org_id = account.org_id,
       .profile_id = order.profile_id,
       .csr = pki::PemEncode("CERTIFICATE REQUEST", csr_der),
       .names = order.identifiers,
       .account_spki_der = account_spki_der,
       .requester = "acme:" + account.directory + "/account/" + std::to_string(account.id.value),
       .source = source,
       .contacts = contacts,
       .on_issued = [&](store::Transaction& tx,
                        const core::SslCertificate& cert) -> core::Result<void> {
         auto current = tx.acme().GetOrder(id);
         if (!current) return core::Fail(current.error());
         if (current->status != core::AcmeStatus::kPending &&
             current->status != core::AcmeStatus::kReady) {
           return core::Fail(NotReady(*current));
         }
         current->status = core::AcmeStatus::kValid;
         current->certificate_id = cert.id;
         if (auto r = tx.acme().UpdateOrder(*current); !r) return r;
         order = *current;
         return core::Ok();
       }});
  if (!issued) {
    // A CSR the client can mend, or a finalize that lost the race, leaves the order as it
    // is; a CA that refused leaves it invalid, with the reason.
    if (issued.error().code() == core::ErrorCode::kBadCsr ||
        issued.error().reason() == core::Reason::kAcmeOrderNotReady) {
      return core::Fail(issued.error());
    }
    auto r = store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
      auto current = tx.acme().GetOrder(id);
      if (!current) return core::Fail(current.error());
      current->status = core::AcmeStatus::kInvalid;
      current->error = ErrorJson(issued.error());
      return tx.acme().UpdateOrder(*current);
    });
    if (!r) return core::Fail(r.error());
    return core::Fail(issued.error());
  }
  return OrderView{order, ready->authorizations, ready->profile};
}

core::Result<PemChainView> AcmeOrders::Certificate(const core::AcmeAccount& account, core::SslId id,
                                                   std::size_t alternate) {
  auto order =
      store_.Read([&](store::Transaction& tx) { return tx.acme().OrderOfCertificate(id); });
  if (!order) return core::Fail(order.error());
  if (!*order || (*order)->account_id != account.id) return core::Fail(NotFound("certificate"));
  return ssl_.PemChain(id, alternate);
}

}  // namespace certkeep::service
