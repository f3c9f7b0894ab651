#pragma once
// What read transactions read of the registry (organizations, profiles, custom fields,
// CAs, the domains that may cover a name, the validations of a name, and the notification
// rules and templates), kept across
// transactions for as long as registry_version stays the same. Triggers raise that
// number on every change to those tables (migration 0014), whoever makes it, so a cached
// answer is one the store would give at that version. Each read transaction reads the
// number once, on its first registry lookup; write transactions do not use the cache (they
// must see their own changes, and they lock what they read).
//
// On PostgreSQL (READ COMMITTED) a lookup may read rows committed after the version it
// read; it is then cached under the older number, and the next transaction, which reads the
// newer number, drops it. So a cached answer is never older than its version.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/certificate_authority.h"
#include "core/custom_field.h"
#include "core/domain.h"
#include "core/domain_validation.h"
#include "core/notification.h"
#include "core/profile.h"
#include "core/result.h"
#include "core/tenancy.h"
#include "store/internal/sql.h"

namespace certkeep::store::internal {

class RegistryCache {
 public:
  template <class T>
  using Entries = std::unordered_map<std::string, T>;
  /// One map per kind of lookup, by the lookup's arguments.
  struct Maps {
    Entries<core::Organization> organizations;
    Entries<core::CertificateProfile> profiles;
    Entries<std::vector<core::CustomField>> custom_fields;
    Entries<std::vector<core::CertificateAuthority>> cas;
    Entries<std::vector<core::CrossCertificate>> cross_certificates;
    Entries<std::vector<core::Domain>> domain_candidates;
    Entries<std::vector<core::DomainValidation>> validations;
    Entries<std::vector<core::NotificationRule>> notification_rules;
    Entries<std::optional<core::NotificationTemplate>> notification_templates;
  };

  /// The entry `key` of `map` when the cache holds `version`.
  template <class T>
  std::optional<T> Find(Entries<T> Maps::*map, std::int64_t version, const std::string& key) {
    std::lock_guard lock(mu_);
    if (version != version_) return std::nullopt;
    auto& entries = maps_.*map;
    auto it = entries.find(key);
    if (it == entries.end()) return std::nullopt;
    return it->second;
  }

  /// Keeps `value`, read at `version`: a newer version than the cache's empties it first;
  /// an older one is not kept.
  template <class T>
  void Keep(Entries<T> Maps::*map, std::int64_t version, const std::string& key, const T& value) {
    std::lock_guard lock(mu_);
    if (version < version_) return;
    if (version > version_ || size_ >= kMaxEntries) {
      maps_ = Maps{};
      size_ = 0;
      version_ = version;
    }
    if ((maps_.*map).insert_or_assign(key, value).second) ++size_;
  }

 private:
  static constexpr std::size_t kMaxEntries = 10'000;
  std::mutex mu_;
  std::int64_t version_ = -1;
  std::size_t size_ = 0;
  Maps maps_;
};

/// The registry version of this thread's innermost RequestScope; null outside any.
[[nodiscard]] std::optional<std::int64_t>* RequestRegistryVersion();

/// A transaction's way to the cache: `cache` is null for a transaction that must not use it.
class RegistryView {
 public:
  RegistryView(SqlConnection& conn, RegistryCache* cache) : conn_(conn), cache_(cache) {}

  /// `load()`'s answer, from the cache when it holds it at this transaction's version.
  /// Failures are not kept.
  template <class T, class Load>
  core::Result<T> Read(RegistryCache::Entries<T> RegistryCache::Maps::*map, const std::string& key,
                       Load&& load) {
    auto version = Version();
    if (!version) return load();
    if (auto hit = cache_->Find(map, *version, key)) return std::move(*hit);
    core::Result<T> value = load();
    if (value) cache_->Keep(map, *version, key, *value);
    return value;
  }

 private:
  /// registry_version as this transaction sees it; nullopt without a cache (or when the
  /// number cannot be read: the lookups then go to the store).
  std::optional<std::int64_t> Version();

  SqlConnection& conn_;
  RegistryCache* cache_;
  std::optional<std::int64_t> version_;
};

}  // namespace certkeep::store::internal
