#include "auth/credential_cache.h"

#include <iterator>
#include <mutex>

#include "pki/digest.h"

namespace certkeep::auth {
namespace {

constexpr std::size_t kHmacKeyBytes = 32;

/// Appends `field` preceded by its length as 8 big-endian bytes, so that no two
/// different (customerUri, login, password) triples give the same message.
void AppendField(std::string& out, std::string_view field) {
  auto length = static_cast<std::uint64_t>(field.size());
  for (int shift = 56; shift >= 0; shift -= 8) {
    out += static_cast<char>((length >> shift) & 0xFF);
  }
  out += field;
}

}  // namespace

CredentialCache::CredentialCache(core::RandomSource& random, CredentialCacheOptions options)
    : hmac_([&random]() -> std::optional<pki::HmacSha256Key> {
        auto key = pki::HmacSha256Key::Create(random.Bytes(kHmacKeyBytes));
        if (!key) return std::nullopt;
        return std::move(*key);
      }()),
      options_(options) {}

std::optional<std::string> CredentialCache::KeyOf(std::string_view customer_uri,
                                                  std::string_view login,
                                                  std::string_view password) const {
  std::string message;
  message.reserve(24 + customer_uri.size() + login.size() + password.size());
  AppendField(message, customer_uri);
  AppendField(message, login);
  AppendField(message, password);
  if (!hmac_) return std::nullopt;
  auto mac = hmac_->Mac(message);
  if (!mac) return std::nullopt;
  return std::string(mac->begin(), mac->end());
}

std::optional<CredentialCache::Entry> CredentialCache::Lookup(std::string_view customer_uri,
                                                              std::string_view login,
                                                              std::string_view password,
                                                              core::TimePoint now) const {
  auto key = KeyOf(customer_uri, login, password);
  if (!key) return std::nullopt;
  std::shared_lock lock(mu_);
  auto it = slots_.find(*key);
  if (it == slots_.end() || it->second.entry.expires_at <= now) return std::nullopt;
  return it->second.entry;
}

void CredentialCache::Remember(std::string_view customer_uri, std::string_view login,
                               std::string_view password, core::AdminId admin_id,
                               std::int64_t credential_version, core::TimePoint now) {
  if (options_.capacity == 0) return;
  auto key = KeyOf(customer_uri, login, password);
  if (!key) return;
  Entry entry{.admin_id = admin_id,
              .credential_version = credential_version,
              .expires_at = now + options_.ttl};
  std::unique_lock lock(mu_);
  if (auto it = slots_.find(*key); it != slots_.end()) {
    it->second.entry = entry;
    order_.splice(order_.end(), order_, it->second.position);
    return;
  }
  // Every entry lives for the same ttl, so the least recently remembered is also the
  // first to expire: dropping from the front removes expired entries, then the oldest.
  while (!order_.empty() && (slots_.size() >= options_.capacity ||
                             slots_.at(order_.front()).entry.expires_at <= now)) {
    slots_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(*key);
  slots_.emplace(std::move(*key), Slot{entry, std::prev(order_.end())});
}

void CredentialCache::Forget(core::AdminId admin_id) {
  std::unique_lock lock(mu_);
  // A linear pass: Forget is rare (a credential change) and the cache is bounded.
  for (auto it = slots_.begin(); it != slots_.end();) {
    if (it->second.entry.admin_id == admin_id) {
      order_.erase(it->second.position);
      it = slots_.erase(it);
    } else {
      ++it;
    }
  }
}

std::size_t CredentialCache::size() const {
  std::shared_lock lock(mu_);
  return slots_.size();
}

}  // namespace certkeep::auth
