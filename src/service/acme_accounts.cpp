#include "service/acme_accounts.h"

#include <nlohmann/json.hpp>

#include "core/base64.h"
#include "core/tenancy.h"
#include "pki/digest.h"
#include "service/audit_log.h"

namespace certkeep::service {

namespace {

core::Error BadNonce() {
  return core::Error(core::ErrorCode::kMalformed, core::Reason::kAcmeBadNonce,
                     "the nonce is unknown, used or stale: take the Replay-Nonce of this "
                     "response and try again");
}

core::Error InvalidBinding() {
  // One answer for an unknown macId and a wrong MAC: the caller learns nothing about
  // which macIds exist.
  return core::Error(core::ErrorCode::kForbidden, core::Reason::kAcmeExternalAccountInvalid,
                     "the external account binding does not verify: check the EAB key id "
                     "(macId) and HMAC key (macKey) your administrator gave you");
}

core::Result<void> AuditAccount(store::Transaction& tx, const core::Clock& clock,
                                const core::AcmeAccount& account, const std::string& action,
                                const std::string& source, nlohmann::json detail) {
  detail["directory"] = account.directory;
  detail["orgId"] = account.org_id.value;
  auto a = RecordAudit(
      tx, clock,
      {.customer_id = account.customer_id,
       .actor = "acme:" + account.directory + "/account/" + std::to_string(account.id.value),
       .source = source,
       .action = action,
       .object_type = "acmeAccount",
       .object_id = std::to_string(account.id.value),
       .detail = detail.dump()});
  if (!a) return core::Fail(a.error());
  return core::Ok();
}

}  // namespace

core::Result<std::vector<std::string>> CheckedContacts(const std::vector<std::string>& contacts) {
  std::vector<std::string> out;
  for (const auto& c : contacts) {
    // RFC 8555 §7.3: "mailto" is the scheme servers must support; RFC 6068 hfields
    // ("?subject=") and several addresses in one URL are refused, as Boulder does.
    if (!c.starts_with("mailto:")) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeUnsupportedContact,
                        "only mailto: contacts are supported, not '" + c + "'");
    }
    std::string address = c.substr(7);
    if (address.find('?') != std::string::npos || !core::IsPlausibleEmail(address) ||
        address.size() > 254) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeInvalidContact,
                        "'" + c + "' is not one email address");
    }
    out.push_back(c);
  }
  if (out.size() > 10) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeInvalidContact,
                      "at most 10 contacts");
  }
  return out;
}

