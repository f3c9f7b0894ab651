#pragma once
// Domain control validation (scm-api.md §2.8): hand out what to publish, look for it,
// record what it proved, and keep it fresh. One order per name at a time; a validation
// per name and method, which covers names as core::ValidationCovers says.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "authz/authz.h"
#include "core/clock.h"
#include "core/domain_validation.h"
#include "core/random.h"
#include "core/result.h"
#include "dcv/control_check.h"
#include "store/store.h"

namespace certkeep::service {

/// From [dcv] and [mail] in certkeep.toml.
struct DcvOptions {
  std::chrono::days validity{397};       ///< how long a validation counts
  std::chrono::days order_lifetime{30};  ///< how long handed-out values may be used
  std::chrono::days recheck_ahead{30};   ///< re-check a validation this long before it lapses
  std::string cname_zone = "dcv.certkeep.invalid";     ///< CNAME targets are <random>.<zone>
  std::string file_second_line = "certkeep";           ///< the HTTP(S) file's second line
  std::string console_url = "https://localhost:8443";  ///< base of links in email
  std::string mail_from = "certkeep <certkeep@localhost>";
};

/// What the API says about one name.
struct DcvStatus {
  std::string name{};
  core::ValidationState state = core::ValidationState::kNotValidated;
  std::optional<core::DomainValidation> validation{};  ///< the one deciding `state`
  std::optional<core::DcvOrder> order{};
  std::string covers{};  ///< which names the validation covers, in words
};

/// The addresses an email validation of a name may go to, per Authorization Domain Name.
struct EmailChoice {
  std::string domain{};
  std::vector<std::string> addresses{};
};

/// A validation list's filters (GET /api/dcv/v1/validation).
struct DcvQuery {
  std::optional<std::string> domain{};  ///< a substring of the name
  std::optional<core::OrgId> org{};
  std::optional<core::ValidationState> state{};
  std::optional<core::DcvOrderState> order_state{};  ///< kStarted also matches "no order"
  std::optional<std::chrono::days> expires_in{};     ///< validated and lapsing within
  std::int64_t position = 0;
  std::int64_t size = 200;
};

/// One registry row as the validation list shows it.
struct DcvRow {
  std::string domain{};
  DcvStatus status{};
};

struct DcvPage {
  std::vector<DcvRow> rows{};
  std::int64_t total = 0;
};

class DomainControl {
 public:
  DomainControl(store::Store& store, const core::Clock& clock, core::RandomSource& random,
                dcv::ControlCheck& check, DcvOptions options)
      : store_(store),
        clock_(clock),
        random_(random),
        check_(check),
        options_(std::move(options)) {}

  [[nodiscard]] const DcvOptions& options() const { return options_; }
  /// Sets the base of links in email once the listener's port is known; call it before
  /// serving requests or running jobs.
  void SetConsoleUrl(std::string url) { options_.console_url = std::move(url); }

  /// Hands out new values for `method` (not email) and replaces any order of the name.
  [[nodiscard]] core::Result<core::DcvOrder> Start(const authz::Principal& who,
                                                   std::string_view name, core::DcvMethod method);
  /// The addresses an email validation of `name` may use (BR 3.2.2.4.4: admin@,
  /// administrator@, hostmaster@, postmaster@, webmaster@ of the name and its parents
  /// down to the registered domain).
  [[nodiscard]] core::Result<std::vector<EmailChoice>> EmailChoices(const authz::Principal& who,
                                                                    std::string_view name);
  /// Whether `email` is one of EmailChoices for `name`: checked by Submit, and for every
  /// name before a bulk submit changes any.
  [[nodiscard]] core::Result<void> CheckEmail(const authz::Principal& who, std::string_view name,
                                              const std::string& email);
  /// Says the values are in place and checks at once; a failed check is retried by
  /// CheckDue until the order lapses. TXT needs no Start (SCM hands its value out here).
  /// EMAIL sends a one-time code to `email` (one of EmailChoices) through the outbox.
  [[nodiscard]] core::Result<DcvStatus> Submit(const authz::Principal& who, std::string_view name,
                                               core::DcvMethod method,
                                               const std::string& email = {});
  [[nodiscard]] core::Result<DcvStatus> Status(const authz::Principal& who, std::string_view name);
  /// The status of a registry row the caller was already allowed to see (Domains::Get).
  [[nodiscard]] core::Result<DcvStatus> StatusOf(const core::Domain& seen);
  /// The caller's registry rows with their validation state.
  [[nodiscard]] core::Result<DcvPage> List(const authz::Principal& who, const DcvQuery& query);
  /// Drops the current order (the validation stays).
  [[nodiscard]] core::Result<DcvStatus> Clear(const authz::Principal& who, std::string_view name);
  /// Drops the validations of exactly `name` and its order.
  [[nodiscard]] core::Result<void> Delete(const authz::Principal& who, std::string_view name);

  /// The name an email order proves, if `code` is its code (for the confirmation page,
  /// which changes nothing).
  [[nodiscard]] core::Result<std::string> PeekEmailOrder(core::DcvOrderId id,
                                                         std::string_view code);
  /// The recipient's answer: records the validation when `code` is the order's code.
  [[nodiscard]] core::Result<std::string> ConfirmEmail(core::DcvOrderId id, std::string_view code,
                                                       const std::string& source);

  /// Checks the submitted orders that are due; returns how many were checked.
  [[nodiscard]] core::Result<int> CheckDue(int limit = 50);
  /// Looks again at the evidence of validations nearing their end: found again renews
  /// them, not found lets them lapse. Returns how many were re-checked.
  [[nodiscard]] core::Result<int> RecheckExpiring(int limit = 50);

 private:
  core::Result<DcvStatus> CheckAndRecord(const core::DcvOrder& order, const std::string& actor,
                                         const std::string& source);
  core::Result<DcvStatus> StatusIn(store::Transaction& tx, core::CustomerId customer,
                                   const std::string& name);
  std::string RandomHex(std::size_t bytes);

  store::Store& store_;
  const core::Clock& clock_;
  core::RandomSource& random_;
  dcv::ControlCheck& check_;
  DcvOptions options_;
};

}  // namespace certkeep::service
