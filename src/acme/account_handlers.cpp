// newAccount, account update and deactivation, the orders list and key rollover
// (RFC 8555 §7.3).

#include <charconv>

#include "acme/internal/handlers.h"
#include "acme/problem.h"
#include "acme/request.h"

namespace certkeep::acme::internal {

namespace {

std::string AccountUrl(const http::Request& rq, const std::string& dir, core::AcmeAccountId id) {
  return BaseUrl(rq, dir) + "/account/" + std::to_string(id.value);
}

nlohmann::json AccountObject(const http::Request& rq, const core::AcmeAccount& a) {
  nlohmann::json body{{"status", core::ToString(a.status)},
                      {"contact", a.contacts},
                      {"orders", AccountUrl(rq, a.directory, a.id) + "/orders"},
                      {"createdAt", Timestamp(a.created_at)}};
  return body;
}

// The "contact" member: an array of strings, if present.
core::Result<std::optional<std::vector<std::string>>> Contacts(const nlohmann::json& payload) {
  auto it = payload.find("contact");
  if (it == payload.end()) return std::optional<std::vector<std::string>>{};
  if (!it->is_array()) return core::Fail(BadMember("\"contact\" must be an array of URLs"));
  std::vector<std::string> out;
  for (const auto& c : *it) {
    if (!c.is_string()) return core::Fail(BadMember("\"contact\" must be an array of URLs"));
    out.push_back(c.get<std::string>());
  }
  return std::optional<std::vector<std::string>>{std::move(out)};
}

core::Result<bool> Flag(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end()) return false;
  if (!it->is_boolean())
    return core::Fail(BadMember(std::string("\"") + name + "\" must be a boolean"));
  return it->get<bool>();
}

// A request signed by the account its path names: an account reads and changes only itself.
core::Result<Signed> SignedBySelf(const AcmeDependencies& deps, http::Request& rq,
                                  const std::string& dir) {
  auto id = PathId(rq);
  if (!id) return core::Fail(id.error());
  auto s = Authenticate(rq, deps.accounts, *deps.keys, dir, KeyRule::kKid);
  if (!s) return core::Fail(s.error());
  if (s->account->id.value != *id) {
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kAcmeNotOwner,
                      "an account reads and changes only itself");
  }
  return s;
}

service::AccountKey KeyOf(const Jwk& jwk) {
  auto spki = jwk.key.SpkiDer();
  return {.jwk = jwk.members.dump(), .thumbprint = jwk.thumbprint, .spki_der = spki ? *spki : ""};
}

}  // namespace

Reply NewAccount(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto s = Authenticate(rq, deps.accounts, *deps.keys, dir, KeyRule::kJwk);
  if (!s) return core::Fail(s.error());
  auto payload = PayloadObject(s->jws);
  if (!payload) return core::Fail(payload.error());
  auto contacts = Contacts(*payload);
  if (!contacts) return core::Fail(contacts.error());
  auto only_existing = Flag(*payload, "onlyReturnExisting");
  if (!only_existing) return core::Fail(only_existing.error());
  if (auto agreed = Flag(*payload, "termsOfServiceAgreed"); !agreed)
    return core::Fail(agreed.error());
  service::NewAccountRequest request{.directory = dir,
                                     .key = KeyOf(s->key),
                                     .contacts = contacts->value_or(std::vector<std::string>{}),
                                     .only_return_existing = *only_existing,
                                     .binding = std::nullopt,
                                     .source = rq.remote_address};
  if (auto it = payload->find("externalAccountBinding"); it != payload->end()) {
    auto eab = ParseEabJws(*it);
    if (!eab) return core::Fail(eab.error());
    // RFC 8555 §7.3.4: the binding's "url" is the newAccount URL, and its payload the very
    // key that signs the outer JWS.
    if (eab->url != s->jws.header.url) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kAcmeExternalAccountInvalid,
                        "the externalAccountBinding's url must be the newAccount URL");
    }
    auto bound = ParseJwk(eab->payload);
    if (!bound || bound->thumbprint != s->key.thumbprint) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kAcmeExternalAccountInvalid,
                        "the externalAccountBinding must sign this account's key");
    }
    request.binding = service::ExternalAccountBinding{.key_id = eab->kid,
                                                      .alg = eab->alg,
                                                      .signing_input = eab->signing_input,
                                                      .signature = eab->signature};
  }
  auto registered = deps.accounts.Register(request);
  if (!registered) return core::Fail(registered.error());
  auto response =
      JsonResponse(registered->created ? 201 : 200, AccountObject(rq, registered->account));
  response.SetHeader("Location", AccountUrl(rq, dir, registered->account.id));
  return s->Answer(std::move(response));
}