const AcmeDirectoryInfo* AcmeAccounts::Directory(std::string_view name) const {
  for (const auto& d : directories_) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

core::Result<std::string> AcmeAccounts::NewNonce() {
  // 128 bits, base64url (RFC 8555 §6.5.1: "MUST ... be at least 128 bits of entropy").
  std::string nonce = core::RandomToken(random_, 16);
  if (auto r = nonces_.Issue(nonce, clock_.Now() + options_.nonce_lifetime); !r) {
    return core::Fail(r.error());
  }
  return nonce;
}

core::Result<std::string> AcmeAccounts::UseNonce(const std::string& nonce,
                                                 const std::string& client) {
  if (nonce.empty() || nonce.size() > 64) return core::Fail(BadNonce());
  auto now = clock_.Now();
  std::string next = core::RandomToken(random_, 16);
  // The next nonce is recorded in the same step the used one goes.
  auto used = nonces_.Exchange(nonce, next, now, now + options_.nonce_lifetime);
  if (!used) return core::Fail(used.error());
  if (!*used) return core::Fail(BadNonce());
  if (options_.reject_nonce_every > 0) {
    std::lock_guard lock(nonce_mu_);
    bool refuse = ++good_nonces_ % static_cast<std::uint64_t>(options_.reject_nonce_every) == 0 &&
                  client != last_refused_;
    last_refused_ = refuse ? client : std::string();
    if (refuse) return core::Fail(BadNonce());
  }
  return next;
}

core::Result<core::ExternalAccount> AcmeAccounts::Bound(store::Transaction& tx,
                                                        const ExternalAccountBinding& binding) {
  auto external = tx.external_accounts().FindByKeyId(binding.key_id);
  if (!external) {
    if (external.error().code() == core::ErrorCode::kNotFound) return core::Fail(InvalidBinding());
    return core::Fail(external.error());
  }
  auto key = core::Base64UrlDecode(external->mac_key);
  if (!key) return core::Fail(InvalidBinding());
  auto mac = pki::Hmac(binding.alg,
                       std::span(reinterpret_cast<const std::uint8_t*>(key->data()), key->size()),
                       binding.signing_input);
  if (!mac) return core::Fail(mac.error());
  std::string_view computed(reinterpret_cast<const char*>(mac->data()), mac->size());
  if (!pki::ConstantTimeEquals(computed, binding.signature)) return core::Fail(InvalidBinding());
  if (external->status == core::ExternalAccountStatus::kDeactivated) {
    return core::Fail(core::ErrorCode::kForbidden, core::Reason::kAcmeExternalAccountInvalid,
                      "this external account is deactivated");
  }
  return external;
}

core::Result<RegisteredAccount> AcmeAccounts::Register(const NewAccountRequest& request) {
  const auto* directory = Directory(request.directory);
  if (directory == nullptr) {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kAcmeNotFound,
                      "no such ACME directory");
  }
  auto contacts = CheckedContacts(request.contacts);
  auto now = clock_.Now();
  return store_.Transact([&](store::Transaction& tx) -> core::Result<RegisteredAccount> {
    // RFC 8555 §7.3.1: a key registered already answers with its account, whatever else
    // the request says.
    auto existing = tx.acme().FindAccount(directory->name, request.key.thumbprint);
    if (existing) {
      // §7.3.6: the server "MUST NOT accept further requests authorized by that account's
      // key" once it is deactivated; finding it again by its key is one.
      if (existing->status != core::AcmeAccountStatus::kValid) {
        return core::Fail(
            core::ErrorCode::kForbidden, core::Reason::kAcmeAccountNotValid,
            "the account of this key is " + std::string(core::ToString(existing->status)));
      }
      return RegisteredAccount{*existing, false};
    }
    if (existing.error().code() != core::ErrorCode::kNotFound) {
      return core::Fail(existing.error());
    }
    if (request.only_return_existing) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeUnknownAccount,
                        "no account exists with this key");
    }
    if (!contacts) return core::Fail(contacts.error());
    core::AcmeAccount account{.directory = directory->name,
                              .jwk = request.key.jwk,
                              .thumbprint = request.key.thumbprint,
                              .status = core::AcmeAccountStatus::kValid,
                              .contacts = *contacts,
                              .created_at = now};
    if (directory->requires_eab) {
      if (!request.binding) {
        return core::Fail(core::ErrorCode::kForbidden, core::Reason::kAcmeExternalAccountRequired,
                          "this directory requires External Account Binding: register with "
                          "the EAB key id and HMAC key of an ACME account your administrator "
                          "created");
      }
      auto external = Bound(tx, *request.binding);
      if (!external) return core::Fail(external.error());
      // The URL's host and port may be another alias of this server's: the path decides.
      if (!external->acme_server.ends_with("/acme/" + directory->name + "/directory")) {
        return core::Fail(
            core::ErrorCode::kForbidden, core::Reason::kAcmeExternalAccountInvalid,
            "these EAB credentials are for another ACME server: " + external->acme_server);
      }
      account.customer_id = external->customer_id;
      account.org_id = external->org_id;
      account.external_account_id = external->id;
      if (external->status == core::ExternalAccountStatus::kPending) {
        if (auto r = tx.external_accounts().MarkUsed(external->id); !r) {
          return core::Fail(r.error());
        }
      }
    } else {
      // A directory without EAB acts for its one organization or department; a binding
      // sent anyway is ignored (RFC 8555 §7.3.4 leaves that to the server).
      auto org = tx.organizations().Get(*directory->default_org);
      if (!org) return core::Fail(org.error());
      account.customer_id = org->customer_id;
      account.org_id = org->id;
    }
    auto id = tx.acme().InsertAccount(account);
    if (!id) return core::Fail(id.error());
    account.id = *id;
    nlohmann::json detail{{"thumbprint", account.thumbprint}};
    if (account.external_account_id)
      detail["externalAccountId"] = account.external_account_id->value;
    if (auto r = AuditAccount(tx, clock_, account, "acme.account.create", request.source, detail);
        !r) {
      return core::Fail(r.error());
    }
    return RegisteredAccount{account, true};
  });
}

