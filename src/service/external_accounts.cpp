#include "service/external_accounts.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "service/audit_log.h"
#include "service/domains.h"
#include "service/scope.h"
#include "service/ssl_internal.h"

namespace certkeep::service {

namespace {

// base64url that does not start with '-': admins paste macId and macKey into command lines
// ("certbot --eab-kid ID"), where a leading '-' reads as an option and the client refuses
// (seen: one run in 64). The first character becomes 'A' then: still base64url, and the
// 6 bits lost leave a 32-byte key 250 bits.
std::string CommandLineSafeToken(core::RandomSource& random, std::size_t bytes) {
  auto token = core::RandomToken(random, bytes);
  if (!token.empty() && token.front() == '-') token.front() = 'A';
  return token;
}

using authz::Action;
using authz::Place;
using nlohmann::json;

// 160 bits make a key identifier nobody guesses; 256 bits are HS256's full key strength
// (RFC 8555 §7.3.4 binds the account key with a MAC under this key).
constexpr std::size_t kMacIdBytes = 20;
constexpr std::size_t kMacKeyBytes = 32;

core::Error NotFound(core::ExternalAccountId id) {
  return core::Error(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                     "ACME account " + std::to_string(id.value) + " not found");
}

// The name as stored: surrounding blanks dropped, required, at most 256 characters.
core::Result<std::string> CheckedName(std::string name) {
  name.erase(0, name.find_first_not_of(" \t"));
  name.erase(name.find_last_not_of(" \t") + 1);
  if (name.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kMissingField,
                      "name is required but missing");
  }
  if (name.size() > 256) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "name: at most 256 characters");
  }
  return name;
}

// The directory an account is created for: `requested`, or the first that takes EAB.
core::Result<std::string> EabDirectory(const std::vector<AcmeDirectoryInfo>& directories,
                                       const std::string& requested) {
  std::string urls;
  for (const auto& d : directories) {
    if (!d.requires_eab) continue;
    if (requested.empty() || d.url == requested) return d.url;
    urls += (urls.empty() ? "" : ", ") + d.url;
  }
  if (urls.empty()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                      "acmeServer: certkeep serves no ACME directory that takes external "
                      "accounts (is [acme] enabled?)");
  }
  return core::Fail(core::ErrorCode::kMalformed, core::Reason::kInvalidField,
                    "acmeServer: '" + requested +
                        "' is not an ACME server of certkeep that takes external accounts; "
                        "one of: " +
                        urls + " (GET /api/acme/v1/server)");
}

// What the audit log keeps of an account: everything an admin sees but the macKey.
json Summary(const core::ExternalAccount& a) {
  return {{"name", a.name},    {"acmeServer", a.acme_server},        {"orgId", a.org_id.value},
          {"macId", a.key_id}, {"status", core::ToString(a.status)}, {"domains", a.domains}};
}

core::Result<void> Audited(store::Transaction& tx, const core::Clock& clock,
                           const authz::Principal& who, std::string action,
                           core::ExternalAccountId id, const json& detail) {
  auto a = RecordAudit(tx, clock,
                       AuditBy(who, std::move(action), "acmeAccount", id.value, detail.dump()));
  if (!a) return core::Fail(a.error());
  return core::Ok();
}

// The account `id` of the caller's customer, seen with kListAcmeAccounts at its place,
// that place allowing `action`. One the caller may not see is NotFound, as SCM has it.
core::Result<core::ExternalAccount> Load(store::Transaction& tx, const authz::Principal& who,
                                         core::ExternalAccountId id, Action action) {
  auto account = tx.external_accounts().Get(id);
  if (!account) {
    if (account.error().code() == core::ErrorCode::kNotFound) return core::Fail(NotFound(id));
    return core::Fail(account.error());
  }
  if (account->customer_id != who.customer_id) return core::Fail(NotFound(id));
  auto org = tx.organizations().Get(account->org_id);
  if (!org) return core::Fail(org.error());
  auto place = Place::Of(*org);
  if (!authz::Authorize(who, Action::kListAcmeAccounts, place, core::CertType::kSsl)) {
    return core::Fail(NotFound(id));
  }
  if (action != Action::kListAcmeAccounts) {
    if (auto r = authz::Authorize(who, action, place, core::CertType::kSsl); !r) {
      return core::Fail(r.error());
    }
  }
  return account;
}

// True when the registry delegates a domain covering `name` to `org` for SSL. The
// issuance gate asked without validations refuses every name: one refused only for want
// of a validation is delegated (its clients validate it per order).
core::Result<bool> Delegated(store::Transaction& tx, core::CustomerId customer, core::OrgId org,
                             const std::string& name, core::TimePoint now) {
  auto candidates = tx.domains().ListCandidates(customer, name);
  if (!candidates) return core::Fail(candidates.error());
  auto gate = core::CheckIssuanceGate(*candidates, {}, org, core::CertType::kSsl, {name}, now);
  return gate.has_value() || gate.error().reason() == core::Reason::kDcvIncomplete;
}

}  // namespace

