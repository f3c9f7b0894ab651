#pragma once
// Strongly typed ids: an OrgId cannot be passed where a CaId is wanted.

#include <compare>
#include <cstdint>
#include <functional>

namespace certkeep::core {

/// A numeric store id tagged with what it identifies.
template <typename Tag>
struct Id {
  std::int64_t value = 0;
  auto operator<=>(const Id&) const = default;
};

struct CaTag {};
struct AuditTag {};

/// Identifies a certificate authority of the hierarchy.
using CaId = Id<CaTag>;
/// Identifies an audit record.
using AuditId = Id<AuditTag>;

}  // namespace certkeep::core

template <typename Tag>
struct std::hash<certkeep::core::Id<Tag>> {
  std::size_t operator()(const certkeep::core::Id<Tag>& id) const noexcept {
    return std::hash<std::int64_t>()(id.value);
  }
};