core::Result<core::AcmeAccount> AcmeAccounts::Active(const std::string& directory,
                                                     core::AcmeAccountId id) {
  return store_.ReadOne([&](store::Transaction& tx) -> core::Result<core::AcmeAccount> {
    auto account = tx.acme().GetAccount(id);
    if (!account || account->directory != directory) {
      if (!account && account.error().code() != core::ErrorCode::kNotFound) {
        return core::Fail(account.error());
      }
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kAcmeUnknownAccount,
                        "no such account on this directory");
    }
    if (account->status != core::AcmeAccountStatus::kValid) {
      return core::Fail(core::ErrorCode::kForbidden, core::Reason::kAcmeAccountNotValid,
                        "the account is " + std::string(core::ToString(account->status)));
    }
    return account;
  });
}

core::Result<core::AcmeAccount> AcmeAccounts::Update(
    const core::AcmeAccount& account, const std::optional<std::vector<std::string>>& contacts,
    bool deactivate, const std::string& source) {
  core::AcmeAccount changed = account;
  if (contacts) {
    auto checked = CheckedContacts(*contacts);
    if (!checked) return core::Fail(checked.error());
    changed.contacts = *checked;
  }
  // RFC 8555 §7.3.6: deactivation is final; the account's authorizations go with it (an
  // account that can no longer sign cannot use them either).
  if (deactivate) changed.status = core::AcmeAccountStatus::kDeactivated;
  if (changed.contacts == account.contacts && changed.status == account.status) return changed;
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::AcmeAccount> {
    if (auto r = tx.acme().UpdateAccount(changed); !r) return core::Fail(r.error());
    auto r = AuditAccount(tx, clock_, changed,
                          deactivate ? "acme.account.deactivate" : "acme.account.update", source,
                          {{"contacts", changed.contacts}});
    if (!r) return core::Fail(r.error());
    return changed;
  });
}

core::Result<core::AcmeAccountId> AcmeAccounts::AccountOfKey(const std::string& directory,
                                                             const std::string& thumbprint) {
  auto account = store_.Read(
      [&](store::Transaction& tx) { return tx.acme().FindAccount(directory, thumbprint); });
  if (!account) return core::Fail(account.error());
  return account->id;
}

core::Result<core::AcmeAccount> AcmeAccounts::ChangeKey(const core::AcmeAccount& account,
                                                        const AccountKey& new_key,
                                                        const std::string& source) {
  core::AcmeAccount changed = account;
  changed.jwk = new_key.jwk;
  changed.thumbprint = new_key.thumbprint;
  return store_.Transact([&](store::Transaction& tx) -> core::Result<core::AcmeAccount> {
    if (auto r = tx.acme().UpdateAccount(changed); !r) return core::Fail(r.error());
    auto r = AuditAccount(tx, clock_, changed, "acme.account.key-change", source,
                          {{"from", account.thumbprint}, {"to", changed.thumbprint}});
    if (!r) return core::Fail(r.error());
    return changed;
  });
}

}  // namespace certkeep::service