Reply UpdateAccount(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto s = SignedBySelf(deps, rq, dir);
  if (!s) return core::Fail(s.error());
  core::AcmeAccount account = *s->account;
  if (!s->jws.payload.empty()) {  // else POST-as-GET (§7.3.3 allows both)
    auto payload = PayloadObject(s->jws);
    if (!payload) return core::Fail(payload.error());
    auto contacts = Contacts(*payload);
    if (!contacts) return core::Fail(contacts.error());
    bool deactivate = false;
    if (auto it = payload->find("status"); it != payload->end()) {
      // §7.3.6: "deactivated" is the only status a client may ask for.
      if (!it->is_string() || *it != "deactivated") {
        return core::Fail(BadMember("\"status\" may only be \"deactivated\""));
      }
      deactivate = true;
    }
    auto updated = deps.accounts.Update(account, *contacts, deactivate, rq.remote_address);
    if (!updated) return core::Fail(updated.error());
    account = *updated;
  }
  auto response = JsonResponse(200, AccountObject(rq, account));
  response.SetHeader("Location", AccountUrl(rq, dir, account.id));
  return s->Answer(std::move(response));
}

Reply AccountOrders(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto s = SignedBySelf(deps, rq, dir);
  if (!s) return core::Fail(s.error());
  // §7.1.2.1: pages linked by rel="next"; the cursor is the last order id of a page.
  std::int64_t after = 0;
  if (auto cursor = rq.QueryParam("cursor")) {
    auto [end, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), after);
    if (ec != std::errc() || end != cursor->data() + cursor->size() || after < 0) {
      return core::Fail(BadMember("cursor must be a number"));
    }
  }
  constexpr int kPage = 100;
  auto page = deps.orders.List(*s->account, core::AcmeOrderId{after}, kPage);
  if (!page) return core::Fail(page.error());
  nlohmann::json urls = nlohmann::json::array();
  for (auto o : page->orders) {
    urls.push_back(BaseUrl(rq, dir) + "/order/" + std::to_string(o.value));
  }
  auto response = JsonResponse(200, {{"orders", urls}});
  if (page->next_after) {
    response.headers.emplace_back(
        "Link", "<" + AccountUrl(rq, dir, s->account->id) +
                    "/orders?cursor=" + std::to_string(page->next_after->value) + ">;rel=\"next\"");
  }
  return s->Answer(std::move(response));
}

Reply KeyChange(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto s = Authenticate(rq, deps.accounts, *deps.keys, dir, KeyRule::kKid);
  if (!s) return core::Fail(s.error());
  // §7.3.5: the payload is a JWS signed by the new key, whose url is this one's and whose
  // payload names the account and its old key.
  auto outer = PayloadObject(s->jws);
  if (!outer) return core::Fail(outer.error());
  auto inner = ParseJwsObject(*outer, NonceRule::kForbidden);
  if (!inner) return core::Fail(inner.error());
  if (!inner->header.jwk)
    return core::Fail(BadMember("the inner JWS must carry the new key as jwk"));
  auto new_key = ParseJwk(*inner->header.jwk);
  if (!new_key) return core::Fail(new_key.error());
  if (!VerifyJws(*inner, new_key->key)) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeBadSignature,
                      "the inner JWS does not verify with its jwk");
  }
  if (inner->header.url != s->jws.header.url) {
    return core::Fail(BadMember("the inner JWS's url must be the keyChange URL"));
  }
  auto body = PayloadObject(*inner);
  if (!body) return core::Fail(body.error());
  auto account = body->find("account");
  auto old_key = body->find("oldKey");
  if (account == body->end() || !account->is_string() || *account != *s->jws.header.kid) {
    return core::Fail(BadMember("the inner payload's \"account\" must be this account's URL"));
  }
  if (old_key == body->end() || !old_key->is_object()) {
    return core::Fail(BadMember("the inner payload must carry \"oldKey\""));
  }
  auto old = ParseJwk(*old_key);
  if (!old || old->thumbprint != s->key.thumbprint) {
    return core::Fail(BadMember("\"oldKey\" is not the account's current key"));
  }
  auto changed = deps.accounts.ChangeKey(*s->account, KeyOf(*new_key), rq.remote_address);
  if (!changed && changed.error().reason() == core::Reason::kAcmeKeyInUse) {
    // §7.3.5: "the server SHOULD use status code 409 (Conflict) and provide the URL of
    // that account in the Location header field".
    if (auto other = deps.accounts.AccountOfKey(dir, new_key->thumbprint)) {
      auto response = RenderProblem(changed.error());
      response.SetHeader("Location", AccountUrl(rq, dir, *other));
      return s->Answer(std::move(response));
    }
  }
  if (!changed) return core::Fail(changed.error());
  auto response = JsonResponse(200, AccountObject(rq, *changed));
  response.SetHeader("Location", AccountUrl(rq, dir, changed->id));
  return s->Answer(std::move(response));
}

}  // namespace certkeep::acme::internal
