#pragma once
// What a domain control validation proves, and the issuance gate every issuance path
// asks: each name of a certificate must be under an active registry row delegated
// (ACTIVE) to the request's organization or department for the certificate type, with
// the privilege the name needs, and be covered by an unexpired validation.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/domain.h"
#include "core/result.h"

namespace certkeep::core {

/// How control was shown (SCM's dcvMethod spellings, scm-api.md §3.4).
enum class DcvMethod { kHttp, kHttps, kCname, kTxt, kEmail };
[[nodiscard]] std::string_view ToString(DcvMethod method);
[[nodiscard]] std::optional<DcvMethod> ParseDcvMethod(std::string_view text);

/// One completed validation: the name it proved, how, and until when it counts.
struct DomainValidation {
  std::string proved_name{};  ///< lower-case A-labels, never a wildcard
  DcvMethod method = DcvMethod::kTxt;
  TimePoint validated_at{};
  TimePoint expires_at{};
};

/// True when `validation` covers `name` at `now`. DNS (CNAME, TXT) and email prove the
/// Authorization Domain Name and so cover it, its subdomains and wildcards below it; HTTP
/// and HTTPS file checks prove only that exact host, never a wildcard (CA/Browser Forum
/// Baseline Requirements 3.2.2.4.18 and .19).
[[nodiscard]] bool ValidationCovers(const DomainValidation& validation, std::string_view name,
                                    TimePoint now);

/// The names `validation` covers, as the console and the API say it: "example.org and
/// every name below it" or "www.example.org only".
[[nodiscard]] std::string DescribeCoverage(const DomainValidation& validation);

/// Checks every name of a request for `org` and `type` against `domains` (the candidate
/// registry rows) and `validations`. The first name that fails decides the error:
/// RejectedIdentifier (kNameNotDelegated) when no active row delegated to `org` covers
/// it, DcvIncomplete (kDcvIncomplete) when one does but no validation covers it.
[[nodiscard]] Result<void> CheckIssuanceGate(const std::vector<Domain>& domains,
                                             const std::vector<DomainValidation>& validations,
                                             OrgId org, CertType type,
                                             const std::vector<std::string>& names, TimePoint now);

}  // namespace certkeep::core
