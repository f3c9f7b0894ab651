#include "core/acme.h"

#include <algorithm>
#include <array>
#include <utility>

namespace certkeep::core {

namespace {

// One table per enumeration: the wire word of each value.
template <typename E, std::size_t N>
std::string_view WordOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, word] : table) {
    if (v == value) return word;
  }
  return "";
}

template <typename E, std::size_t N>
std::optional<E> ValueOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view word) {
  for (const auto& [v, w] : table) {
    if (w == word) return v;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<ExternalAccountStatus, std::string_view>, 3> kExternalStatus{{
    {ExternalAccountStatus::kPending, "pending"},
    {ExternalAccountStatus::kValid, "valid"},
    {ExternalAccountStatus::kDeactivated, "deactivated"},
}};

constexpr std::array<std::pair<AcmeAccountStatus, std::string_view>, 3> kAccountStatus{{
    {AcmeAccountStatus::kValid, "valid"},
    {AcmeAccountStatus::kDeactivated, "deactivated"},
    {AcmeAccountStatus::kRevoked, "revoked"},
}};

constexpr std::array<std::pair<AcmeStatus, std::string_view>, 8> kStatus{{
    {AcmeStatus::kPending, "pending"},
    {AcmeStatus::kReady, "ready"},
    {AcmeStatus::kProcessing, "processing"},
    {AcmeStatus::kValid, "valid"},
    {AcmeStatus::kInvalid, "invalid"},
    {AcmeStatus::kExpired, "expired"},
    {AcmeStatus::kDeactivated, "deactivated"},
    {AcmeStatus::kRevoked, "revoked"},
}};

constexpr std::array<std::pair<ChallengeType, std::string_view>, 3> kChallengeType{{
    {ChallengeType::kHttp01, "http-01"},
    {ChallengeType::kDns01, "dns-01"},
    {ChallengeType::kTlsAlpn01, "tls-alpn-01"},
}};

}  // namespace

std::string_view ToString(ExternalAccountStatus status) {
  return WordOf(kExternalStatus, status);
}
std::optional<ExternalAccountStatus> ParseExternalAccountStatus(std::string_view s) {
  return ValueOf(kExternalStatus, s);
}
std::string_view ToString(AcmeAccountStatus status) {
  return WordOf(kAccountStatus, status);
}
std::optional<AcmeAccountStatus> ParseAcmeAccountStatus(std::string_view s) {
  return ValueOf(kAccountStatus, s);
}
std::string_view ToString(AcmeStatus status) {
  return WordOf(kStatus, status);
}
std::optional<AcmeStatus> ParseAcmeStatus(std::string_view s) {
  return ValueOf(kStatus, s);
}
std::string_view ToString(ChallengeType type) {
  return WordOf(kChallengeType, type);
}
std::optional<ChallengeType> ParseChallengeType(std::string_view s) {
  return ValueOf(kChallengeType, s);
}

AcmeStatus OrderStatusFrom(AcmeStatus current, const std::vector<AcmeStatus>& authorizations) {
  if (current != AcmeStatus::kPending && current != AcmeStatus::kReady) return current;
  // RFC 8555 §7.1.6: "invalid: ... one of the order's authorizations ... transitions to a
  // final state other than valid (expired, revoked, or deactivated)".
  for (auto a : authorizations) {
    if (a != AcmeStatus::kPending && a != AcmeStatus::kValid) return AcmeStatus::kInvalid;
  }
  bool all_valid =
      !authorizations.empty() && std::all_of(authorizations.begin(), authorizations.end(),
                                             [](AcmeStatus a) { return a == AcmeStatus::kValid; });
  return all_valid ? AcmeStatus::kReady : AcmeStatus::kPending;
}

AcmeStatus OrderStatusAt(const AcmeOrder& order, TimePoint now) {
  if ((order.status == AcmeStatus::kPending || order.status == AcmeStatus::kReady) &&
      now >= order.expires) {
    return AcmeStatus::kInvalid;
  }
  return order.status;
}

AcmeStatus AuthorizationStatusAt(const AcmeAuthorization& authz, TimePoint now) {
  if ((authz.status == AcmeStatus::kPending || authz.status == AcmeStatus::kValid) &&
      now >= authz.expires) {
    return AcmeStatus::kExpired;
  }
  return authz.status;
}

}  // namespace certkeep::core
