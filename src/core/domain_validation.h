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
#include "core/ids.h"
#include "core/result.h"

namespace certkeep::core {

/// How control was shown (SCM's dcvMethod spellings, scm-api.md §3.4).
enum class DcvMethod { kHttp, kHttps, kCname, kTxt, kEmail };
[[nodiscard]] std::string_view ToString(DcvMethod method);
[[nodiscard]] std::optional<DcvMethod> ParseDcvMethod(std::string_view text);

/// SCM's order mode spelling of a method ("HTTP", "HTTPS", "CNAME", "TXT", "EMAIL").
[[nodiscard]] std::string_view OrderModeName(DcvMethod method);
[[nodiscard]] std::optional<DcvMethod> ParseOrderMode(std::string_view text);
/// True for DNS and email: they prove the Authorization Domain Name, not one host.
[[nodiscard]] bool ProvesAuthorizationDomain(DcvMethod method);

struct DomainValidationTag {};
using DomainValidationId = Id<DomainValidationTag>;

/// One completed validation: the name it proved, how, and until when it counts.
struct DomainValidation {
  std::string proved_name{};  ///< lower-case A-labels, never a wildcard
  DcvMethod method = DcvMethod::kTxt;
  TimePoint validated_at{};
  TimePoint expires_at{};
  DomainValidationId id{};
  CustomerId customer_id{};
  /// What was found, so a job can look again before the validation lapses: the file
  /// name (HTTP/HTTPS) or CNAME label, and the expected content, target or TXT value.
  std::string token{};
  std::string expected{};
  std::optional<TimePoint> last_recheck{};
  std::string recheck_error{};  ///< why the last re-check failed; empty when it passed
};

/// What the API says about a name: VALIDATED, NOT_VALIDATED or EXPIRED (§3.4).
enum class ValidationState { kNotValidated, kValidated, kExpired };
[[nodiscard]] std::string_view ToString(ValidationState state);

/// The state of `name` at `now` given the customer's validations, and the validation
/// that decides it (the covering one expiring last; for kExpired the last to lapse).
struct NameValidation {
  ValidationState state = ValidationState::kNotValidated;
  const DomainValidation* by = nullptr;
};
[[nodiscard]] NameValidation ValidationOf(const std::vector<DomainValidation>& validations,
                                          std::string_view name, TimePoint now);

struct DcvOrderTag {};
using DcvOrderId = Id<DcvOrderTag>;

/// STARTED: the values are handed out, nothing checked yet (wire NOT_INITIATED);
/// SUBMITTED: the admin says they are in place, checks run (wire SUBMITTED).
enum class DcvOrderState { kStarted, kSubmitted };
[[nodiscard]] std::string_view ToString(DcvOrderState state);

/// The current attempt to prove control of one name: what to publish and what was found.
struct DcvOrder {
  DcvOrderId id{};
  CustomerId customer_id{};
  std::string domain_name{};  ///< the name to prove (never a wildcard)
  DcvMethod method = DcvMethod::kTxt;
  DcvOrderState state = DcvOrderState::kStarted;
  std::string token{};      ///< HTTP(S): the file name; CNAME: the label; else empty
  std::string expected{};   ///< the file's first line, the CNAME target or the TXT value
  std::string email{};      ///< EMAIL: the address the code went to
  std::string code_hash{};  ///< EMAIL: hex SHA-256 of the one-time code, never the code
  std::optional<AdminId> started_by{};
  TimePoint started_at{};
  std::optional<TimePoint> submitted_at{};
  std::optional<TimePoint> last_check{};
  std::optional<TimePoint> next_check{};
  std::string last_error{};  ///< why the last check failed, in the domain owner's words
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
