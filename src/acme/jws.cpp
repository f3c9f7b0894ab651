#include "acme/jws.h"

#include "acme/strict_json.h"
#include "core/base64.h"

namespace certkeep::acme {

namespace {

core::Error BadJws(std::string detail) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kAcmeBadJws, std::move(detail));
}

core::Result<std::string> StringMember(const nlohmann::json& obj, const char* name,
                                       const char* where) {
  auto it = obj.find(name);
  if (it == obj.end()) return core::Fail(BadJws(std::string(where) + " lacks \"" + name + "\""));
  if (!it->is_string()) {
    return core::Fail(BadJws(std::string(where) + " member \"" + name + "\" must be a string"));
  }
  return it->get<std::string>();
}

core::Result<ProtectedHeader> ParseHeader(const nlohmann::json& h, NonceRule nonce_rule) {
  ProtectedHeader out{};
  auto alg = StringMember(h, "alg", "the protected header");
  if (!alg) return core::Fail(alg.error());
  auto parsed_alg = pki::ParseJwsAlgorithm(*alg);
  if (!parsed_alg) return core::Fail(parsed_alg.error());
  out.alg = *parsed_alg;
  auto url = StringMember(h, "url", "the protected header");
  if (!url) return core::Fail(url.error());
  out.url = std::move(*url);
  if (nonce_rule == NonceRule::kRequired) {
    auto nonce = StringMember(h, "nonce", "the protected header");
    if (!nonce) {
      // RFC 8555 §6.5: a missing nonce is badNonce, not malformed.
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeBadNonce,
                        "the protected header lacks \"nonce\"");
    }
    out.nonce = std::move(*nonce);
  } else if (h.contains("nonce")) {
    return core::Fail(BadJws("this JWS must not carry a nonce (RFC 8555 §7.3.5)"));
  }
  bool has_jwk = h.contains("jwk"), has_kid = h.contains("kid");
  if (has_jwk == has_kid) {
    return core::Fail(BadJws("the protected header must carry exactly one of \"jwk\" and \"kid\""));
  }
  if (has_jwk) {
    if (!h["jwk"].is_object()) return core::Fail(BadJws("\"jwk\" must be a JSON object"));
    out.jwk = h["jwk"];
  } else {
    auto kid = StringMember(h, "kid", "the protected header");
    if (!kid) return core::Fail(kid.error());
    out.kid = std::move(*kid);
  }
  // RFC 7515 §4.1.11: a "crit" naming what we do not understand must be refused; we
  // understand no extension, so any "crit" is.
  if (h.contains("crit")) return core::Fail(BadJws("no \"crit\" header parameter is supported"));
  return out;
}

}  // namespace

core::Result<Jws> ParseJwsObject(const nlohmann::json& body, NonceRule nonce) {
  if (!body.is_object()) return core::Fail(BadJws("the JWS must be a JSON object"));
  if (body.contains("signatures")) {
    return core::Fail(
        BadJws("the general JWS serialization is not accepted: send the flattened one"));
  }
  if (body.contains("header")) {
    return core::Fail(BadJws("an unprotected JWS header is not accepted (RFC 8555 §6.2)"));
  }
  for (const auto& [name, value] : body.items()) {
    if (name != "protected" && name != "payload" && name != "signature") {
      return core::Fail(BadJws("unknown JWS member \"" + name + "\""));
    }
  }
  Jws out{};
  auto prot = StringMember(body, "protected", "the JWS");
  auto payload = StringMember(body, "payload", "the JWS");
  auto signature = StringMember(body, "signature", "the JWS");
  if (!prot) return core::Fail(prot.error());
  if (!payload) return core::Fail(payload.error());
  if (!signature) return core::Fail(signature.error());
  auto header_text = core::Base64UrlDecode(*prot);
  if (!header_text || header_text->empty()) {
    return core::Fail(BadJws("\"protected\" is not base64url"));
  }
  auto header_json = ParseStrictObject(*header_text);
  if (!header_json) {
    return core::Fail(BadJws("the protected header: " + header_json.error().detail()));
  }
  auto header = ParseHeader(*header_json, nonce);
  if (!header) return core::Fail(header.error());
  auto payload_bytes = core::Base64UrlDecode(*payload);
  if (!payload_bytes) return core::Fail(BadJws("\"payload\" is not base64url"));
  auto signature_bytes = core::Base64UrlDecode(*signature);
  if (!signature_bytes || signature_bytes->empty()) {
    return core::Fail(BadJws("\"signature\" is not base64url"));
  }
  out.header = std::move(*header);
  out.protected_b64 = std::move(*prot);
  out.payload_b64 = std::move(*payload);
  out.payload = std::move(*payload_bytes);
  out.signature = std::move(*signature_bytes);
  return out;
}

