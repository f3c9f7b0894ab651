// Notifications on the real SQLite store: who may see and change which rules, the rules'
// mail for events and the expiry scan — each message once per rule, object and threshold.
#include <gtest/gtest.h>

#include "core/profile.h"
#include "service/expiry_scan.h"
#include "service/mail_outbox.h"
#include "service/notification_rules.h"
#include "service/notifier.h"
#include "service/organizations.h"
#include "support/tenant_world.h"

namespace certkeep::service {
namespace {

using core::NotificationRule;
using core::NotificationType;
using core::NotifyRole;
using testing::TenantWorld;

constexpr auto kDay = std::chrono::days(1);

class NotificationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_.ok());
    auto profile = w_.store.Transact([&](store::Transaction& tx) {
      return tx.profiles().Insert(core::DefaultProfiles().front(), w_.clock.Now());
    });
    ASSERT_TRUE(profile);
    profile_ = *profile;
    // The world's organizations came with their default rules; these tests make their own.
    ASSERT_TRUE(w_.store.Transact([&](store::Transaction& tx) -> core::Result<void> {
      auto all = tx.notifications().List({.customer = w_.a});
      if (!all) return core::Fail(all.error());
      EXPECT_EQ(all->size(), 4u);  // 30 and 7 days for O1 and O2
      for (const auto& r : *all) {
        if (auto d = tx.notifications().Delete(r.id); !d) return d;
      }
      return core::Ok();
    }));
  }
  authz::Principal As(const core::Admin& a) const { return TenantWorld::As(a); }

  NotificationRule Rule(NotificationType type, std::vector<NotifyRole> roles,
                        core::NotificationOrgScope scope = core::NotificationOrgScope::kAny,
                        std::vector<core::OrgId> orgs = {}, int days = 0) {
    return {.description = std::string(core::ToString(type)),
            .type = type,
            .org_scope = scope,
            .org_ids = std::move(orgs),
            .notify_roles = std::move(roles),
            .days = days};
  }
  core::NotificationRuleId Create(const core::Admin& by, NotificationRule rule) {
    auto id = rules_.Create(As(by), std::move(rule));
    EXPECT_TRUE(id) << id.error().detail();
    return id.value_or(core::NotificationRuleId{});
  }
  // An Issued certificate of `org` requested by `requester`, expiring `in` from now.
  core::SslId Certificate(const std::string& cn, core::OrgId org, std::chrono::seconds in,
                          const core::Admin& requester) {
    core::SslCertificate c{.customer_id = w_.a,
                           .org_id = org,
                           .profile_id = profile_,
                           .term_days = 365,
                           .status = core::SslStatus::kIssued,
                           .csr = "csr",
                           .common_name = cn,
                           .names = {cn},
                           .key_type = "EC - 256",
                           .requester = requester.login,
                           .requester_id = requester.id,
                           .external_requester = "owner@uni.example",
                           .requested_at = w_.clock.Now(),
                           .expires_at = w_.clock.Now() + in};
    auto id = w_.store.Transact([&](store::Transaction& tx) { return tx.ssl().Insert(c); });
    EXPECT_TRUE(id);
    return id.value_or(core::SslId{});
  }
  // An "SSL Issued" event of certificate `id` (common name `cn`) in department D1.
  NotificationEvent IssuedInD1(std::int64_t id, const std::string& cn) {
    auto org = w_.store.Read([&](store::Transaction& tx) { return tx.organizations().Get(w_.d1); });
    EXPECT_TRUE(org);
    return {.type = NotificationType::kSslIssued,
            .customer = w_.a,
            .org = org.value_or(core::Organization{}),
            .object_kind = "ssl",
            .object_id = id,
            .values = {{"commonName", cn}},
            .path = "/certificates/ssl/" + std::to_string(id)};
  }
  std::vector<core::OutboxMail> Outbox() {
    auto all = w_.store.Read([](store::Transaction& tx) { return tx.outbox().List({.size = 1000}); });
    EXPECT_TRUE(all);
    auto out = all.value_or(std::vector<core::OutboxMail>{});
    std::reverse(out.begin(), out.end());
    return out;
  }
  int Scan() {
    auto n = scan_.Run();
    EXPECT_TRUE(n) << n.error().detail();
    return n.value_or(-1);
  }

  ::certkeep::testing::TestStore db_{::certkeep::testing::Backend::kSqlite};
  TenantWorld w_{db_.store()};
  core::ProfileId profile_{};
  NotificationRules rules_{w_.store, w_.clock};
  Notifier notifier_{*w_.random, {.from = "ca@uni.example", .console_url = "https://ca.test"}};
  ExpiryScan scan_{w_.store, w_.clock, notifier_};
};

