#pragma once
// A cache of header logins (scm-api.md §1.2: login, password and customerUri on every
// call) that argon2 has already verified, so a script's thousand calls pay for one hash.
//
// The cache never holds a password: its key is HMAC-SHA256, under a random key made at
// start-up and never stored, of the length-prefixed customerUri, login and password.
// With that key a guess costs one HMAC instead of one argon2id, so neither the entries
// nor the key may ever be written out, logged or shared with another process.
//
// A hit says only that these headers were right for this admin when remembered. The
// caller must still load the admin on every request and compare credential_version
// (a password change, suspension, lock or role change increases it, on any node), and
// call Forget(admin_id) when it differs.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/admin.h"
#include "core/clock.h"
#include "core/random.h"
#include "pki/digest.h"

namespace certkeep::auth {

/// How big and how fresh the cache is; set from [auth] in certkeep.toml.
struct CredentialCacheOptions {
  std::size_t capacity = 10000;                       ///< entries; the oldest go first
  std::chrono::seconds ttl{std::chrono::minutes(5)};  ///< how long a verification counts
};

/// Verified header logins; thread-safe (lookups share a lock, changes take it alone).
class CredentialCache {
 public:
  /// What a hit returns.
  struct Entry {
    core::AdminId admin_id{};
    std::int64_t credential_version = 0;  ///< the admin's when verified: compare it
    core::TimePoint expires_at{};
  };

  /// An empty cache whose HMAC key is 32 bytes from `random`.
  explicit CredentialCache(core::RandomSource& random, CredentialCacheOptions options = {});

  /// The entry remembered for exactly these headers, unless it expired by `now`.
  [[nodiscard]] std::optional<Entry> Lookup(std::string_view customer_uri, std::string_view login,
                                            std::string_view password, core::TimePoint now) const;

  /// Remembers that these headers were verified at `now` as `admin_id` at
  /// `credential_version`, until now + ttl. When full, drops expired entries and then the
  /// oldest. Call it only after the password verified.
  void Remember(std::string_view customer_uri, std::string_view login, std::string_view password,
                core::AdminId admin_id, std::int64_t credential_version, core::TimePoint now);

  /// Drops every entry of `admin_id` (its credential_version changed, or it was deleted).
  void Forget(core::AdminId admin_id);

  /// How many entries are held (expired ones included until they are dropped).
  [[nodiscard]] std::size_t size() const;

 private:
  /// HMAC of the headers; nullopt if the HMAC failed (the cache then simply misses).
  [[nodiscard]] std::optional<std::string> KeyOf(std::string_view customer_uri,
                                                 std::string_view login,
                                                 std::string_view password) const;

  struct Slot {
    Entry entry;
    std::list<std::string>::iterator position;  ///< in order_
  };

  /// Keyed with 32 random bytes; nullopt if OpenSSL failed (every lookup then misses).
  const std::optional<pki::HmacSha256Key> hmac_;
  const CredentialCacheOptions options_;
  mutable std::shared_mutex mu_;
  std::list<std::string> order_;  ///< keys, least recently remembered first
  std::unordered_map<std::string, Slot> slots_;
};

}  // namespace certkeep::auth