core::Result<Jws> ParseJws(std::string_view body, NonceRule nonce) {
  auto json = ParseStrictObject(body);
  if (!json) return core::Fail(BadJws("the body is not a JWS: " + json.error().detail()));
  return ParseJwsObject(*json, nonce);
}

core::Result<EabJws> ParseEabJws(const nlohmann::json& body) {
  if (!body.is_object()) return core::Fail(BadJws("externalAccountBinding must be a JWS object"));
  for (const auto& [name, value] : body.items()) {
    if (name != "protected" && name != "payload" && name != "signature") {
      return core::Fail(BadJws("unknown member \"" + name + "\" in externalAccountBinding"));
    }
  }
  auto prot = StringMember(body, "protected", "externalAccountBinding");
  auto payload = StringMember(body, "payload", "externalAccountBinding");
  auto signature = StringMember(body, "signature", "externalAccountBinding");
  if (!prot) return core::Fail(prot.error());
  if (!payload) return core::Fail(payload.error());
  if (!signature) return core::Fail(signature.error());
  auto header_text = core::Base64UrlDecode(*prot);
  if (!header_text)
    return core::Fail(BadJws("externalAccountBinding: \"protected\" is not base64url"));
  auto header = ParseStrictObject(*header_text);
  if (!header) return core::Fail(BadJws("externalAccountBinding: " + header.error().detail()));
  EabJws out{};
  auto alg = StringMember(*header, "alg", "the externalAccountBinding header");
  if (!alg) return core::Fail(alg.error());
  auto mac = pki::ParseMacAlgorithm(*alg);
  if (!mac) return core::Fail(mac.error());
  out.alg = *mac;
  auto kid = StringMember(*header, "kid", "the externalAccountBinding header");
  if (!kid) return core::Fail(kid.error());
  auto url = StringMember(*header, "url", "the externalAccountBinding header");
  if (!url) return core::Fail(url.error());
  // RFC 8555 §7.3.4: "MUST NOT contain a "nonce" field".
  if (header->contains("nonce")) {
    return core::Fail(BadJws("the externalAccountBinding header must not carry a nonce"));
  }
  out.kid = std::move(*kid);
  out.url = std::move(*url);
  auto payload_text = core::Base64UrlDecode(*payload);
  if (!payload_text)
    return core::Fail(BadJws("externalAccountBinding: \"payload\" is not base64url"));
  auto jwk = ParseStrictObject(*payload_text);
  if (!jwk)
    return core::Fail(BadJws("externalAccountBinding: the payload must be the account JWK"));
  auto sig = core::Base64UrlDecode(*signature);
  if (!sig || sig->empty()) {
    return core::Fail(BadJws("externalAccountBinding: \"signature\" is not base64url"));
  }
  out.payload = std::move(*jwk);
  out.signing_input = *prot + "." + *payload;
  out.signature = std::move(*sig);
  return out;
}

bool VerifyJws(const Jws& jws, const pki::PublicKey& key) {
  std::string input;
  input.reserve(jws.protected_b64.size() + 1 + jws.payload_b64.size());
  input.append(jws.protected_b64).append(1, '.').append(jws.payload_b64);
  return pki::VerifyJwsSignature(key, jws.header.alg, input, jws.signature);
}

core::Result<nlohmann::json> PayloadObject(const Jws& jws) {
  if (jws.payload.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadJson,
                      "this request needs a JSON object as payload, not an empty one");
  }
  return ParseStrictObject(jws.payload);
}

}  // namespace certkeep::acme