TEST_F(NotificationsTest, AnAdminSeesAndChangesOnlyRulesOfPlacesItCovers) {
  auto any = Create(w_.mrao, Rule(NotificationType::kSslIssued, {NotifyRole::kMrao}));
  auto o1 = Create(w_.rao, Rule(NotificationType::kSslIssued, {NotifyRole::kRequester},
                                core::NotificationOrgScope::kAnyDept, {w_.o1}));
  auto d1 = Create(w_.drao, Rule(NotificationType::kSslIssued, {NotifyRole::kRequester},
                                 core::NotificationOrgScope::kSelected, {w_.d1}));

  // A RAO may not make a customer-wide rule, nor one for another organization.
  auto wide = rules_.Create(As(w_.rao), Rule(NotificationType::kSslIssued, {NotifyRole::kMrao}));
  ASSERT_FALSE(wide);
  EXPECT_EQ(wide.error().code(), core::ErrorCode::kForbidden);
  auto other = rules_.Create(As(w_.rao), Rule(NotificationType::kSslIssued, {NotifyRole::kMrao},
                                              core::NotificationOrgScope::kSelected, {w_.o2}));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), core::ErrorCode::kForbidden);
  auto foreign = rules_.Create(As(w_.mrao), Rule(NotificationType::kSslIssued, {NotifyRole::kMrao},
                                                 core::NotificationOrgScope::kSelected, {w_.p1}));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code(), core::ErrorCode::kMalformed);

  auto ids = [&](const core::Admin& who) {
    std::vector<core::NotificationRuleId> out;
    auto page = rules_.List(As(who), {}, 0, 100);
    EXPECT_TRUE(page);
    if (page) {
      for (const auto& r : page->items) out.push_back(r.id);
    }
    return out;
  };
  EXPECT_EQ(ids(w_.mrao), (std::vector<core::NotificationRuleId>{any, o1, d1}));
  EXPECT_EQ(ids(w_.rao), (std::vector<core::NotificationRuleId>{o1, d1}));
  EXPECT_EQ(ids(w_.drao), (std::vector<core::NotificationRuleId>{d1}));
  for (auto id : ids(w_.foreign_mrao)) {  // customer B's own (its organization's defaults) only
    EXPECT_TRUE(id != any && id != o1 && id != d1);
  }

  auto hidden = rules_.Get(As(w_.drao), o1);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code(), core::ErrorCode::kNotFound);
  EXPECT_FALSE(rules_.Delete(As(w_.drao), o1));
  EXPECT_FALSE(rules_.Delete(As(w_.foreign_mrao), any));
  ASSERT_TRUE(rules_.Delete(As(w_.rao), d1));
  EXPECT_EQ(ids(w_.mrao), (std::vector<core::NotificationRuleId>{any, o1}));
}

