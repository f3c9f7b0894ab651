// newOrder, orders, finalize, authorizations and certificate download (RFC 8555 §7.4,
// §7.5), and the JSON of those resources.

#include <charconv>

#include "acme/internal/handlers.h"
#include "acme/problem.h"
#include "acme/request.h"
#include "core/base64.h"

namespace certkeep::acme::internal {

namespace {

std::string OrderUrl(const http::Request& rq, const std::string& dir, core::AcmeOrderId id) {
  return BaseUrl(rq, dir) + "/order/" + std::to_string(id.value);
}

// A stored error as RFC 8555 §6.7 problem document.
nlohmann::json ProblemObject(const core::Error& error) {
  auto problem = MapToProblem(error);
  return {
      {"type", ProblemType(problem.type)}, {"detail", error.detail()}, {"status", problem.status}};
}

nlohmann::json OrderObject(const http::Request& rq, const std::string& dir,
                           const service::OrderView& view) {
  const auto& o = view.order;
  nlohmann::json identifiers = nlohmann::json::array();
  for (const auto& name : o.identifiers) identifiers.push_back({{"type", "dns"}, {"value", name}});
  nlohmann::json authorizations = nlohmann::json::array();
  for (auto id : view.authorizations) {
    authorizations.push_back(BaseUrl(rq, dir) + "/authz/" + std::to_string(id.value));
  }
  nlohmann::json body{{"status", core::ToString(o.status)},
                      {"expires", Timestamp(o.expires)},
                      {"identifiers", identifiers},
                      {"authorizations", authorizations},
                      {"finalize", OrderUrl(rq, dir, o.id) + "/finalize"},
                      {"profile", view.profile}};
  // RFC 9773 §5: the server "MUST reflect that field in the response and in subsequent
  // requests for the corresponding Order object".
  if (!o.replaces.empty()) body["replaces"] = o.replaces;
  if (o.status == core::AcmeStatus::kValid && o.certificate_id) {
    body["certificate"] = BaseUrl(rq, dir) + "/cert/" + std::to_string(o.certificate_id->value);
  }
  if (o.status == core::AcmeStatus::kInvalid) {
    if (auto error = service::StoredError(o.error)) body["error"] = ProblemObject(*error);
  }
  return body;
}

// RFC 9773 §4.1's certID, in a renewalInfo URL or newOrder's "replaces".
core::Error BadCertId() {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                     "a certID is base64url(keyIdentifier) \".\" base64url(serial)");
}

nlohmann::json ChallengeObject(const http::Request& rq, const std::string& dir,
                               const core::AcmeChallenge& c) {
  nlohmann::json challenge{{"type", core::ToString(c.type)},
                           {"url", BaseUrl(rq, dir) + "/chall/" + std::to_string(c.id.value)},
                           {"token", c.token},
                           {"status", core::ToString(c.status)}};
  if (c.validated_at) challenge["validated"] = Timestamp(*c.validated_at);
  if (auto error = service::StoredError(c.error)) challenge["error"] = ProblemObject(*error);
  return challenge;
}

nlohmann::json AuthorizationObject(const http::Request& rq, const std::string& dir,
                                   const service::AuthorizationView& view) {
  const auto& a = view.authorization;
  // §7.1.4: "For pending authorizations, the challenges that the client can fulfill ...
  // For valid authorizations, the challenge that was validated. For invalid
  // authorizations, the challenge that was attempted and failed."
  nlohmann::json challenges = nlohmann::json::array();
  for (const auto& c : view.challenges) {
    bool shown = a.status == core::AcmeStatus::kPending ||
                 (a.status == core::AcmeStatus::kValid && c.status == core::AcmeStatus::kValid) ||
                 (a.status == core::AcmeStatus::kInvalid && c.status == core::AcmeStatus::kInvalid);
    if (shown) challenges.push_back(ChallengeObject(rq, dir, c));
  }
  nlohmann::json body{{"identifier", {{"type", "dns"}, {"value", a.identifier}}},
                      {"status", core::ToString(a.status)},
                      {"expires", Timestamp(a.expires)},
                      {"challenges", challenges}};
  // §7.1.4: "wildcard ... MUST be present and true for authorizations created as a result
  // of a newOrder request containing a DNS identifier with a value that was a wildcard".
  if (a.wildcard) body["wildcard"] = true;
  return body;
}

// The `identifiers` of a newOrder: dns ones only (§9.7.7 lists "dns" as the type defined).
core::Result<std::vector<std::string>> Identifiers(const nlohmann::json& payload) {
  auto it = payload.find("identifiers");
  if (it == payload.end() || !it->is_array()) {
    return core::Fail(BadMember("\"identifiers\" must be an array"));
  }
  std::vector<std::string> out;
  for (const auto& i : *it) {
    if (!i.is_object() || !i.contains("type") || !i["type"].is_string() || !i.contains("value") ||
        !i["value"].is_string()) {
      return core::Fail(
          BadMember("each identifier is an object with string \"type\" and \"value\""));
    }
    if (i["type"] != "dns") {
      return core::Fail(
          core::ErrorCode::kMalformed, core::Reason::kAcmeUnsupportedIdentifier,
          "identifier type '" + i["type"].get<std::string>() + "' is not supported: only dns");
    }
    out.push_back(i["value"].get<std::string>());
  }
  return out;
}

}  // namespace

