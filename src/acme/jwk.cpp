#include "acme/jwk.h"

#include <initializer_list>

#include "core/base64.h"
#include "core/random.h"
#include "pki/digest.h"
#include "pki/jose.h"

namespace certkeep::acme {

namespace {

core::Error BadKey(std::string detail) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kAcmeBadPublicKey,
                     std::move(detail));
}

core::Result<std::string> Text(const nlohmann::json& jwk, const char* name) {
  auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) {
    return core::Fail(BadKey(std::string("the JWK lacks the string member \"") + name + "\""));
  }
  return it->get<std::string>();
}

/// The base64url member `name`, decoded.
core::Result<std::string> Member(const nlohmann::json& jwk, const char* name) {
  auto text = Text(jwk, name);
  if (!text) return text;
  auto bytes = core::Base64UrlDecode(*text);
  if (!bytes) {
    return core::Fail(BadKey(std::string("the JWK member \"") + name + "\" is not base64url"));
  }
  return *bytes;
}

nlohmann::json Pick(const nlohmann::json& jwk, std::initializer_list<const char*> names) {
  nlohmann::json out = nlohmann::json::object();
  for (const char* n : names) out[n] = jwk.at(n);
  return out;
}

}  // namespace

std::string Thumbprint(const nlohmann::json& members) {
  // nlohmann::json keeps object members sorted and dump() writes no whitespace: exactly
  // RFC 7638 §3's lexicographic order and form (the member values are ASCII).
  std::string text = members.dump();
  return core::Base64Url(pki::Sha256(text));
}

core::Result<Jwk> ParseJwk(const nlohmann::json& jwk) {
  if (!jwk.is_object()) return core::Fail(BadKey("the JWK must be a JSON object"));
  for (const char* secret : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
    if (jwk.contains(secret)) {
      return core::Fail(BadKey(std::string("the JWK holds the private member \"") + secret +
                               "\": send the public key only"));
    }
  }
  auto kty = Text(jwk, "kty");
  if (!kty) return core::Fail(kty.error());
  core::Result<pki::PublicKey> key = core::Fail(BadKey("unreachable"));
  nlohmann::json members;
  if (*kty == "EC") {
    auto crv = Text(jwk, "crv");
    auto x = Member(jwk, "x");
    auto y = Member(jwk, "y");
    if (!crv) return core::Fail(crv.error());
    if (!x) return core::Fail(x.error());
    if (!y) return core::Fail(y.error());
    key = pki::EcPublicKeyFromJwk(*crv, *x, *y);
    members = Pick(jwk, {"crv", "kty", "x", "y"});
  } else if (*kty == "RSA") {
    auto n = Member(jwk, "n");
    auto e = Member(jwk, "e");
    if (!n) return core::Fail(n.error());
    if (!e) return core::Fail(e.error());
    key = pki::RsaPublicKeyFromJwk(*n, *e);
    members = Pick(jwk, {"e", "kty", "n"});
  } else if (*kty == "OKP") {
    auto crv = Text(jwk, "crv");
    auto x = Member(jwk, "x");
    if (!crv) return core::Fail(crv.error());
    if (!x) return core::Fail(x.error());
    key = pki::OkpPublicKeyFromJwk(*crv, *x);
    members = Pick(jwk, {"crv", "kty", "x"});
  } else {
    return core::Fail(BadKey("JWK key type \"" + *kty + "\" is not accepted (EC, RSA or OKP)"));
  }
  if (!key) return core::Fail(key.error());
  std::string thumbprint = Thumbprint(members);
  return Jwk{std::move(members), std::move(thumbprint), std::move(*key)};
}

}  // namespace certkeep::acme