TEST_F(NotificationsTest, ANewOrganizationStartsWithTwoExpiryRules) {
  Organizations orgs(w_.store, w_.clock);
  auto id = orgs.Create(As(w_.mrao), std::nullopt, {.name = "New University"});
  ASSERT_TRUE(id) << id.error().detail();
  auto page = rules_.List(As(w_.mrao), {.org = *id}, 0, 100);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 2u);
  for (const auto& r : page->items) {
    EXPECT_EQ(r.type, NotificationType::kSslExpiration);
    EXPECT_EQ(r.org_scope, core::NotificationOrgScope::kAnyDept);
    EXPECT_TRUE(r.is_active);
  }
  EXPECT_EQ(page->items[0].days, 30);
  EXPECT_EQ(page->items[1].days, 7);
}

TEST_F(NotificationsTest, EachExpiryRuleMailsOncePerCertificateAndThreshold) {
  Create(w_.mrao, Rule(NotificationType::kSslExpiration,
                       {NotifyRole::kRequester, NotifyRole::kExternalRequester, NotifyRole::kSslRao},
                       core::NotificationOrgScope::kAnyDept, {w_.o1}, 30));
  Create(w_.mrao, Rule(NotificationType::kSslExpiration, {NotifyRole::kRequester},
                       core::NotificationOrgScope::kAny, {}, 7));
  auto mine = Certificate("www.o1.example", w_.d1, 20 * kDay, w_.drao);
  Certificate("www.o2.example", w_.o2, 20 * kDay, w_.mrao);  // outside the 30-day rule's places
  Certificate("later.o1.example", w_.o1, 60 * kDay, w_.rao);

  EXPECT_EQ(Scan(), 1);
  auto mail = Outbox();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to, (std::vector<std::string>{"drao@example.test", "owner@uni.example",
                                                  "rao@example.test"}));
  EXPECT_EQ(mail[0].subject, "SSL certificate for www.o1.example expires in 20 days");
  EXPECT_NE(mail[0].text.find("https://ca.test/certificates/ssl/" + std::to_string(mine.value)),
            std::string::npos);
  EXPECT_NE(mail[0].html.find("www.o1.example"), std::string::npos);
  EXPECT_EQ(mail[0].kind, "notify.ssl-expiration");
  EXPECT_EQ(Scan(), 0);  // nothing twice

  w_.clock.Advance(14 * kDay);  // 6 days left: the 7-day rule fires, for both in it
  EXPECT_EQ(Scan(), 2);
  EXPECT_EQ(Scan(), 0);
  EXPECT_EQ(Outbox().size(), 3u);
}

TEST_F(NotificationsTest, OneDayLeftReadsAsOneDay) {
  Create(w_.mrao, Rule(NotificationType::kSslExpiration, {NotifyRole::kRequester},
                       core::NotificationOrgScope::kAny, {}, 7));
  Certificate("soon.o1.example", w_.o1, kDay, w_.rao);
  EXPECT_EQ(Scan(), 1);
  auto mail = Outbox();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].subject, "SSL certificate for soon.o1.example expires in 1 day");
  EXPECT_NE(mail[0].text.find(", in 1 day."), std::string::npos) << mail[0].text;
  EXPECT_EQ(DaysText(0), "0 days");
  EXPECT_EQ(DaysText(30), "30 days");
}

TEST_F(NotificationsTest, ASmallBatchStillNoticesEveryCertificateOnce) {
  // Batches of two: the scan goes on from each batch's last expiry, including the
  // certificates that share it.
  ExpiryScan small(w_.store, w_.clock, notifier_, {.batch = 2});
  Create(w_.mrao, Rule(NotificationType::kSslExpiration, {NotifyRole::kRequester},
                       core::NotificationOrgScope::kAny, {}, 30));
  for (int i = 0; i < 7; ++i) {
    Certificate("c" + std::to_string(i) + ".example", w_.o1, (10 + i / 3) * kDay, w_.rao);
  }
  auto n = small.Run();
  ASSERT_TRUE(n) << n.error().detail();
  EXPECT_EQ(*n, 7);
  EXPECT_EQ(Outbox().size(), 7u);
  auto again = small.Run();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
}

