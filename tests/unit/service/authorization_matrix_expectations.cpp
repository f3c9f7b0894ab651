// What each role may do where, written out by hand (see authorization_matrix_test.cpp).

#include "unit/service/authorization_matrix.h"

namespace certkeep::service::matrix {

using authz::Action;

const std::map<Action, Expect>& Expectations() {
  using T = Expect::Targets;
  static const std::map<Action, Expect> e = {
      {Action::kListOrganizations,
       {T::kBoth,
        {{Who::kMrao, kAllOfA},
         {Who::kRao, kO1Tree},
         // A DRAO sees its department, under its organization's name.
         {Who::kDrao, {Where::kOwnOrg, Where::kOwnDept}}}}},
      {Action::kViewOrganization,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kCreateOrganization, {T::kCustomer, {{Who::kMrao, {Where::kOwnOrg}}}}},
      {Action::kEditOrganization,
       {T::kOrgs,
        {{Who::kMrao, {Where::kOwnOrg, Where::kForeignOrg}}, {Who::kRao, {Where::kOwnOrg}}}}},
      {Action::kDeleteOrganization,
       {T::kOrgs, {{Who::kMrao, {Where::kOwnOrg, Where::kForeignOrg}}}}},
      {Action::kCreateDepartment,
       {T::kOrgs,
        {{Who::kMrao, {Where::kOwnOrg, Where::kForeignOrg}}, {Who::kRao, {Where::kOwnOrg}}}}},
      {Action::kEditDepartment,
       {T::kDepts,
        {{Who::kMrao, {Where::kOwnDept, Where::kSiblingDept, Where::kForeignDept}},
         {Who::kRao, {Where::kOwnDept, Where::kSiblingDept}},
         {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kDeleteDepartment,
       {T::kDepts,
        {{Who::kMrao, {Where::kOwnDept, Where::kSiblingDept, Where::kForeignDept}},
         {Who::kRao, {Where::kOwnDept, Where::kSiblingDept}}}}},
      {Action::kListAdmins,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kViewAdmin,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kCreateAdmin,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kEditAdmin,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kDeleteAdmin,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kUnlockAdmin,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kResetAdminPassword,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kViewActivity, {T::kCustomer, {{Who::kMrao, {Where::kOwnOrg}}}}},
      // Domains delegated to the target place.
      {Action::kListDomains,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kViewDomain,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kCreateDomain,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kEditDomain,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kDeleteDomain,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kDelegateDomain,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      // Asked for by a DRAO-level admin; a DRAO cannot hold approveDomainDelegation.
      {Action::kApproveDelegation, {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}}}},
      // Validation of a name under a domain delegated to the target place.
      {Action::kValidateDomain,
       {T::kBoth,
        {{Who::kMrao, kAllOfA},
         {Who::kRao, kO1Tree},
         {Who::kDrao, {Where::kOwnDept}}}}},  // SSL certificates requested for the target place.
      {Action::kListSsl,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kViewSsl,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kRequestSsl,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kApproveSsl,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kRevokeSsl,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kRenewSsl,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kReplaceSsl,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      // Custom fields are the customer's: every admin of it reads them (each request form
      // asks for them), only an MRAO changes them; the place only picks the customer.
      {Action::kListCustomFields,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kAllOfA}, {Who::kDrao, kAllOfA}}}},
      {Action::kManageCustomFields, {T::kBoth, {{Who::kMrao, kAllOfA}}}},
      // ACME accounts bound to the target place.
      {Action::kListAcmeAccounts,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kManageAcmeAccounts,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      // Notification rules listing the target place.
      {Action::kListNotifications,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
      {Action::kManageNotifications,
       {T::kBoth, {{Who::kMrao, kAllOfA}, {Who::kRao, kO1Tree}, {Who::kDrao, {Where::kOwnDept}}}}},
  };
  return e;
}

}  // namespace certkeep::service::matrix