core::Result<std::vector<AcmeDirectoryInfo>> ExternalAccounts::Directories(
    const authz::Principal& who) const {
  if (auto r = authz::Authorize(who, Action::kListAcmeAccounts, Place::Customer(who.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  std::vector<AcmeDirectoryInfo> out;
  std::copy_if(directories_.begin(), directories_.end(), std::back_inserter(out),
               [](const AcmeDirectoryInfo& d) { return d.requires_eab; });
  return out;
}

core::Result<core::ExternalAccount> ExternalAccounts::Create(
    const authz::Principal& who, const ExternalAccountRequest& request) {
  auto name = CheckedName(request.name);
  if (!name) return core::Fail(name.error());
  auto server = EabDirectory(directories_, request.acme_server);
  if (!server) return core::Fail(server.error());
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::ExternalAccount> {
    auto org = ssl_internal::OrgOf(tx, who.customer_id, request.org_id);
    if (!org) return core::Fail(org.error());
    if (auto r = authz::Authorize(who, Action::kManageAcmeAccounts, Place::Of(*org),
                                  core::CertType::kSsl);
        !r) {
      return core::Fail(r.error());
    }
    core::ExternalAccount account{.customer_id = who.customer_id,
                                  .org_id = org->id,
                                  .name = *name,
                                  .acme_server = *server,
                                  .key_id = CommandLineSafeToken(random_, kMacIdBytes),
                                  .mac_key = CommandLineSafeToken(random_, kMacKeyBytes),
                                  .status = core::ExternalAccountStatus::kPending,
                                  .cert_validation_type = "DV",
                                  .domains = {},
                                  .created_at = clock_.Now()};
    auto id = tx.external_accounts().Insert(account);
    if (!id) return core::Fail(id.error());
    account.id = *id;
    if (notifier_) {
      NotificationEvent event{.type = core::NotificationType::kAcmeAccountCreated,
                              .customer = who.customer_id,
                              .org = *org,
                              .object_kind = "acme-account",
                              .object_id = id->value,
                              .requester_id = who.admin_id,
                              .values = {{"account", account.name},
                                         {"organization", org->name},
                                         {"requester", who.login},
                                         {"status", "pending"}},
                              .path = "/acme-accounts/" + std::to_string(id->value)};
      if (auto n = notifier_->Emit(tx, clock_.Now(), event); !n) return core::Fail(n.error());
    }
    if (auto r = Audited(tx, clock_, who, "acmeAccount.create", account.id,
                         {{"after", Summary(account)}});
        !r) {
      return core::Fail(r.error());
    }
    return account;
  });
}

core::Result<store::ExternalAccountPage> ExternalAccounts::List(const authz::Principal& who,
                                                                store::ExternalAccountQuery query) {
  if (auto r = authz::Authorize(who, Action::kListAcmeAccounts, Place::Customer(who.customer_id));
      !r) {
    return core::Fail(r.error());
  }
  query.customer = who.customer_id;
  query.within.reset();
  query.size = std::clamp<std::int64_t>(query.size, 0, 200);
  query.position = std::max<std::int64_t>(query.position, 0);
  return store_.Read([&](store::Transaction& tx) -> core::Result<store::ExternalAccountPage> {
    auto within = CoveredOrgs(tx, who, core::CertType::kSsl);
    if (!within) return core::Fail(within.error());
    query.within = std::move(*within);
    return tx.external_accounts().List(query);
  });
}

core::Result<core::ExternalAccount> ExternalAccounts::Get(const authz::Principal& who,
                                                          core::ExternalAccountId id) {
  return store_.Read(
      [&](store::Transaction& tx) { return Load(tx, who, id, Action::kListAcmeAccounts); });
}

core::Result<void> ExternalAccounts::Rename(const authz::Principal& who, core::ExternalAccountId id,
                                            const std::string& name) {
  auto checked = CheckedName(name);
  if (!checked) return core::Fail(checked.error());
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto account = Load(tx, who, id, Action::kManageAcmeAccounts);
    if (!account) return core::Fail(account.error());
    json detail = {{"before", {{"name", account->name}}}, {"after", {{"name", *checked}}}};
    account->name = *checked;
    if (auto r = tx.external_accounts().Update(*account); !r) return r;
    return Audited(tx, clock_, who, "acmeAccount.rename", id, detail);
  });
}

core::Result<void> ExternalAccounts::Delete(const authz::Principal& who,
                                            core::ExternalAccountId id) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto account = Load(tx, who, id, Action::kManageAcmeAccounts);
    if (!account) return core::Fail(account.error());
    auto registered = tx.acme().AccountsOf(id);
    if (!registered) return core::Fail(registered.error());
    int deactivated = 0;
    for (auto& acme : *registered) {
      if (acme.status != core::AcmeAccountStatus::kValid) continue;
      acme.status = core::AcmeAccountStatus::kDeactivated;
      if (auto r = tx.acme().UpdateAccount(acme); !r) return r;
      ++deactivated;
    }
    if (auto r = tx.external_accounts().Delete(id); !r) return r;
    return Audited(tx, clock_, who, "acmeAccount.delete", id,
                   {{"before", Summary(*account)}, {"deactivatedAcmeAccounts", deactivated}});
  });
}