http::Response JsonResponse(int status, const nlohmann::json& body) {
  return http::Response::Json(status, body.dump());
}

std::string Timestamp(core::TimePoint t) {
  return core::ToRfc3339(t);
}

core::Error BadMember(std::string detail) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kInvalidField, std::move(detail));
}

core::Result<std::int64_t> PathId(http::Request& rq, const char* name) {
  const auto& text = rq.path_params[name];
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kAcmeNotFound, "no such resource");
  }
  return id;
}

Reply NewOrder(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto s = Authenticate(rq, deps.accounts, *deps.keys, dir, KeyRule::kKid);
  if (!s) return core::Fail(s.error());
  auto payload = PayloadObject(s->jws);
  if (!payload) return core::Fail(payload.error());
  auto identifiers = Identifiers(*payload);
  if (!identifiers) return core::Fail(identifiers.error());
  service::NewOrderRequest request{
      .identifiers = std::move(*identifiers),
      .profile = {},
      .has_validity = payload->contains("notBefore") || payload->contains("notAfter")};
  if (auto it = payload->find("profile"); it != payload->end()) {
    if (!it->is_string()) return core::Fail(BadMember("\"profile\" must be a string"));
    request.profile = it->get<std::string>();
  }
  if (auto it = payload->find("replaces"); it != payload->end()) {
    request.replaces =
        it->is_string() ? service::ParseCertId(it->get<std::string>()) : std::nullopt;
    if (!request.replaces) return core::Fail(BadCertId());
  }
  auto view = deps.orders.Create(*s->account, request);
  if (!view) return core::Fail(view.error());
  auto response = JsonResponse(201, OrderObject(rq, dir, *view));
  response.SetHeader("Location", OrderUrl(rq, dir, view->order.id));
  return s->Answer(std::move(response));
}

Reply GetOrder(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto id = PathId(rq);
  if (!id) return core::Fail(id.error());
  auto s = Authenticate(rq, deps.accounts, *deps.keys, dir, KeyRule::kKid);
  if (!s) return core::Fail(s.error());
  auto view = deps.orders.Get(*s->account, core::AcmeOrderId{*id});
  if (!view) return core::Fail(view.error());
  return s->Answer(JsonResponse(200, OrderObject(rq, dir, *view)));
}

Reply FinalizeOrder(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto id = PathId(rq);
  if (!id) return core::Fail(id.error());
  auto s = Authenticate(rq, deps.accounts, *deps.keys, dir, KeyRule::kKid);
  if (!s) return core::Fail(s.error());
  auto payload = PayloadObject(s->jws);
  if (!payload) return core::Fail(payload.error());
  auto csr = payload->find("csr");
  if (csr == payload->end() || !csr->is_string()) {
    return core::Fail(BadMember("\"csr\" must be the base64url DER of a CSR"));
  }
  auto der = core::Base64UrlDecode(csr->get<std::string>());
  if (!der || der->empty()) {
    return core::Fail(core::ErrorCode::kBadCsr, core::Reason::kCsrUndecodable,
                      "\"csr\" is not base64url (RFC 8555 §7.4: DER, base64url without padding)");
  }
  auto spki = s->key.key.SpkiDer();
  if (!spki) return core::Fail(spki.error());
  auto view =
      deps.orders.Finalize(*s->account, core::AcmeOrderId{*id}, *der, *spki, rq.remote_address);
  if (!view) return core::Fail(view.error());
  auto response = JsonResponse(200, OrderObject(rq, dir, *view));
  response.SetHeader("Location", OrderUrl(rq, dir, view->order.id));
  return s->Answer(std::move(response));
}

Reply GetAuthorization(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto id = PathId(rq);
  if (!id) return core::Fail(id.error());
  auto s = Authenticate(rq, deps.accounts, *deps.keys, dir, KeyRule::kKid);
  if (!s) return core::Fail(s.error());
  core::AcmeAuthorizationId authz{*id};
  core::Result<service::AuthorizationView> view =
      core::Fail(core::ErrorCode::kInternal, core::Reason::kUnspecified, "");
  if (s->jws.payload.empty()) {
    view = deps.orders.Authorization(*s->account, authz);
  } else {
    // §7.5.2: the only change a client may ask for is deactivation.
    auto payload = PayloadObject(s->jws);
    if (!payload) return core::Fail(payload.error());
    auto status = payload->find("status");
    if (status == payload->end() || *status != "deactivated") {
      return core::Fail(BadMember("an authorization can only be deactivated"));
    }
    view = deps.orders.Deactivate(*s->account, authz);
  }
  if (!view) return core::Fail(view.error());
  return s->Answer(JsonResponse(200, AuthorizationObject(rq, dir, *view)));
}

