#include "acme/request.h"

#include <cctype>
#include <charconv>

namespace certkeep::acme {

namespace {

core::Error Malformed(std::string detail) {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kAcmeBadJws, std::move(detail));
}

// §6.2: "kid" holds the account URL this server gave, that is `account_base` and an id.
std::optional<core::AcmeAccountId> AccountIdOf(std::string_view kid,
                                               std::string_view account_base) {
  if (!kid.starts_with(account_base)) return std::nullopt;
  auto digits = kid.substr(account_base.size());
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
  return core::AcmeAccountId{id};
}

// A media type's name without its parameters, in lower case (RFC 9110 §8.3.1: "The type
// and subtype tokens are case-insensitive"; white space may precede the parameters).
std::string MediaType(std::string_view value) {
  auto name = value.substr(0, value.find(';'));
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  std::string out(name);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

core::Result<Jwk> KeyCache::Get(const std::string& jwk_json) {
  {
    std::lock_guard lock(mu_);
    if (auto it = keys_.find(jwk_json); it != keys_.end()) return it->second;
  }
  auto parsed = ParseJwk(nlohmann::json::parse(jwk_json, nullptr, false));
  if (!parsed) return parsed;
  std::lock_guard lock(mu_);
  if (keys_.size() >= kMaxEntries) keys_.clear();
  keys_.emplace(jwk_json, *parsed);
  return parsed;
}

http::Response Signed::Answer(http::Response response) const {
  if (!next_nonce.empty()) response.SetHeader("Replay-Nonce", next_nonce);
  return response;
}

std::string BaseUrl(const http::Request& request, const std::string& directory) {
  auto host = request.Header("host");
  return "https://" + std::string(host.value_or("localhost")) + "/acme/" + directory;
}

core::Result<Signed> Authenticate(const http::Request& request, service::AcmeAccounts& accounts,
                                  KeyCache& keys, const std::string& directory, KeyRule rule) {
  // RFC 8555 §6.1: "Each ACME function is accomplished by the client sending a sequence of
  // HTTPS requests"; over plain HTTP a JWS could be replayed by anyone on the path.
  if (!request.is_tls) {
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kTlsRequired,
                      "ACME is served over HTTPS only");
  }
  // §6.2: "the client MUST ... set the Content-Type header field to application/jose+json".
  if (MediaType(request.Header("content-type").value_or("")) != "application/jose+json") {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeUnsupportedMediaType,
                      "the Content-Type must be application/jose+json");
  }
  auto jws = ParseJws(request.body);
  if (!jws) return core::Fail(jws.error());
  // §6.4: "the server MUST ... reject the request as unauthorized" when `url` is not the
  // request's URL.
  auto host = request.Header("host");
  std::string expected = "https://" + std::string(host.value_or("")) + request.target;
  if (jws->header.url != expected) {
    return core::Fail(
        core::ErrorCode::kForbidden, core::Reason::kAcmeUrlMismatch,
        "the JWS url is '" + jws->header.url + "', but this request is for '" + expected + "'");
  }
  const auto& header = jws->header;
  std::optional<Jwk> key;
  std::optional<core::AcmeAccount> account;
  if (header.jwk) {
    if (rule == KeyRule::kKid) {
      return core::Fail(
          Malformed("this request must name its account by `kid`, not carry a `jwk`"));
    }
    auto parsed = ParseJwk(*header.jwk);
    if (!parsed) return core::Fail(parsed.error());
    key.emplace(std::move(*parsed));
  } else {
    if (rule == KeyRule::kJwk) {
      return core::Fail(Malformed("this request must carry its key as `jwk`, not a `kid`"));
    }
    auto id = AccountIdOf(*header.kid, BaseUrl(request, directory) + "/account/");
    if (!id) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeUnknownAccount,
                        "`kid` is not an account URL of this directory");
    }
    auto active = accounts.Active(directory, *id);
    if (!active) return core::Fail(active.error());
    auto parsed = keys.Get(active->jwk);
    if (!parsed)
      return core::Fail(core::InternalError(core::Reason::kBadKey, "stored account key"));
    key.emplace(std::move(*parsed));
    account = std::move(*active);
  }
  Signed out{.jws = std::move(*jws),
             .key = std::move(*key),
             .account = std::move(account),
             .next_nonce = {}};
  if (!VerifyJws(out.jws, out.key.key)) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeBadSignature,
                      "the JWS signature does not verify with the " +
                          std::string(out.jws.header.jwk ? "`jwk`" : "account's key"));
  }
  // §6.5: the nonce last, so a request that fails above leaves a good nonce unused only if
  // it was never a valid request anyway.
  auto client = out.account ? std::to_string(out.account->id.value) : out.key.thumbprint;
  auto next = accounts.UseNonce(out.jws.header.nonce.value_or(""), client);
  if (!next) return core::Fail(next.error());
  out.next_nonce = std::move(*next);
  return out;
}

}  // namespace certkeep::acme