TEST_F(NotificationsTest, ADailyRuleMailsOnceADayAndExpiredOnceAfterTheEnd) {
  auto daily = Rule(NotificationType::kSslExpiration, {NotifyRole::kRequester},
                    core::NotificationOrgScope::kAny, {}, 3);
  daily.freq = core::NotificationFrequency::kDaily;
  Create(w_.mrao, daily);
  Create(w_.mrao, Rule(NotificationType::kSslExpired, {NotifyRole::kRequester}));
  Certificate("short.example", w_.o1, 2 * kDay + std::chrono::hours(1), w_.rao);
  EXPECT_EQ(Scan(), 1);
  EXPECT_EQ(Scan(), 0);
  w_.clock.Advance(kDay);
  EXPECT_EQ(Scan(), 1);
  w_.clock.Advance(2 * kDay);  // expired now
  EXPECT_EQ(Scan(), 1);
  EXPECT_EQ(Outbox().back().subject, "SSL certificate for short.example has expired");
  EXPECT_EQ(Scan(), 0);
}

TEST_F(NotificationsTest, EventsMailTheRulesRecipientsOnceAndNotThoseAlreadyTold) {
  Create(w_.mrao, Rule(NotificationType::kAdminCreated, {NotifyRole::kMrao}));
  auto r = Rule(NotificationType::kSslIssued, {NotifyRole::kRequester, NotifyRole::kMrao});
  r.recipients = {"audit@uni.example"};
  Create(w_.mrao, r);
  Create(w_.rao, Rule(NotificationType::kSslIssued, {NotifyRole::kSslDrao},
                      core::NotificationOrgScope::kSelected, {w_.d1b}));  // another department
  auto event = IssuedInD1(99, "x.example");
  event.requester_id = w_.drao.id;
  event.already = {"DRAO@example.test"};
  for (int i = 0; i < 2; ++i) {
    auto n = w_.store.Transact(
        [&](store::Transaction& tx) { return notifier_.Emit(tx, w_.clock.Now(), event); });
    ASSERT_TRUE(n) << n.error().detail();
  }
  auto mail = Outbox();
  ASSERT_EQ(mail.size(), 1u);  // the same event again writes nothing
  EXPECT_EQ(mail[0].to, (std::vector<std::string>{"audit@uni.example", "mrao@example.test"}));
  EXPECT_EQ(mail[0].subject, "SSL certificate for x.example issued");
}

TEST_F(NotificationsTest, APlanReadAheadIsWhatTheEventMailsBy) {
  auto r = Rule(NotificationType::kSslIssued, {});
  r.recipients = {"audit@uni.example"};
  auto rule = Create(w_.mrao, r);
  ASSERT_TRUE(rules_.PutTemplate(As(w_.mrao), NotificationType::kSslIssued,
                                 {"Planned {{commonName}}", "{{link}}", ""}));
  // Read ahead, as a decision reads it (the registry cache answers a second read).
  auto plan = w_.store.Read([&](store::Transaction& tx) {
    return Notifier::Plan(tx, w_.a, NotificationType::kSslIssued);
  });
  ASSERT_TRUE(plan) << plan.error().detail();
  ASSERT_EQ(plan->rules.size(), 1u);
  EXPECT_EQ(plan->tmpl.subject, "Planned {{commonName}}");
  // Changed in between: the event orders before the change, and the write reads neither.
  ASSERT_TRUE(rules_.Delete(As(w_.mrao), rule));
  ASSERT_TRUE(rules_.ResetTemplate(As(w_.mrao), NotificationType::kSslIssued));
  auto event = IssuedInD1(7, "plan.example");
  // The event's own mail and the rules', as Tell writes them.
  auto tell = [&](const NoticePlan* with) {
    return w_.store.Transact([&](store::Transaction& tx) -> core::Result<int> {
      if (auto s = notifier_.Send(tx, w_.clock.Now(), event, {"Owner@uni.example"}, with); !s) {
        return core::Fail(s.error());
      }
      return notifier_.Emit(tx, w_.clock.Now(), event, with);
    });
  };
  auto n = tell(&*plan);
  ASSERT_TRUE(n) << n.error().detail();
  EXPECT_EQ(*n, 1);
  auto mail = Outbox();
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[0].to, std::vector<std::string>{"owner@uni.example"});
  EXPECT_EQ(mail[1].to, std::vector<std::string>{"audit@uni.example"});
  for (const auto& m : mail) EXPECT_EQ(m.subject, "Planned plan.example");
  // Without the plan, the event reads the store as it is now: no rule, the default template.
  event.object_id = 8;
  n = tell(nullptr);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
  mail = Outbox();
  ASSERT_EQ(mail.size(), 3u);
  EXPECT_EQ(mail[2].subject, "SSL certificate for plan.example issued");
}

