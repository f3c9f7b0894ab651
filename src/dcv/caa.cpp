#include "dcv/caa.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/domain_coverage.h"

namespace certkeep::dcv {

namespace {

// RFC 8659 §4.1: "Issuer Critical Flag: [...] bit 0", the most significant bit.
constexpr std::uint8_t kIssuerCritical = 0x80;

// The tags we know: RFC 8659's (issue, issuewild, iodef), the CA/Browser Forum's
// contactemail and contactphone, RFC 9495's issuemail and the BIMI group's issuevmc,
// all in IANA's registry. "A CA MUST NOT issue [...] if the Relevant RRset [...] contains a
// CAA critical Property for an unknown or unsupported Property Tag" (§4.1).
constexpr std::array<std::string_view, 7> kKnownTags = {
    "issue", "issuewild", "iodef", "contactemail", "contactphone", "issuemail", "issuevmc"};

bool IsWhitespace(char c) {
  return c == ' ' || c == '\t';
}
bool IsAlnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsWhitespace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsWhitespace(s.back())) s.remove_suffix(1);
  return s;
}

// label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT)); a parameter's tag has this shape too.
bool IsLabel(std::string_view s) {
  return !s.empty() && IsAlnum(s.front()) && IsAlnum(s.back()) &&
         std::all_of(s.begin(), s.end(), [](char c) { return IsAlnum(c) || c == '-'; });
}

// issuer-domain-name = label *("." label)
bool IsIssuerDomainName(std::string_view s) {
  for (;;) {
    auto dot = s.find('.');
    if (!IsLabel(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

// parameters = (parameter *WSP ";" *WSP parameters) / parameter
// parameter = tag *WSP "=" *WSP value;  value = *(%x21-3A / %x3C-7E)
bool AreParameters(std::string_view s) {
  for (;;) {
    auto semi = s.find(';');
    auto parameter = Trim(s.substr(0, semi));
    auto equals = parameter.find('=');
    if (equals == std::string_view::npos || !IsLabel(Trim(parameter.substr(0, equals)))) {
      return false;
    }
    auto value = Trim(parameter.substr(equals + 1));
    if (!std::all_of(value.begin(), value.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
      return false;
    }
    if (semi == std::string_view::npos) return true;
    s.remove_prefix(semi + 1);
  }
}

// Lower case without a trailing dot: how two domain names compare.
std::string Canonical(std::string_view name) {
  if (name.ends_with('.')) name.remove_suffix(1);
  std::string out(name);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The issuer-domain-name of an issue or issuewild value, "" when it names none. RFC 8659
// §4.2: issue-value = *WSP [issuer-domain-name *WSP] [";" *WSP [parameters *WSP]], and
// "An issue Property Tag where the issue-value does not match the ABNF grammar MUST be
// treated the same as one specifying an empty issuer-domain-name." One trailing dot on
// the name is forgiven (the grammar has none; zone files often do).
std::string_view IssuerDomainName(std::string_view value) {
  auto semi = value.find(';');
  auto name = Trim(value.substr(0, semi));
  if (semi != std::string_view::npos) {
    auto parameters = Trim(value.substr(semi + 1));
    if (!parameters.empty() && !AreParameters(parameters)) return {};
  }
  if (name.ends_with('.')) name.remove_suffix(1);
  if (!name.empty() && !IsIssuerDomainName(name)) return {};
  return name;
}

bool NamesUs(const CaaRecord& property, const std::vector<std::string>& issuer_domains) {
  auto named = IssuerDomainName(property.value);
  // RFC 8659 §4.2: "FQDN owners can use an issue Property Tag with no issuer-domain-name
  // to request no issuance."
  if (named.empty()) return false;
  auto canonical = Canonical(named);
  return std::any_of(issuer_domains.begin(), issuer_domains.end(),
                     [&](const std::string& ours) { return Canonical(ours) == canonical; });
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += " or ";
    out += n;
  }
  return out;
}

// The parent of a name, "" past the top-level domain: the root is never asked.
std::string_view Parent(std::string_view name) {
  auto dot = name.find('.');
  return dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
}

}  // namespace

CaaVerdict EvaluateCaa(const std::vector<CaaRecord>& records, bool is_wildcard,
                       const std::vector<std::string>& issuer_domains) {
  std::vector<const CaaRecord*> issue;
  std::vector<const CaaRecord*> issuewild;
  for (const auto& record : records) {
    if (record.tag == "issue") issue.push_back(&record);
    if (record.tag == "issuewild") issuewild.push_back(&record);
    bool is_known = std::find(kKnownTags.begin(), kKnownTags.end(), record.tag) != kKnownTags.end();
    if ((record.flags & kIssuerCritical) != 0 && !is_known) {
      return CaaVerdict::kUnknownCriticalProperty;
    }
  }
  // RFC 8659 §4.3: "Each issuewild Property MUST be ignored when processing a request for
  // an FQDN that is not a Wildcard Domain Name. If at least one issuewild Property is
  // specified in the Relevant RRset for a Wildcard Domain Name, each issue Property MUST
  // be ignored [...]".
  const auto& relevant = is_wildcard && !issuewild.empty() ? issuewild : issue;
  // §4.2: it is "the presence of an issue Property Tag" that restricts issuance, so a set
  // without one (only iodef, say) restricts no one.
  if (relevant.empty()) return CaaVerdict::kAuthorized;
  bool is_named = std::any_of(relevant.begin(), relevant.end(), [&](const CaaRecord* property) {
    return NamesUs(*property, issuer_domains);
  });
  return is_named ? CaaVerdict::kAuthorized : CaaVerdict::kNotAuthorized;
}

core::Result<void> CheckCaa(DnsResolver& dns, std::string_view name,
                            const std::vector<std::string>& issuer_domains) {
  if (issuer_domains.empty()) return core::Ok();
  auto [base, is_wildcard] = core::SplitWildcard(name);
  auto domain = Canonical(base);
  // RFC 8659 §3: the Relevant RRset is the first non-empty CAA RRset found climbing from
  // the name to its parents.
  for (std::string_view at = domain; !at.empty(); at = Parent(at)) {
    std::string here(at);
    auto records = dns.Caa(here);
    if (!records) {
      if (records.error().reason() == core::Reason::kDnsNoRecord) continue;
      const auto& e = records.error();
      return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kDnsFailure,
                        "CAA lookup failed for " + here,
                        e.detail() + (e.internal().empty() ? "" : ": " + e.internal()));
    }
    if (records->empty()) continue;
    switch (EvaluateCaa(*records, is_wildcard, issuer_domains)) {
      case CaaVerdict::kAuthorized:
        return core::Ok();
      case CaaVerdict::kNotAuthorized:
        return core::Fail(core::ErrorCode::kRejectedIdentifier, core::Reason::kCaaForbids,
                          "CAA records for " + here + " do not authorize " + Join(issuer_domains) +
                              " to issue for " + std::string(name));
      case CaaVerdict::kUnknownCriticalProperty:
        return core::Fail(core::ErrorCode::kRejectedIdentifier, core::Reason::kCaaForbids,
                          "CAA records for " + here +
                              " hold a critical property certkeep does not know, which "
                              "forbids issuing for " +
                              std::string(name));
    }
  }
  return core::Ok();
}

}  // namespace certkeep::dcv