Reply RespondChallenge(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto id = PathId(rq);
  if (!id) return core::Fail(id.error());
  auto s = Authenticate(rq, deps.accounts, *deps.keys, dir, KeyRule::kKid);
  if (!s) return core::Fail(s.error());
  core::AcmeChallengeId challenge{*id};
  // §7.5.1: the client responds with a JSON object (empty: RFC 8555 defines no member);
  // a POST-as-GET reads the challenge.
  if (!s->jws.payload.empty()) {
    auto payload = PayloadObject(s->jws);
    if (!payload) return core::Fail(payload.error());
  }
  auto view = s->jws.payload.empty()
                  ? deps.orders.Challenge(*s->account, challenge)
                  : deps.orders.Respond(*s->account, challenge, rq.remote_address);
  if (!view) return core::Fail(view.error());
  auto response = JsonResponse(200, ChallengeObject(rq, dir, view->challenge));
  response.headers.emplace_back("Link", "<" + BaseUrl(rq, dir) + "/authz/" +
                                            std::to_string(view->authorization.id.value) +
                                            ">;rel=\"up\"");
  return s->Answer(std::move(response));
}

Reply RevokeCertificate(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto s = Authenticate(rq, deps.accounts, *deps.keys, dir, KeyRule::kEither);
  if (!s) return core::Fail(s.error());
  auto payload = PayloadObject(s->jws);
  if (!payload) return core::Fail(payload.error());
  auto certificate = payload->find("certificate");
  if (certificate == payload->end() || !certificate->is_string()) {
    return core::Fail(BadMember("\"certificate\" must be the base64url DER of the certificate"));
  }
  auto der = core::Base64UrlDecode(certificate->get<std::string>());
  if (!der || der->empty()) return core::Fail(BadMember("\"certificate\" is not base64url"));
  int reason = 0;
  if (auto it = payload->find("reason"); it != payload->end()) {
    // Range-checked before it narrows to an int: 2^32 + 1 is no keyCompromise.
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 10) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadRevocationReason,
                        "\"reason\" must be an RFC 5280 CRLReason code");
    }
    reason = static_cast<int>(it->get<std::int64_t>());
  }
  std::string signer;
  if (!s->account) {
    auto spki = s->key.key.SpkiDer();
    if (!spki) return core::Fail(spki.error());
    signer = *spki;
  }
  if (auto r = deps.orders.Revoke(s->account, signer, *der, reason, rq.remote_address); !r) {
    return core::Fail(r.error());
  }
  http::Response response;
  response.status = 200;
  return s->Answer(std::move(response));
}

Reply RenewalInfo(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  (void)dir;
  // RFC 9773 §4.1: certID = base64url(AKI keyIdentifier) "." base64url(serial octets).
  auto id = service::ParseCertId(rq.path_params["certid"]);
  if (!id) return core::Fail(BadCertId());
  auto window = deps.orders.RenewalInfo(*id);
  if (!window) return core::Fail(window.error());
  auto response =
      JsonResponse(200, {{"suggestedWindow",
                          {{"start", Timestamp(window->start)}, {"end", Timestamp(window->end)}}}});
  // §4.3: clients ask again after Retry-After; six hours, as the RFC suggests.
  response.SetHeader("Retry-After", "21600");
  return response;
}

Reply GetCertificate(const AcmeDependencies& deps, http::Request& rq, const std::string& dir) {
  auto id = PathId(rq);
  if (!id) return core::Fail(id.error());
  std::size_t alternate = 0;
  if (rq.path_params.contains("alt")) {
    auto n = PathId(rq, "alt");
    if (!n) return core::Fail(n.error());
    alternate = static_cast<std::size_t>(*n);
  }
  auto s = Authenticate(rq, deps.accounts, *deps.keys, dir, KeyRule::kKid);
  if (!s) return core::Fail(s.error());
  auto chain = deps.orders.Certificate(*s->account, core::SslId{*id}, alternate);
  if (!chain) return core::Fail(chain.error());
  http::Response response;
  response.status = 200;
  // §7.4.2: "application/pem-certificate-chain"; "The server MAY provide one or more link
  // relation header fields [RFC8288] with relation "alternate". Each such field SHOULD
  // express an alternative certificate chain starting with the same end-entity
  // certificate." Each chain links to all the others, the CA's own among them.
  response.SetHeader("Content-Type", "application/pem-certificate-chain");
  auto url = BaseUrl(rq, dir) + "/cert/" + std::to_string(*id);
  for (std::size_t other = 0; other <= chain->alternates; ++other) {
    if (other == alternate) continue;
    response.headers.emplace_back(
        "Link",
        "<" + url + (other == 0 ? "" : "/" + std::to_string(other)) + ">;rel=\"alternate\"");
  }
  response.body = std::move(chain->pem);
  return s->Answer(std::move(response));
}

}  // namespace certkeep::acme::internal
