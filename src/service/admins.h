#pragma once
// Administrators: create, edit, delete, unlock, reset and change passwords. Every use
// case checks the caller's scope and "grant only what you hold" (authz/), keeps the last
// MRAO, and writes its audit record in the same transaction.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/password_hasher.h"
#include "authz/authz.h"
#include "core/admin.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "service/notifier.h"
#include "store/store.h"

namespace certkeep::service {

/// The fields a create or update sets; unset fields are left alone on update.
struct AdminPatch {
  std::optional<std::string> login{}, email{}, forename{}, surname{};
  std::optional<std::string> title{}, telephone{}, street{}, locality{}, state{}, postal_code{},
      country{};
  std::optional<core::AdminType> type{};
  std::optional<std::string> identity_provider_id{}, idp_person_id{};
  std::optional<std::string> auth_cert_serial{}, auth_cert_issuer{};
  std::optional<std::vector<core::Credential>> credentials{};
  std::optional<core::PrivilegeSet> privileges{};
  std::optional<bool> suspended{};
  std::optional<std::string> password{};  ///< set by another admin: must be changed at login
};

/// Password rules beyond the policy.
struct PasswordOptions {
  /// A password expires this long after it was set (0: never; passwordState NEVER_EXPIRE).
  std::chrono::seconds expiry{0};
};

class Admins {
 public:
  Admins(store::Store& store, const core::Clock& clock, core::RandomSource& random,
         const auth::PasswordHasher& hasher, PasswordOptions options = {})
      : store_(store), clock_(clock), random_(random), hasher_(hasher), options_(options) {}

  /// Rules' notifications of this use case's events go through `notifier` (cli/serve.cpp
  /// wires it; without one, none are written).
  void SetNotifier(Notifier& notifier) { notifier_ = &notifier; }

  /// The admins `who` may see (every credential inside its scope), filtered and paged.
  [[nodiscard]] core::Result<store::AdminPage> List(const authz::Principal& who,
                                                    store::AdminQuery query);
  [[nodiscard]] core::Result<core::Admin> Get(const authz::Principal& who, core::AdminId id);
  [[nodiscard]] core::Result<core::AdminId> Create(const authz::Principal& who,
                                                   const AdminPatch& fields);
  [[nodiscard]] core::Result<void> Update(const authz::Principal& who, core::AdminId id,
                                          const AdminPatch& patch);
  [[nodiscard]] core::Result<void> Delete(const authz::Principal& who, core::AdminId id);
  /// Lifts a lock and clears the failed-attempt counters.
  [[nodiscard]] core::Result<void> Unlock(const authz::Principal& who, core::AdminId id);
  /// The caller changes its own password (allowed while a change is due). Ends its other
  /// sessions; `keep_session` (a token hash) stays signed in.
  [[nodiscard]] core::Result<void> ChangeOwnPassword(const authz::Principal& who,
                                                     const std::string& new_password,
                                                     const std::string& keep_session = {});
  /// The caller's own password state.
  [[nodiscard]] core::Result<core::Admin> Self(const authz::Principal& who);

  /// Creates an admin without a principal (the demo tenant; `certkeep admin create` on the
  /// server, which holds the store itself). Shape and policy are still checked.
  [[nodiscard]] core::Result<core::AdminId> CreateAsOperator(core::CustomerId customer,
                                                             const AdminPatch& fields,
                                                             const std::string& actor);
  /// `certkeep admin unlock` / `passwd` on the server.
  [[nodiscard]] core::Result<void> UnlockAsOperator(core::CustomerId customer,
                                                    const std::string& login,
                                                    const std::string& actor);
  [[nodiscard]] core::Result<void> SetPasswordAsOperator(core::CustomerId customer,
                                                         const std::string& login,
                                                         const std::string& password,
                                                         const std::string& actor);

 private:
  core::Result<core::AdminId> Insert(store::Transaction& tx, core::CustomerId customer,
                                     const AdminPatch& fields, const authz::Principal* who,
                                     const std::string& actor);
  core::Result<void> SetPassword(core::Admin& admin, const std::string& password, bool by_self);

  store::Store& store_;
  const core::Clock& clock_;
  core::RandomSource& random_;
  Notifier* notifier_ = nullptr;
  const auth::PasswordHasher& hasher_;
  PasswordOptions options_;
};

/// "ALIVE", "EXPIRED" or "NEVER_EXPIRE" at `now`.
[[nodiscard]] std::string_view PasswordStateOf(const core::Admin& admin, core::TimePoint now);

}  // namespace certkeep::service
