#include "core/domain_coverage.h"

namespace certkeep::core {

namespace {

// How a requested name stands to a row's base name (the row without its "*.").
enum class Relation {
  kSame,             // example.org        to example.org
  kBelow,            // a.b.example.org    to example.org (any depth, not a wildcard)
  kWildcardOfBase,   // *.example.org      to example.org
  kWildcardOneDown,  // *.a.example.org    to example.org (exactly one label between)
  kUnrelated,
};

struct CoverageRow {
  bool row_is_wildcard;
  Relation relation;
  DomainPrivilege needed;
};

// The one coverage table; anything not listed is not covered by the row at all.
constexpr CoverageRow kCoverage[] = {
    {false, Relation::kSame, DomainPrivilege::kDomain},
    {false, Relation::kBelow, DomainPrivilege::kSubdomain},
    {false, Relation::kWildcardOfBase, DomainPrivilege::kWildcard1stLevel},
    {false, Relation::kWildcardOneDown, DomainPrivilege::kWildcard2ndLevel},
    // A "*.example.org" row stands for WILDCARD_1ST_LEVEL and SUBDOMAIN of example.org.
    {true, Relation::kWildcardOfBase, DomainPrivilege::kWildcard1stLevel},
    {true, Relation::kBelow, DomainPrivilege::kSubdomain},
};

bool IsBelow(std::string_view name, std::string_view base) {
  return name.size() > base.size() + 1 && name.ends_with(base) &&
         name[name.size() - base.size() - 1] == '.';
}

Relation RelationOf(std::string_view name, std::string_view base) {
  auto [name_base, is_wildcard] = SplitWildcard(name);
  if (!is_wildcard) {
    if (name == base) return Relation::kSame;
    return IsBelow(name, base) ? Relation::kBelow : Relation::kUnrelated;
  }
  if (name_base == base) return Relation::kWildcardOfBase;
  if (!IsBelow(name_base, base)) return Relation::kUnrelated;
  auto between = name_base.substr(0, name_base.size() - base.size() - 1);
  return between.find('.') == std::string_view::npos ? Relation::kWildcardOneDown
                                                     : Relation::kUnrelated;
}

}  // namespace

WildcardSplit SplitWildcard(std::string_view name) {
  if (name.starts_with("*.")) return {name.substr(2), true};
  return {name, false};
}

std::optional<DomainPrivilege> NeededPrivilege(std::string_view row, std::string_view name) {
  auto [base, row_is_wildcard] = SplitWildcard(row);
  if (base.empty() || name.empty()) return std::nullopt;
  auto relation = RelationOf(name, base);
  for (const auto& r : kCoverage) {
    if (r.row_is_wildcard == row_is_wildcard && r.relation == relation) return r.needed;
  }
  return std::nullopt;
}

bool Covers(std::string_view row, const std::set<DomainPrivilege>& privileges,
            std::string_view name) {
  auto needed = NeededPrivilege(row, name);
  return needed && privileges.contains(*needed);
}

}  // namespace certkeep::core
