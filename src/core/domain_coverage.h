#pragma once
// The coverage model: which privilege of a delegation a requested name needs under a
// registry row. One table (domain_coverage.cpp), every row tested.
//
//   row example.org:    example.org          DOMAIN
//                       a.example.org,       SUBDOMAIN (any depth)
//                       b.a.example.org
//                       *.example.org        WILDCARD_1ST_LEVEL
//                       *.a.example.org      WILDCARD_2ND_LEVEL (one label between)
//   row *.example.org:  *.example.org        WILDCARD_1ST_LEVEL   (the seed adds a domain
//                       a.example.org, ...   SUBDOMAIN             and its wildcard as two
//                       example.org          not covered           rows)

#include <optional>
#include <set>
#include <string_view>

#include "core/domain.h"

namespace certkeep::core {

/// The privilege a delegation of `row` needs for `name` to be requested under it, or
/// nullopt when `name` is not under `row` at all. Both in lower-case A-label form.
[[nodiscard]] std::optional<DomainPrivilege> NeededPrivilege(std::string_view row,
                                                             std::string_view name);

/// True when a delegation holding `privileges` on `row` lets `name` be requested.
[[nodiscard]] bool Covers(std::string_view row, const std::set<DomainPrivilege>& privileges,
                          std::string_view name);

/// The name with a leading "*." removed, and whether it had one.
struct WildcardSplit {
  std::string_view base;
  bool is_wildcard;
};
[[nodiscard]] WildcardSplit SplitWildcard(std::string_view name);

}  // namespace certkeep::core
