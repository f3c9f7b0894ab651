#include "core/domain_validation.h"

#include "core/domain_coverage.h"

namespace certkeep::core {

namespace {

struct MethodRow {
  DcvMethod method;
  std::string_view name;  // dcvMethod / validationMethod
  std::string_view mode;  // dcvOrderMethod / orderMode
  bool proves_adn;        // DNS and email: the Authorization Domain Name; HTTP(S): one host
};
constexpr MethodRow kMethods[] = {
    {DcvMethod::kHttp, "HTTP_CSR_HASH", "HTTP", false},
    {DcvMethod::kHttps, "HTTPS_CSR_HASH", "HTTPS", false},
    {DcvMethod::kCname, "CNAME_CSR_HASH", "CNAME", true},
    {DcvMethod::kTxt, "DNSTXT_RANDOM_VALUE", "TXT", true},
    {DcvMethod::kEmail, "EMAIL", "EMAIL", true},
};

const MethodRow& RowOf(DcvMethod m) {
  for (const auto& r : kMethods) {
    if (r.method == m) return r;
  }
  return kMethods[0];
}

bool IsAtOrBelow(std::string_view name, std::string_view base) {
  return name == base || (name.size() > base.size() + 1 && name.ends_with(base) &&
                          name[name.size() - base.size() - 1] == '.');
}

}  // namespace

std::string_view ToString(DcvMethod method) {
  return RowOf(method).name;
}

std::optional<DcvMethod> ParseDcvMethod(std::string_view text) {
  for (const auto& r : kMethods) {
    if (r.name == text) return r.method;
  }
  return std::nullopt;
}

std::string_view OrderModeName(DcvMethod method) {
  return RowOf(method).mode;
}

std::optional<DcvMethod> ParseOrderMode(std::string_view text) {
  for (const auto& r : kMethods) {
    if (r.mode == text) return r.method;
  }
  return std::nullopt;
}

bool ProvesAuthorizationDomain(DcvMethod method) {
  return RowOf(method).proves_adn;
}

std::string_view ToString(ValidationState state) {
  switch (state) {
    case ValidationState::kValidated:
      return "VALIDATED";
    case ValidationState::kExpired:
      return "EXPIRED";
    case ValidationState::kNotValidated:
      break;
  }
  return "NOT_VALIDATED";
}

std::string_view ToString(DcvOrderState state) {
  return state == DcvOrderState::kSubmitted ? "SUBMITTED" : "NOT_INITIATED";
}

NameValidation ValidationOf(const std::vector<DomainValidation>& validations, std::string_view name,
                            TimePoint now) {
  NameValidation best;
  for (const auto& v : validations) {
    // Would it cover the name had it not lapsed? Judge it at a moment it was valid.
    if (!ValidationCovers(v, name, v.validated_at)) continue;
    bool live = now < v.expires_at;
    auto state = live ? ValidationState::kValidated : ValidationState::kExpired;
    if (best.by == nullptr ||
        (state == ValidationState::kValidated && best.state != ValidationState::kValidated) ||
        (state == best.state && v.expires_at > best.by->expires_at)) {
      best = {state, &v};
    }
  }
  return best;
}

bool ValidationCovers(const DomainValidation& v, std::string_view name, TimePoint now) {
  if (now >= v.expires_at || v.proved_name.empty()) return false;
  auto [base, is_wildcard] = SplitWildcard(name);
  if (!RowOf(v.method).proves_adn) return !is_wildcard && name == v.proved_name;
  return IsAtOrBelow(base, v.proved_name);
}

std::string DescribeCoverage(const DomainValidation& v) {
  if (RowOf(v.method).proves_adn) {
    return v.proved_name + ", every name below it and their wildcards";
  }
  return v.proved_name + " only (a file check proves one host)";
}

Result<void> CheckIssuanceGate(const std::vector<Domain>& domains,
                               const std::vector<DomainValidation>& validations, OrgId org,
                               CertType type, const std::vector<std::string>& names,
                               TimePoint now) {
  for (const auto& name : names) {
    bool delegated = false;
    for (const auto& d : domains) {
      if (!d.active) continue;
      const auto* g = d.DelegationTo(org);
      if (g == nullptr || g->status != DelegationStatus::kActive || !g->cert_types.contains(type)) {
        continue;
      }
      if (Covers(d.name, g->privileges, name)) {
        delegated = true;
        break;
      }
    }
    if (!delegated) {
      return Fail(ErrorCode::kRejectedIdentifier, Reason::kNameNotDelegated,
                  "'" + name +
                      "' is not in an active domain delegated to organization or "
                      "department " +
                      std::to_string(org.value) + " for " + std::string(ToString(type)) +
                      " with the privilege it needs");
    }
    bool validated = false;
    for (const auto& v : validations) validated = validated || ValidationCovers(v, name, now);
    if (!validated) {
      return Fail(ErrorCode::kDcvIncomplete, Reason::kDcvIncomplete,
                  "DCV incomplete or expired for " + name);
    }
  }
  return Ok();
}

}  // namespace certkeep::core
