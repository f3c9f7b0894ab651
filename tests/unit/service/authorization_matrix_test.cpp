// The authorization matrix: every use case in authz's rule table × every role × own /
// sibling / foreign organization and department / foreign customer. Each case runs the
// real use case on a fresh store and compares the outcome with the expectation written
// out below — independently of authz's own table. A new Action without a row here fails
// the test, so a use case cannot be added without its matrix.

#include "unit/service/authorization_matrix.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "service/activity.h"
#include "service/admins.h"
#include "service/custom_fields.h"
#include "service/domain_control.h"
#include "service/domains.h"
#include "service/external_accounts.h"
#include "service/notification_rules.h"
#include "service/organizations.h"
#include "service/ssl_certificates.h"
#include "support/tenant_world.h"

namespace certkeep::service {
namespace {

using authz::Action;
using testing::TenantWorld;
using namespace matrix;

std::string Name(Who w) {
  return w == Who::kMrao ? "MRAO" : w == Who::kRao ? "RAO_SSL@O1" : "DRAO_SSL@D1";
}
std::string Name(Where w) {
  switch (w) {
    case Where::kOwnOrg:
      return "own-org(O1)";
    case Where::kOwnDept:
      return "own-dept(D1)";
    case Where::kSiblingDept:
      return "sibling-dept(D1b)";
    case Where::kForeignOrg:
      return "foreign-org(O2)";
    case Where::kForeignDept:
      return "foreign-dept(D2)";
    case Where::kForeignCustomer:
      return "foreign-customer(P1/Q1)";
  }
  return "?";
}

bool IsDept(Where w) {
  return w == Where::kOwnDept || w == Where::kSiblingDept || w == Where::kForeignDept;
}

// The place a case targets: an organization for org relations, a department otherwise;
// the foreign customer's P1, or Q1 when `want_dept`.
core::OrgId Target(const TenantWorld& w, Where where, bool want_dept) {
  switch (where) {
    case Where::kOwnOrg:
      return w.o1;
    case Where::kOwnDept:
      return w.d1;
    case Where::kSiblingDept:
      return w.d1b;
    case Where::kForeignOrg:
      return w.o2;
    case Where::kForeignDept:
      return w.d2;
    case Where::kForeignCustomer:
      return want_dept ? w.q1 : w.p1;
  }
  return {};
}

// Runs one use case as `who` against the place `where`. Success or a refusal other than
// authorization (e.g. "organization still has departments") means it passed authz.
using Runner = std::function<core::Result<void>(TenantWorld&, const authz::Principal&, Where)>;

// An admin at the target place: RAO_SSL at an organization, DRAO_SSL at a department.
core::Admin TargetAdmin(TenantWorld& w, Where where) {
  bool dept = IsDept(where);
  auto customer = where == Where::kForeignCustomer ? w.b : w.a;
  static int n = 0;
  return w.AddAdmin(customer, "target" + std::to_string(++n),
                    dept ? core::Role::kDraoSsl : core::Role::kRaoSsl, Target(w, where, dept));
}

core::Result<void> Ok() {
  return core::Ok();
}

core::Result<void> Listed(bool found) {
  if (found) return Ok();
  return core::Fail(core::ErrorCode::kForbidden, core::Reason::kOutOfScope, "not listed");
}

// Runs an admin use case on a fresh admin at the target place.
Runner OnAdmin(
    std::function<core::Result<void>(Admins&, const authz::Principal&, core::AdminId)> f) {
  return [f](TenantWorld& w, const authz::Principal& p, Where where) {
    auto target = TargetAdmin(w, where);
    return f(*w.admins, p, target.id);
  };
}

// A domain of the target place's customer, delegated (ACTIVE) to that place.
core::DomainId TargetDomain(TenantWorld& w, Where where) {
  static int n = 0;
  bool foreign = where == Where::kForeignCustomer;
  auto owner = TenantWorld::As(foreign ? w.foreign_mrao : w.mrao);
  DelegationRequest d{.org_id = Target(w, where, IsDept(where)),
                      .cert_types = {core::CertType::kSsl},
                      .privileges = {core::DomainPrivilege::kDomain}};
  auto id =
      Domains(w.store, w.clock)
          .Create(owner, {.name = "d" + std::to_string(++n) + ".example.test", .delegations = {d}});
  EXPECT_TRUE(id) << id.error().detail();
  return id.value_or(core::DomainId{});
}

Runner OnDomain(std::function<core::Result<void>(Domains&, const authz::Principal&, core::DomainId,
                                                 Where, TenantWorld&)>
                    f) {
  return [f](TenantWorld& w, const authz::Principal& p, Where where) {
    auto id = TargetDomain(w, where);
    Domains domains(w.store, w.clock);
    return f(domains, p, id, where, w);
  };
}

// Domain control validation over a real (unused here: starting checks nothing) resolver.
core::Result<void> StartValidation(TenantWorld& w, const authz::Principal& p, core::DomainId id) {
  static auto dns = dcv::MakeUnboundResolver({});
  static dcv::HttpFetcher fetcher(**dns, {});
  static dcv::NetworkControlCheck check(**dns, fetcher);
  auto d = w.store.Read([&](store::Transaction& tx) { return tx.domains().Get(id); });
  if (!d) return core::Fail(d.error());
  auto o = DomainControl(w.store, w.clock, *w.random, check, {})
               .Start(p, "www." + d->name, core::DcvMethod::kTxt);
  if (!o) return core::Fail(o.error());
  return core::Ok();
}

// A custom field of the target place's customer.
Runner OnCustomField(
    std::function<core::Result<void>(CustomFields&, const authz::Principal&, core::CustomFieldId)>
        f) {
  return [f](TenantWorld& w, const authz::Principal& p, Where where) -> core::Result<void> {
    static int n = 0;
    bool foreign = where == Where::kForeignCustomer;
    CustomFields fields(w.store, w.clock);
    auto id =
        fields.Create(TenantWorld::As(foreign ? w.foreign_mrao : w.mrao),
                      {.name = "Field " + std::to_string(++n), .cert_type = core::CertType::kSsl});
    if (!id) return core::Fail(id.error());
    return f(fields, p, *id);
  };
}

// An ACME account bound to the target place, made by its customer's MRAO.
Runner OnAcmeAccount(std::function<core::Result<void>(ExternalAccounts&, const authz::Principal&,
                                                      core::ExternalAccountId, Where, TenantWorld&)>
                         f) {
  return [f](TenantWorld& w, const authz::Principal& p, Where where) -> core::Result<void> {
    const std::vector<AcmeDirectoryInfo> directories{
        {.name = "v2", .url = "https://ca.example.test/acme/v2/directory"}};
    ExternalAccounts accounts(w.store, w.clock, *w.random, directories);
    auto owner = TenantWorld::As(where == Where::kForeignCustomer ? w.foreign_mrao : w.mrao);
    auto created =
        accounts.Create(owner, {.name = "web", .org_id = Target(w, where, IsDept(where))});
    if (!created) return core::Fail(created.error());
    return f(accounts, p, created->id, where, w);
  };
}

// A notification rule listing the target place, made by its customer's MRAO.
Runner OnNotification(std::function<core::Result<void>(NotificationRules&, const authz::Principal&,
                                                       core::NotificationRuleId)>
                          f) {
  return [f](TenantWorld& w, const authz::Principal& p, Where where) -> core::Result<void> {
    NotificationRules rules(w.store, w.clock);
    auto owner = TenantWorld::As(where == Where::kForeignCustomer ? w.foreign_mrao : w.mrao);
    auto id = rules.Create(owner, {.description = "issued",
                                   .type = core::NotificationType::kSslIssued,
                                   .org_scope = core::NotificationOrgScope::kSelected,
                                   .org_ids = {Target(w, where, IsDept(where))},
                                   .notify_roles = {core::NotifyRole::kRequester}});
    if (!id) return core::Fail(id.error());
    return f(rules, p, *id);
  };
}

// The SSL use cases over a CA that is never reached: each runner stops at or after the
// authorization, before anything is signed. Called as a console session, so the Web API
// switch (off in the world) does not decide.
using SslUseCase = std::function<core::Result<void>(SslCertificates&, const AuthenticatedAdmin&,
                                                    core::SslId, Where, TenantWorld&)>;
Runner OnSsl(SslUseCase f) {
  return [f](TenantWorld& w, const authz::Principal& p, Where where) -> core::Result<void> {
    static pki::FileKeyStore files("/nonexistent", "unused");
    static KeyRing keys(files);
    if (auto r = EnsureDefaultProfiles(w.store, w.clock); !r) return core::Fail(r.error());
    auto profile =
        w.store.Read([](store::Transaction& tx) { return tx.profiles().FindByName("ssl-dv"); });
    if (!profile) return core::Fail(profile.error());
    auto owner = where == Where::kForeignCustomer ? w.b : w.a;
    static int n = 0;
    auto id = w.store.Transact([&](store::Transaction& tx) {
      return tx.ssl().Insert({.customer_id = owner,
                              .org_id = Target(w, where, IsDept(where)),
                              .profile_id = profile->id,
                              .term_days = 90,
                              .common_name = "www.example.test",
                              .names = {"www.example.test"},
                              .renew_id = "renew-" + std::to_string(++n),
                              .requested_at = w.clock.Now()});
    });
    if (!id) return core::Fail(id.error());
    Issuer issuer(w.store, w.clock, *w.random, keys, "");
    IssuanceGate gate(w.store, w.clock, nullptr, {});
    SslCertificates ssl(w.store, w.clock, *w.random, issuer, gate, {});
    AuthenticatedAdmin caller{.principal = p, .session_token_hash = "console"};
    return f(ssl, caller, *id, where, w);
  };
}

const std::map<Action, Runner>& Runners() {
  static const std::map<Action, Runner> r = {
      {Action::kListOrganizations,
       [](TenantWorld& w, const authz::Principal& p, Where where) -> core::Result<void> {
         auto list = Organizations(w.store, w.clock).List(p);
         if (!list) return core::Fail(list.error());
         auto id = Target(w, where, IsDept(where));
         bool found = false;
         for (const auto& t : *list) {
           found = found || t.organization.id == id;
           for (const auto& d : t.departments) found = found || d.id == id;
         }
         return Listed(found);
       }},
      {Action::kViewOrganization,
       [](TenantWorld& w, const authz::Principal& p, Where where) -> core::Result<void> {
         auto got = Organizations(w.store, w.clock).Get(p, Target(w, where, IsDept(where)));
         if (!got) return core::Fail(got.error());
         return Ok();
       }},
      {Action::kCreateOrganization,
       [](TenantWorld& w, const authz::Principal& p, Where) -> core::Result<void> {
         static int n = 0;
         auto id = Organizations(w.store, w.clock)
                       .Create(p, std::nullopt, {.name = "New " + std::to_string(++n)});
         if (!id) return core::Fail(id.error());
         return Ok();
       }},
      {Action::kEditOrganization,
       [](TenantWorld& w, const authz::Principal& p, Where where) {
         return Organizations(w.store, w.clock).Update(p, Target(w, where, false), {.alias = "x"});
       }},
      {Action::kDeleteOrganization,
       [](TenantWorld& w, const authz::Principal& p, Where where) {
         return Organizations(w.store, w.clock).Delete(p, Target(w, where, false));
       }},
      {Action::kCreateDepartment,
       [](TenantWorld& w, const authz::Principal& p, Where where) -> core::Result<void> {
         static int n = 0;
         auto id = Organizations(w.store, w.clock)
                       .Create(p, Target(w, where, false), {.name = "Dept " + std::to_string(++n)});
         if (!id) return core::Fail(id.error());
         return Ok();
       }},
      {Action::kEditDepartment,
       [](TenantWorld& w, const authz::Principal& p, Where where) {
         return Organizations(w.store, w.clock).Update(p, Target(w, where, true), {.alias = "x"});
       }},
      {Action::kDeleteDepartment,
       [](TenantWorld& w, const authz::Principal& p, Where where) {
         return Organizations(w.store, w.clock).Delete(p, Target(w, where, true));
       }},
      {Action::kListAdmins,
       [](TenantWorld& w, const authz::Principal& p, Where where) -> core::Result<void> {
         auto target = TargetAdmin(w, where);
         auto page = w.admins->List(p, {});
         if (!page) return core::Fail(page.error());
         bool found = false;
         for (const auto& a : page->admins) found = found || a.id == target.id;
         return Listed(found);
       }},
      {Action::kViewAdmin, OnAdmin([](Admins& admins, const authz::Principal& p,
                                      core::AdminId id) -> core::Result<void> {
         auto got = admins.Get(p, id);
         if (!got) return core::Fail(got.error());
         return Ok();
       })},
      {Action::kCreateAdmin,
       [](TenantWorld& w, const authz::Principal& p, Where where) -> core::Result<void> {
         static int n = 0;
         bool dept = IsDept(where);
         auto login = "created" + std::to_string(++n);
         AdminPatch patch{.login = login,
                          .email = login + "@example.test",
                          .forename = "New",
                          .surname = "Admin",
                          .type = core::AdminType::kStandard,
                          .credentials = std::vector<core::Credential>{{dept ? core::Role::kDraoSsl
                                                                             : core::Role::kRaoSsl,
                                                                        Target(w, where, dept)}},
                          .privileges = core::PrivilegeSet{core::Privilege::kSslRequest},
                          .password = "a fresh long passphrase"};
         auto id = w.admins->Create(p, patch);
         if (!id) return core::Fail(id.error());
         return Ok();
       }},
      {Action::kEditAdmin, OnAdmin([](Admins& admins, const authz::Principal& p, core::AdminId id) {
         return admins.Update(p, id, {.telephone = "+31 30 123 4567", .suspended = true});
       })},
      {Action::kDeleteAdmin, OnAdmin([](Admins& admins, const authz::Principal& p,
                                        core::AdminId id) { return admins.Delete(p, id); })},
      {Action::kUnlockAdmin, OnAdmin([](Admins& admins, const authz::Principal& p,
                                        core::AdminId id) { return admins.Unlock(p, id); })},
      {Action::kResetAdminPassword,
       OnAdmin([](Admins& admins, const authz::Principal& p, core::AdminId id) {
         return admins.Update(p, id, {.password = "another long passphrase"});
       })},
      {Action::kViewActivity,
       [](TenantWorld& w, const authz::Principal& p, Where) -> core::Result<void> {
         auto records = ActivityReport(w.store, p, core::TimePoint{}, core::TimePoint::max(), 10);
         if (!records) return core::Fail(records.error());
         return Ok();
       }},
      {Action::kListDomains, OnDomain([](Domains& d, const authz::Principal& p, core::DomainId id,
                                         Where, TenantWorld&) -> core::Result<void> {
         auto page = d.List(p, {});
         if (!page) return core::Fail(page.error());
         bool found = false;
         for (const auto& x : page->domains) found = found || x.id == id;
         return Listed(found);
       })},
      {Action::kViewDomain, OnDomain([](Domains& d, const authz::Principal& p, core::DomainId id,
                                        Where, TenantWorld&) -> core::Result<void> {
         auto got = d.Get(p, id);
         if (!got) return core::Fail(got.error());
         return Ok();
       })},
      {Action::kCreateDomain,
       [](TenantWorld& w, const authz::Principal& p, Where where) -> core::Result<void> {
         static int n = 0;
         DelegationRequest d{.org_id = Target(w, where, IsDept(where)),
                             .cert_types = {core::CertType::kSsl},
                             .privileges = {core::DomainPrivilege::kSubdomain}};
         auto id = Domains(w.store, w.clock)
                       .Create(p, {.name = "new" + std::to_string(++n) + ".example.test",
                                   .delegations = {d}});
         if (!id) return core::Fail(id.error());
         return Ok();
       }},
      {Action::kEditDomain,
       OnDomain([](Domains& d, const authz::Principal& p, core::DomainId id, Where, TenantWorld&) {
         return d.SetActive(p, id, false);
       })},
      {Action::kDeleteDomain, OnDomain([](Domains& d, const authz::Principal& p, core::DomainId id,
                                          Where, TenantWorld&) { return d.Delete(p, id); })},
      {Action::kDelegateDomain, OnDomain([](Domains& d, const authz::Principal& p,
                                            core::DomainId id, Where where, TenantWorld& w) {
         return d.Delegate(p, id,
                           {.org_id = Target(w, where, IsDept(where)),
                            .cert_types = {core::CertType::kSsl, core::CertType::kSmime},
                            .privileges = {core::DomainPrivilege::kDomain}});
       })},
      {Action::kApproveDelegation,
       OnDomain([](Domains& d, const authz::Principal& p, core::DomainId id, Where where,
                   TenantWorld& w) -> core::Result<void> {
         // The delegation, as a DRAO-level admin asked for it.
         auto org = Target(w, where, IsDept(where));
         auto requested = w.store.Transact([&](store::Transaction& tx) {
           return tx.domains().PutDelegation(id, {.org_id = org,
                                                  .cert_types = {core::CertType::kSsl},
                                                  .privileges = {core::DomainPrivilege::kDomain},
                                                  .status = core::DelegationStatus::kRequested,
                                                  .requested_by = w.drao.id});
         });
         if (!requested) return requested;
         return d.Approve(p, id, org);
       })},
      {Action::kValidateDomain,
       OnDomain([](Domains&, const authz::Principal& p, core::DomainId id, Where, TenantWorld& w) {
         return StartValidation(w, p, id);
       })},
      {Action::kListSsl, OnSsl([](SslCertificates& s, const AuthenticatedAdmin& a, core::SslId id,
                                  Where, TenantWorld&) -> core::Result<void> {
         auto page = s.List(a, {});
         if (!page) return core::Fail(page.error());
         bool found = false;
         for (const auto& c : page->certificates) found = found || c.id == id;
         return Listed(found);
       })},
      {Action::kViewSsl, OnSsl([](SslCertificates& s, const AuthenticatedAdmin& a, core::SslId id,
                                  Where, TenantWorld&) -> core::Result<void> {
         auto got = s.Get(a, id);
         if (!got) return core::Fail(got.error());
         return Ok();
       })},
      {Action::kRequestSsl, OnSsl([](SslCertificates& s, const AuthenticatedAdmin& a, core::SslId,
                                     Where where, TenantWorld& w) -> core::Result<void> {
         // Allowed: refused later for the CSR, which is not one.
         auto r = s.Enroll(a, {.org_id = Target(w, where, IsDept(where)), .csr = "not a CSR"});
         if (!r) return core::Fail(r.error());
         return Ok();
       })},
      {Action::kApproveSsl, OnSsl([](SslCertificates& s, const AuthenticatedAdmin& a,
                                     core::SslId id, Where, TenantWorld&) {
         return s.Approve(a, id, "ok");  // allowed: refused for the undelegated name
       })},
      {Action::kRevokeSsl, OnSsl([](SslCertificates& s, const AuthenticatedAdmin& a, core::SslId id,
                                    Where, TenantWorld&) {
         return s.Revoke(a, id, 0, "test");  // allowed: refused, it is not issued
       })},
      {Action::kRenewSsl, OnSsl([](SslCertificates& s, const AuthenticatedAdmin& a, core::SslId id,
                                   Where, TenantWorld&) -> core::Result<void> {
         auto r = s.Renew(a, id, "");  // allowed: refused, it is not issued
         if (!r) return core::Fail(r.error());
         return Ok();
       })},
      {Action::kReplaceSsl, OnSsl([](SslCertificates& s, const AuthenticatedAdmin& a,
                                     core::SslId id, Where, TenantWorld&) -> core::Result<void> {
         auto r = s.Replace(a, id, "csr", {}, "test");  // allowed: refused, it is not issued
         if (!r) return core::Fail(r.error());
         return Ok();
       })},
      {Action::kListCustomFields, OnCustomField([](CustomFields& f, const authz::Principal& p,
                                                   core::CustomFieldId id) -> core::Result<void> {
         auto got = f.Get(p, id);
         if (!got) return core::Fail(got.error());
         auto all = f.List(p, std::nullopt);
         if (!all) return core::Fail(all.error());
         return Listed(std::any_of(all->begin(), all->end(),
                                   [id](const core::CustomField& c) { return c.id == id; }));
       })},
      {Action::kManageCustomFields,
       OnCustomField([](CustomFields& f, const authz::Principal& p, core::CustomFieldId id) {
         return f.Update(p, id, {.mandatory = true});
       })},
      {Action::kListAcmeAccounts,
       OnAcmeAccount([](ExternalAccounts& a, const authz::Principal& p, core::ExternalAccountId id,
                        Where, TenantWorld&) -> core::Result<void> {
         auto got = a.Get(p, id);
         if (!got) return core::Fail(got.error());
         auto page = a.List(p, {});
         if (!page) return core::Fail(page.error());
         return Listed(std::any_of(page->items.begin(), page->items.end(),
                                   [id](const core::ExternalAccount& x) { return x.id == id; }));
       })},
      {Action::kManageAcmeAccounts,
       OnAcmeAccount([](ExternalAccounts& a, const authz::Principal& p, core::ExternalAccountId id,
                        Where where, TenantWorld& w) -> core::Result<void> {
         auto created = a.Create(p, {.name = "mine", .org_id = Target(w, where, IsDept(where))});
         if (!created) return core::Fail(created.error());
         return a.Rename(p, id, "renamed");
       })},
      {Action::kListNotifications,
       OnNotification([](NotificationRules& n, const authz::Principal& p,
                         core::NotificationRuleId id) -> core::Result<void> {
         auto got = n.Get(p, id);
         if (!got) return core::Fail(got.error());
         auto page = n.List(p, {}, 0, 1000);
         if (!page) return core::Fail(page.error());
         return Listed(std::any_of(page->items.begin(), page->items.end(),
                                   [id](const core::NotificationRule& r) { return r.id == id; }));
       })},
      {Action::kManageNotifications,
       OnNotification([](NotificationRules& n, const authz::Principal& p,
                         core::NotificationRuleId id) -> core::Result<void> {
         auto rule = n.Get(p, id);
         if (!rule) return core::Fail(rule.error());
         rule->description = "renamed";
         return n.Update(p, id, *rule);
       })},
  };
  return r;
}

// A refusal: not allowed, not found in the caller's customer, or (for an id of another
// customer inside a request body) "not an organization of this customer".
bool IsRefusal(const core::Error& e) {
  return e.code() == core::ErrorCode::kForbidden || e.code() == core::ErrorCode::kNotFound ||
         e.code() == core::ErrorCode::kUnauthenticated ||
         (e.code() == core::ErrorCode::kMalformed && e.reason() == core::Reason::kInvalidField &&
          e.detail().find("of this customer") != std::string::npos);
}

bool Applies(Expect::Targets targets, Where where) {
  switch (targets) {
    case Expect::Targets::kOrgs:
      return !IsDept(where);
    case Expect::Targets::kDepts:
      return IsDept(where) || where == Where::kForeignCustomer;
    case Expect::Targets::kBoth:
      return true;
    case Expect::Targets::kCustomer:
      return where == Where::kOwnOrg;
  }
  return false;
}

TEST(AuthorizationMatrix, EveryActionHasRowsAndEveryCaseMatches) {
  int cases = 0;
  for (const auto& rule : authz::AllRules()) {
    auto expect = Expectations().find(rule.action);
    auto run = Runners().find(rule.action);
    ASSERT_TRUE(expect != Expectations().end() && run != Runners().end())
        << "action " << rule.name << " has no row in the authorization matrix";
    for (Who who : kWho) {
      for (Where where : kWhere) {
        if (!Applies(expect->second.targets, where)) continue;
        SCOPED_TRACE(std::string(rule.name) + " by " + Name(who) + " at " + Name(where));
        testing::TestStore db(testing::Backend::kSqlite);
        ASSERT_TRUE(db.ok());
        TenantWorld w(db.store());
        const auto& admin = who == Who::kMrao ? w.mrao : who == Who::kRao ? w.rao : w.drao;
        auto result = run->second(w, TenantWorld::As(admin), where);
        auto allowed_set = expect->second.allowed.find(who);
        bool allowed =
            allowed_set != expect->second.allowed.end() && allowed_set->second.contains(where);
        if (allowed) {
          EXPECT_TRUE(result || !IsRefusal(result.error()))
              << "refused: " << result.error().detail();
        } else {
          EXPECT_FALSE(result) << "allowed, but must be refused";
          if (!result) {
            EXPECT_TRUE(IsRefusal(result.error())) << result.error().detail();
          }
        }
        ++cases;
      }
    }
  }
  EXPECT_GT(cases, 150);
}

}  // namespace
}  // namespace certkeep::service