TEST_F(NotificationsTest, ACustomersTemplateReplacesTheDefault) {
  ASSERT_TRUE(rules_.PutTemplate(As(w_.mrao), NotificationType::kSslExpiration,
                                 {"Renew {{commonName}}!", "{{daysLeft}} days: {{link}}", ""}));
  EXPECT_FALSE(rules_.PutTemplate(As(w_.rao), NotificationType::kSslExpiration, {"x", "y", ""}));
  Create(w_.mrao, Rule(NotificationType::kSslExpiration, {NotifyRole::kRequester},
                       core::NotificationOrgScope::kAny, {}, 30));
  auto id = Certificate("tmpl.example", w_.o1, 10 * kDay, w_.rao);
  EXPECT_EQ(Scan(), 1);
  auto mail = Outbox();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].subject, "Renew tmpl.example!");
  EXPECT_EQ(mail[0].text, "10 days: https://ca.test/certificates/ssl/" + std::to_string(id.value));
  EXPECT_EQ(mail[0].html, "");

  auto views = rules_.Templates(As(w_.mrao));
  ASSERT_TRUE(views);
  EXPECT_EQ(views->size(), core::AllNotificationTypes().size());
  ASSERT_TRUE(rules_.ResetTemplate(As(w_.mrao), NotificationType::kSslExpiration));
  views = rules_.Templates(As(w_.mrao));
  ASSERT_TRUE(views);
  for (const auto& v : *views) EXPECT_FALSE(v.is_customized);
}

TEST_F(NotificationsTest, AFailedMessageIsListedAndCanBeRetried) {
  auto mail = NewMail(*w_.random, w_.clock.Now(), "ca@uni.example", {"x@uni.example"}, "s", "t",
                      "notify.ssl-issued", "https://ca.test");
  mail.customer_id = w_.a;
  mail.status = core::OutboxStatus::kFailed;
  mail.attempts = 12;
  mail.last_error = "550 no such user";
  ASSERT_TRUE(w_.store.Transact([&](store::Transaction& tx) { return tx.outbox().Enqueue(mail); }));
  auto failed = rules_.Outbox(As(w_.mrao), {.status = core::OutboxStatus::kFailed});
  ASSERT_TRUE(failed);
  ASSERT_EQ(failed->total, 1);
  EXPECT_EQ(failed->items[0].last_error, "550 no such user");
  EXPECT_FALSE(rules_.Outbox(As(w_.rao), {}));
  EXPECT_FALSE(rules_.Outbox(As(w_.foreign_mrao), {})->total);
  ASSERT_TRUE(rules_.Retry(As(w_.mrao), failed->items[0].id));
  auto again = rules_.Outbox(As(w_.mrao), {.status = core::OutboxStatus::kPending});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->total, 1);
  EXPECT_EQ(again->items[0].attempts, 0);
  EXPECT_FALSE(rules_.Retry(As(w_.mrao), failed->items[0].id));  // no longer FAILED
}

}  // namespace
}  // namespace certkeep::service
