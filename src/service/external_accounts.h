#pragma once
// SCM's ACME accounts (scm-api.md §2.9): an admin creates External Account Binding
// credentials (macId, macKey) bound to an organization or department, hands them to a
// web server's ACME client, and may limit them to some of the scope's domains. Every
// action is authorized here, in the scope of the account's organization or department.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "authz/authz.h"
#include "core/acme.h"
#include "core/clock.h"
#include "core/domain_validation.h"
#include "core/random.h"
#include "core/result.h"
#include "service/notifier.h"
#include "store/store.h"

namespace certkeep::service {

/// An ACME directory certkeep serves (GET /api/acme/v1/server).
struct AcmeDirectoryInfo {
  std::string name{};  ///< the path segment: /acme/{name}/directory
  std::string url{};   ///< the directory URL clients are given
  bool requires_eab = true;
  /// Without EAB: the organization or department every account of it acts for.
  std::optional<core::OrgId> default_org{};
};

/// A new ACME account as POST /api/acme/v1/account takes it.
struct ExternalAccountRequest {
  std::string name{};
  std::string acme_server{};  ///< a directory URL of Directories() that requires EAB
  core::OrgId org_id{};
};

/// What adding or removing domains could not do: the names, each with why.
struct DomainsNotChanged {
  std::vector<std::string> names{};
};

/// One of an account's domains, with the validation that covers it (if one does).
struct ExternalAccountDomain {
  std::string name{};
  std::optional<core::DomainValidation> validation{};  ///< the covering one expiring last
};

/// SCM's ACME accounts: their EAB credentials, names and domains.
class ExternalAccounts {
 public:
  /// `directories` is the caller's, and outlives this: their URLs are known only once the
  /// server listens (cli/serve.cpp fills them in before serving).
  ExternalAccounts(store::Store& store, const core::Clock& clock, core::RandomSource& random,
                   const std::vector<AcmeDirectoryInfo>& directories)
      : store_(store), clock_(clock), random_(random), directories_(directories) {}

  /// Rules' notifications of this use case's events go through `notifier` (cli/serve.cpp
  /// wires it; without one, none are written).
  void SetNotifier(Notifier& notifier) { notifier_ = &notifier; }

  /// The directories accounts can be created for (those requiring EAB), for GET
  /// /api/acme/v1/server (any admin of the customer).
  [[nodiscard]] core::Result<std::vector<AcmeDirectoryInfo>> Directories(
      const authz::Principal& who) const;
  /// Creates one in `request.org_id` with a new macId and a 256-bit macKey.
  [[nodiscard]] core::Result<core::ExternalAccount> Create(const authz::Principal& who,
                                                           const ExternalAccountRequest& request);
  /// The caller's customer's accounts in its scope, filtered by `query`.
  [[nodiscard]] core::Result<store::ExternalAccountPage> List(const authz::Principal& who,
                                                              store::ExternalAccountQuery query);
  /// One account in the caller's scope; NotFound otherwise.
  [[nodiscard]] core::Result<core::ExternalAccount> Get(const authz::Principal& who,
                                                        core::ExternalAccountId id);
  /// Renames it (name required, at most 256 characters).
  [[nodiscard]] core::Result<void> Rename(const authz::Principal& who, core::ExternalAccountId id,
                                          const std::string& name);
  /// Deletes it, in one transaction with deactivating the ACME accounts registered with
  /// it: its macId is refused from then on, and their clients can order no more.
  [[nodiscard]] core::Result<void> Delete(const authz::Principal& who, core::ExternalAccountId id);
  /// Limits the account to `names` too: each must be a registered domain delegated to the
  /// account's organization or department (else it is in `notAdded`).
  [[nodiscard]] core::Result<DomainsNotChanged> AddDomains(const authz::Principal& who,
                                                           core::ExternalAccountId id,
                                                           const std::vector<std::string>& names);
  /// Removes `names` from the account's domains; those it does not have are in `names`.
  [[nodiscard]] core::Result<DomainsNotChanged> RemoveDomains(
      const authz::Principal& who, core::ExternalAccountId id,
      const std::vector<std::string>& names);
  /// The account's domains with their validations (GET /api/acme/v2/account/{id}/domain).
  [[nodiscard]] core::Result<std::vector<ExternalAccountDomain>> DomainsOf(
      const authz::Principal& who, core::ExternalAccountId id);
  /// The ACME accounts registered with each of `ids` the caller may see, oldest first, by
  /// external account id: SCM shows the first one's id and contacts.
  [[nodiscard]] core::Result<std::map<std::int64_t, std::vector<core::AcmeAccount>>> Registrations(
      const authz::Principal& who, const std::vector<core::ExternalAccountId>& ids);

 private:
  store::Store& store_;
  const core::Clock& clock_;
  core::RandomSource& random_;
  const std::vector<AcmeDirectoryInfo>& directories_;
  Notifier* notifier_ = nullptr;
};

}  // namespace certkeep::service
