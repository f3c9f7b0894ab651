#pragma once
// The ACME server's accounts and nonces (RFC 8555 §6.5, §7.3): a client registers its key
// on a directory, with External Account Binding where the directory requires it (the
// binding decides the organization or department it acts for), updates its contacts,
// deactivates itself or rolls its key over. Nonces are rows in the store, so that any
// node of a cluster accepts each one once.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/acme.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "pki/jose.h"
#include "service/external_accounts.h"
#include "service/nonce_store.h"
#include "store/store.h"

namespace certkeep::service {

struct AcmeOptions {
  std::chrono::seconds nonce_lifetime{std::chrono::hours(1)};
  std::chrono::seconds order_lifetime{std::chrono::days(7)};
  /// How long a pending authorization waits for its challenge, and a valid one lasts.
  std::chrono::seconds authorization_lifetime{std::chrono::days(30)};
  /// Names under a delegated domain that the scope has not validated yet get challenges
  /// (http-01, dns-01); false: such names are refused (rejectedIdentifier).
  bool challenges = true;
  /// How long a name proved by a challenge counts as validated (dcv.validity_days).
  std::chrono::seconds validation_validity{std::chrono::days(397)};
  /// Test mode only: every Nth good nonce is refused with badNonce (as Pebble does), never
  /// two in a row for one client, so an honest retry succeeds. 0: never.
  int reject_nonce_every = 0;
};

/// An account key as the JWS edge read it.
struct AccountKey {
  std::string jwk{};         ///< the required members as JSON (RFC 7638 §3.2)
  std::string thumbprint{};  ///< RFC 7638
  std::string spki_der{};    ///< the same key as a SubjectPublicKeyInfo
};

/// The `externalAccountBinding` of a newAccount (RFC 8555 §7.3.4) as the edge parsed it:
/// the edge checked its syntax, its `url` and that its payload is the account key; its MAC
/// is checked here, against the key of the external account `key_id` names.
struct ExternalAccountBinding {
  std::string key_id{};
  pki::MacAlgorithm alg = pki::MacAlgorithm::kHs256;
  std::string signing_input{};  ///< protected "." payload, as sent
  std::string signature{};      ///< decoded
};

struct NewAccountRequest {
  std::string directory{};
  AccountKey key{};
  std::vector<std::string> contacts{};
  bool only_return_existing = false;
  std::optional<ExternalAccountBinding> binding{};
  std::string source{};  ///< the client's address, for the audit log
};

struct RegisteredAccount {
  core::AcmeAccount account;
  bool created = false;  ///< 201 when new, 200 when the key was registered already
};

class AcmeAccounts {
 public:
  /// `directories` is the caller's (see ExternalAccounts); so is `nonces`.
  AcmeAccounts(store::Store& store, const core::Clock& clock, core::RandomSource& random,
               const std::vector<AcmeDirectoryInfo>& directories, NonceStore& nonces,
               AcmeOptions options)
      : store_(store),
        clock_(clock),
        random_(random),
        directories_(directories),
        nonces_(nonces),
        options_(options) {}

  /// The directory named `name`, or null.
  [[nodiscard]] const AcmeDirectoryInfo* Directory(std::string_view name) const;
  [[nodiscard]] const AcmeOptions& options() const { return options_; }

  /// A fresh nonce, recorded for its lifetime.
  [[nodiscard]] core::Result<std::string> NewNonce();
  /// Uses up `nonce` and returns the next one, both in one write: kAcmeBadNonce when it is
  /// unknown, used or stale. `client` (the account URL or key thumbprint) keeps the test
  /// mode from refusing one client twice in a row.
  [[nodiscard]] core::Result<std::string> UseNonce(const std::string& nonce,
                                                   const std::string& client);

  /// newAccount: the account of this key if it exists (kAcmeAccountNotValid once it is
  /// deactivated, §7.3.6), else, unless only_return_existing, a new one in the binding's
  /// scope.
  [[nodiscard]] core::Result<RegisteredAccount> Register(const NewAccountRequest& request);
  /// The account `id` of `directory`: kAcmeUnknownAccount if there is none, and
  /// kAcmeAccountNotValid unless it is valid and (when bound) its external account is.
  [[nodiscard]] core::Result<core::AcmeAccount> Active(const std::string& directory,
                                                       core::AcmeAccountId id);
  /// Changes contacts and/or deactivates (RFC 8555 §7.3.2, §7.3.6).
  [[nodiscard]] core::Result<core::AcmeAccount> Update(
      const core::AcmeAccount& account, const std::optional<std::vector<std::string>>& contacts,
      bool deactivate, const std::string& source);
  /// The id of `directory`'s account whose key has `thumbprint`, whatever its status, or
  /// NotFound.
  [[nodiscard]] core::Result<core::AcmeAccountId> AccountOfKey(const std::string& directory,
                                                               const std::string& thumbprint);
  /// Key rollover (RFC 8555 §7.3.5): kAcmeKeyInUse (409) when `new_key` has an account.
  [[nodiscard]] core::Result<core::AcmeAccount> ChangeKey(const core::AcmeAccount& account,
                                                          const AccountKey& new_key,
                                                          const std::string& source);

 private:
  // The external account of `binding`, its MAC checked; kAcmeExternalAccountInvalid
  // otherwise, with the same detail for an unknown key id and a wrong MAC.
  core::Result<core::ExternalAccount> Bound(store::Transaction& tx,
                                            const ExternalAccountBinding& binding);

  store::Store& store_;
  const core::Clock& clock_;
  core::RandomSource& random_;
  const std::vector<AcmeDirectoryInfo>& directories_;
  NonceStore& nonces_;
  AcmeOptions options_;
  std::mutex nonce_mu_;  // test mode's counter and last refused client
  std::uint64_t good_nonces_ = 0;
  std::string last_refused_;
};

/// The contacts of a newAccount or update checked (RFC 8555 §7.3): "mailto:" URLs of one
/// plausible address each; kAcmeUnsupportedContact for another scheme, kAcmeInvalidContact
/// for a bad address.
[[nodiscard]] core::Result<std::vector<std::string>> CheckedContacts(
    const std::vector<std::string>& contacts);

}  // namespace certkeep::service