core::Result<DomainsNotChanged> ExternalAccounts::AddDomains(
    const authz::Principal& who, core::ExternalAccountId id,
    const std::vector<std::string>& names) {
  auto now = clock_.Now();
  return store_.Transact([&](store::Transaction& tx) -> core::Result<DomainsNotChanged> {
    auto account = Load(tx, who, id, Action::kManageAcmeAccounts);
    if (!account) return core::Fail(account.error());
    DomainsNotChanged refused;
    std::vector<std::string> added;
    std::set<std::string> seen(account->domains.begin(), account->domains.end());
    for (const auto& raw : names) {
      auto name = NormalizeDomainName(raw);
      if (!name) {
        refused.names.push_back(raw);
        continue;
      }
      if (!seen.insert(*name).second) continue;  // on the account already, or asked twice
      auto delegated = Delegated(tx, who.customer_id, account->org_id, *name, now);
      if (!delegated) return core::Fail(delegated.error());
      if (*delegated) {
        added.push_back(*name);
      } else {
        refused.names.push_back(raw);
      }
    }
    if (added.empty()) return refused;
    account->domains.insert(account->domains.end(), added.begin(), added.end());
    if (auto r = tx.external_accounts().Update(*account); !r) return core::Fail(r.error());
    if (auto r = Audited(tx, clock_, who, "acmeAccount.domains.add", id,
                         {{"added", added}, {"notAdded", refused.names}});
        !r) {
      return core::Fail(r.error());
    }
    return refused;
  });
}

core::Result<DomainsNotChanged> ExternalAccounts::RemoveDomains(
    const authz::Principal& who, core::ExternalAccountId id,
    const std::vector<std::string>& names) {
  return store_.Transact([&](store::Transaction& tx) -> core::Result<DomainsNotChanged> {
    auto account = Load(tx, who, id, Action::kManageAcmeAccounts);
    if (!account) return core::Fail(account.error());
    DomainsNotChanged refused;
    std::vector<std::string> removed;
    std::set<std::string> asked;
    for (const auto& raw : names) {
      auto normalized = NormalizeDomainName(raw);
      const auto& name = normalized ? *normalized : raw;
      if (!asked.insert(name).second) continue;
      auto at = std::find(account->domains.begin(), account->domains.end(), name);
      if (at == account->domains.end()) {
        refused.names.push_back(raw);
        continue;
      }
      account->domains.erase(at);
      removed.push_back(name);
    }
    if (removed.empty()) return refused;
    if (auto r = tx.external_accounts().Update(*account); !r) return core::Fail(r.error());
    if (auto r = Audited(tx, clock_, who, "acmeAccount.domains.remove", id,
                         {{"removed", removed}, {"notRemoved", refused.names}});
        !r) {
      return core::Fail(r.error());
    }
    return refused;
  });
}

core::Result<std::vector<ExternalAccountDomain>> ExternalAccounts::DomainsOf(
    const authz::Principal& who, core::ExternalAccountId id) {
  auto now = clock_.Now();
  return store_.Read(
      [&](store::Transaction& tx) -> core::Result<std::vector<ExternalAccountDomain>> {
        auto account = Load(tx, who, id, Action::kListAcmeAccounts);
        if (!account) return core::Fail(account.error());
        std::vector<ExternalAccountDomain> out;
        for (const auto& name : account->domains) {
          auto validations = tx.dcv().ValidationsFor(who.customer_id, name);
          if (!validations) return core::Fail(validations.error());
          auto state = core::ValidationOf(*validations, name, now);
          out.push_back({.name = name, .validation = {}});
          if (state.by != nullptr) out.back().validation = *state.by;
        }
        return out;
      });
}

core::Result<std::map<std::int64_t, std::vector<core::AcmeAccount>>>
ExternalAccounts::Registrations(const authz::Principal& who,
                                const std::vector<core::ExternalAccountId>& ids) {
  using ById = std::map<std::int64_t, std::vector<core::AcmeAccount>>;
  return store_.Read([&](store::Transaction& tx) -> core::Result<ById> {
    ById out;
    for (auto id : ids) {
      auto account = Load(tx, who, id, Action::kListAcmeAccounts);
      if (!account && account.error().code() == core::ErrorCode::kNotFound) continue;
      if (!account) return core::Fail(account.error());
      auto registered = tx.acme().AccountsOf(id);
      if (!registered) return core::Fail(registered.error());
      out.emplace(id.value, std::move(*registered));
    }
    return out;
  });
}

}  // namespace certkeep::service
