#pragma once
// The authorization matrix's expectations (authorization_matrix_expectations.cpp), apart
// from the runners that check them (authorization_matrix_test.cpp).

#include <map>
#include <set>

#include "authz/authz.h"

namespace certkeep::service::matrix {

enum class Who { kMrao, kRao, kDrao };
enum class Where { kOwnOrg, kOwnDept, kSiblingDept, kForeignOrg, kForeignDept, kForeignCustomer };

inline constexpr Who kWho[] = {Who::kMrao, Who::kRao, Who::kDrao};
inline constexpr Where kWhere[] = {Where::kOwnOrg,      Where::kOwnDept,
                                   Where::kSiblingDept, Where::kForeignOrg,
                                   Where::kForeignDept, Where::kForeignCustomer};

// What may happen, written out by hand from the rules in the issue: MRAO acts in its
// whole customer; RAO in O1 and its departments; DRAO in D1. Never in customer B.
struct Expect {
  // Which relations are meaningful for the action (others are skipped).
  enum class Targets { kOrgs, kDepts, kBoth, kCustomer } targets;
  std::map<Who, std::set<Where>> allowed;
};

inline const std::set<Where> kAllOfA = {Where::kOwnOrg, Where::kOwnDept, Where::kSiblingDept,
                                        Where::kForeignOrg, Where::kForeignDept};
inline const std::set<Where> kO1Tree = {Where::kOwnOrg, Where::kOwnDept, Where::kSiblingDept};

/// Every action's expectation.
[[nodiscard]] const std::map<authz::Action, Expect>& Expectations();

}  // namespace certkeep::service::matrix
