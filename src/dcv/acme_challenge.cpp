#include "dcv/acme_challenge.h"

#include <algorithm>

#include "core/random.h"
#include "pki/tls_probe.h"

namespace certkeep::dcv {

namespace {

core::Error Incorrect(std::string detail) {
  return core::Error(core::ErrorCode::kForbidden, core::Reason::kAcmeIncorrectResponse,
                     std::move(detail));
}

// What was found, short enough for an error detail and free of control characters.
std::string Shown(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 80)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return text.size() > 80 ? out + "..." : out;
}

}  // namespace

core::Result<void> NetworkChallengeCheck::Check(core::ChallengeType type, const std::string& name,
                                                const std::string& token,
                                                const std::string& expected) {
  switch (type) {
    case core::ChallengeType::kHttp01: {
      // RFC 8555 §8.3: "http://{domain}/.well-known/acme-challenge/{token}"; redirects are
      // followed (the fetcher allows the BR's kinds, to ports 80 and 443 only).
      std::string url = "http://" + name + "/.well-known/acme-challenge/" + token;
      auto got = fetcher_.Get(url);
      if (!got) return core::Fail(got.error());
      // "The server SHOULD ignore whitespace characters at the end of the body."
      std::string body = got->body;
      while (!body.empty() && std::string_view(" \t\r\n").find(body.back()) != std::string::npos) {
        body.pop_back();
      }
      if (body != expected) {
        return core::Fail(Incorrect(url + " answered '" + Shown(body) +
                                    "', not the key authorization '" + expected + "'"));
      }
      return core::Ok();
    }
    case core::ChallengeType::kDns01: {
      // §8.4: a TXT record at "_acme-challenge." + the domain holding the digest.
      std::string at = "_acme-challenge." + name;
      auto records = dns_.Txt(at);
      if (!records) return core::Fail(records.error());
      if (std::find(records->begin(), records->end(), expected) != records->end()) {
        return core::Ok();
      }
      std::string found;
      for (const auto& r : *records) found += (found.empty() ? "'" : ", '") + Shown(r) + "'";
      return core::Fail(
          Incorrect("the TXT records of " + at + " are " + found + ", not '" + expected + "'"));
    }
    case core::ChallengeType::kTlsAlpn01:
      return CheckTlsAlpn(name, expected);
  }
  return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                    "this challenge type is not offered");
}

core::Result<void> NetworkChallengeCheck::CheckTlsAlpn(const std::string& name,
                                                       const std::string& expected) {
  auto addresses = dns_.Addresses(name);
  if (!addresses) return core::Fail(addresses.error());
  auto allowed = [this](const std::string& ip) {
    return IsPublicAddress(ip) ||
           std::find(tls_.allowed_addresses.begin(), tls_.allowed_addresses.end(), ip) !=
               tls_.allowed_addresses.end();
  };
  auto ip = std::find_if(addresses->begin(), addresses->end(), allowed);
  if (ip == addresses->end()) {
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kFetchForbiddenAddress,
                      name + " has no address certkeep may connect to");
  }
  auto probe = pki::ProbeAcmeTlsAlpn(*ip, tls_.port, name, tls_.timeout);
  if (!probe) return core::Fail(probe.error());
  // RFC 8737 §3: the protocol negotiated, exactly one dNSName (the name), and a critical
  // acmeIdentifier extension holding the digest.
  if (probe->alpn != "acme-tls/1") {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeTlsFailure,
                      name + " did not negotiate the acme-tls/1 protocol");
  }
  // §3: "The subjectAltName extension MUST contain a single dNSName entry ... and no
  // other entries" (an IP address beside it is another entry).
  if (probe->dns_names != std::vector<std::string>{name} || probe->alt_names != 1) {
    return core::Fail(Incorrect("the certificate " + name +
                                " presented must name exactly that name in its subjectAltName"));
  }
  if (!probe->acme_identifier || !probe->acme_identifier_critical) {
    return core::Fail(Incorrect("the certificate " + name +
                                " presented has no critical acmeIdentifier extension"));
  }
  const auto& digest = *probe->acme_identifier;
  if (core::Base64Url(std::vector<std::uint8_t>(digest.begin(), digest.end())) != expected) {
    return core::Fail(Incorrect("the acmeIdentifier of the certificate " + name +
                                " presented is not the digest of the key authorization"));
  }
  return core::Ok();
}

}  // namespace certkeep::dcv
