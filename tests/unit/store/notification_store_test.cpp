// Notification rules, templates and marks, and the expiry scan's queries, on both back
// ends.
#include <gtest/gtest.h>

#include "core/profile.h"
#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using core::NotificationRule;
using core::NotificationType;
using testing::At;
using testing::Backend;
using testing::Must;
using testing::StoreFixture;

constexpr std::int64_t kDay = 86'400;

class NotificationStoreTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    if (IsSkipped()) return;
    customer_ = AddCustomer("demo");
    other_ = AddCustomer("other");
    org_ = AddOrg(customer_, "Demo Org");
    dept_ = AddOrg(customer_, "Demo Dept", org_);
    profile_ = Must(store().Transact([](Transaction& tx) {
      return tx.profiles().Insert(core::DefaultProfiles().front(), At(0));
    }));
  }
  core::NotificationRuleId Insert(const NotificationRule& r) {
    return Must(store().Transact([&](Transaction& tx) { return tx.notifications().Insert(r); }));
  }
  std::vector<NotificationRule> List(const NotificationRuleQuery& q) {
    return Must(store().Transact([&](Transaction& tx) { return tx.notifications().List(q); }));
  }
  core::SslId Issued(const std::string& cn, core::OrgId org, std::int64_t expires,
                     core::SslStatus status = core::SslStatus::kIssued,
                     std::optional<core::SslId> renewed_from = {}) {
    core::SslCertificate c{.customer_id = customer_,
                           .org_id = org,
                           .profile_id = profile_,
                           .term_days = 365,
                           .status = status,
                           .csr = "-----BEGIN CERTIFICATE REQUEST-----\n...",
                           .common_name = cn,
                           .names = {cn, "www." + cn},
                           .key_type = "RSA - 2048",
                           .requester = "alice",
                           .requester_id = core::AdminId{7},
                           .external_requester = "bob@example.org",
                           .renewed_from = renewed_from,
                           .requested_at = At(1000),
                           .expires_at = At(expires)};
    return Must(store().Transact([&](Transaction& tx) { return tx.ssl().Insert(c); }));
  }
  std::vector<core::SslId> Due(ExpiringCertificateQuery q) {
    auto found = Must(store().Transact(
        [&](Transaction& tx) { return tx.notifications().ExpiringCertificates(q); }));
    std::vector<core::SslId> ids;
    for (const auto& c : found) ids.push_back(c.id);
    return ids;
  }

  core::CustomerId customer_{}, other_{};
  core::OrgId org_{}, dept_{};
  core::ProfileId profile_{};
};

TEST_P(NotificationStoreTest, RulesAreStoredFilteredChangedAndRemoved) {
  NotificationRule rule{.customer_id = customer_,
                        .description = "Expiring soon",
                        .type = NotificationType::kSslExpiration,
                        .org_scope = core::NotificationOrgScope::kSelected,
                        .org_ids = {org_, dept_},
                        .notify_roles = {core::NotifyRole::kRequester, core::NotifyRole::kSslRao},
                        .recipients = {"pki@uni.example"},
                        .days = 30,
                        .cert_type_id = profile_.value,
                        .freq = core::NotificationFrequency::kDaily,
                        .revoked_by_user = false};
  auto id = Insert(rule);
  auto admin_rule = Insert({.customer_id = customer_,
                            .description = "New admins",
                            .type = NotificationType::kAdminCreated,
                            .is_active = false,
                            .recipients = {"sec@uni.example"}});
  Insert({.customer_id = other_,
          .description = "Theirs",
          .type = NotificationType::kSslExpiration,
          .recipients = {"x@other.example"},
          .days = 7});

  auto got = Must(store().Transact([&](Transaction& tx) { return tx.notifications().Get(id); }));
  rule.id = id;
  EXPECT_EQ(got.description, rule.description);
  EXPECT_EQ(got.type, rule.type);
  EXPECT_TRUE(got.is_active);
  EXPECT_EQ(got.org_scope, rule.org_scope);
  EXPECT_EQ(got.org_ids, rule.org_ids);
  EXPECT_EQ(got.notify_roles, rule.notify_roles);
  EXPECT_EQ(got.recipients, rule.recipients);
  EXPECT_EQ(got.days, 30);
  EXPECT_EQ(got.cert_type_id, profile_.value);
  EXPECT_EQ(got.freq, core::NotificationFrequency::kDaily);
  EXPECT_TRUE(got.revoked_by_admin);
  EXPECT_FALSE(got.revoked_by_user);

  EXPECT_EQ(List({.customer = customer_}).size(), 2u);
  EXPECT_EQ(List({.customer = customer_, .type = NotificationType::kAdminCreated}).size(), 1u);
  EXPECT_EQ(List({.customer = customer_, .description = "SOON"}).size(), 1u);
  EXPECT_EQ(List({.customer = customer_, .org = dept_}).size(), 1u);
  EXPECT_EQ(List({.customer = customer_, .org = core::OrgId{dept_.value * 10}}).size(), 0u);
  auto active = Must(store().Transact([&](Transaction& tx) {
    return tx.notifications().Active(std::nullopt, NotificationType::kSslExpiration);
  }));
  EXPECT_EQ(active.size(), 2u);  // both customers'
  auto inactive = Must(store().Transact([&](Transaction& tx) {
    return tx.notifications().Active(customer_, NotificationType::kAdminCreated);
  }));
  EXPECT_TRUE(inactive.empty());

  got.days = 7;
  got.org_ids = {org_};
  got.cert_type_id.reset();
  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.notifications().Update(got); }));
  auto changed =
      Must(store().Transact([&](Transaction& tx) { return tx.notifications().Get(id); }));
  EXPECT_EQ(changed.days, 7);
  EXPECT_EQ(changed.org_ids, std::vector<core::OrgId>{org_});
  EXPECT_FALSE(changed.cert_type_id);

  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.notifications().Mark(id, 1, 7); }));
  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.notifications().Delete(id); }));
  auto gone = store().Transact([&](Transaction& tx) { return tx.notifications().Get(id); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), core::ErrorCode::kNotFound);
  EXPECT_FALSE(store().Transact([&](Transaction& tx) { return tx.notifications().Delete(id); }));
  EXPECT_TRUE(
      store().Transact([&](Transaction& tx) { return tx.notifications().Get(admin_rule); }));
}

TEST_P(NotificationStoreTest, AMarkIsWrittenOnce) {
  auto id = Insert({.customer_id = customer_,
                    .description = "x",
                    .type = NotificationType::kSslExpiration,
                    .recipients = {"a@b.example"},
                    .days = 30});
  auto mark = [&](std::int64_t object, std::int64_t threshold) {
    return Must(store().Transact(
        [&](Transaction& tx) { return tx.notifications().Mark(id, object, threshold); }));
  };
  EXPECT_TRUE(mark(5, 30));
  EXPECT_FALSE(mark(5, 30));
  EXPECT_TRUE(mark(5, 7));
  EXPECT_TRUE(mark(6, 30));
}

TEST_P(NotificationStoreTest, ExpiringCertificatesAreThoseInTheWindowNotYetMarkedNorRenewed) {
  auto rule = Insert({.customer_id = customer_,
                      .description = "x",
                      .type = NotificationType::kSslExpiration,
                      .recipients = {"a@b.example"},
                      .days = 30});
  const std::int64_t now = 100 * kDay;
  auto soon = Issued("soon.example.org", org_, now + 10 * kDay);
  auto dept = Issued("dept.example.org", dept_, now + 20 * kDay);
  Issued("later.example.org", org_, now + 40 * kDay);  // outside
  Issued("past.example.org", org_, now - kDay);        // expired
  Issued("revoked.example.org", org_, now + 5 * kDay, core::SslStatus::kRevoked);
  auto renewed = Issued("renewed.example.org", org_, now + 15 * kDay);
  Issued("renewed.example.org", org_, now + 380 * kDay, core::SslStatus::kIssued, renewed);
  auto pending_renewal = Issued("pending.example.org", org_, now + 16 * kDay);
  Issued("pending.example.org", org_, 0, core::SslStatus::kRequested, pending_renewal);

  ExpiringCertificateQuery q{.customer = customer_,
                             .after = At(now),
                             .until = At(now + 30 * kDay),
                             .statuses = {"Issued"},
                             .rule = rule,
                             .threshold = 30};
  EXPECT_EQ(Due(q), (std::vector<core::SslId>{soon, pending_renewal, dept}));
  auto one = Must(store().Transact(
      [&](Transaction& tx) { return tx.notifications().ExpiringCertificates(q); }));
  ASSERT_EQ(one.size(), 3u);
  EXPECT_EQ(one[0].common_name, "soon.example.org");
  EXPECT_EQ(one[0].names, (std::vector<std::string>{"soon.example.org", "www.soon.example.org"}));
  EXPECT_EQ(one[0].requester_id, core::AdminId{7});
  EXPECT_EQ(one[0].external_requester, "bob@example.org");
  EXPECT_EQ(one[0].expires_at, At(now + 10 * kDay));

  Must(store().Transact(
      [&](Transaction& tx) { return tx.notifications().Mark(rule, soon.value, 30); }));
  EXPECT_EQ(Due(q), (std::vector<core::SslId>{pending_renewal, dept}));
  q.threshold = 7;  // another threshold has marks of its own
  EXPECT_EQ(Due(q).size(), 3u);
  q.orgs = {dept_};
  EXPECT_EQ(Due(q), std::vector<core::SslId>{dept});
  q.orgs.clear();
  q.limit = 1;
  EXPECT_EQ(Due(q), std::vector<core::SslId>{soon});
  q.customer = other_;
  EXPECT_TRUE(Due(q).empty());

  // A certificate whose notifications are suspended has none, and again once resumed.
  q.customer = customer_;
  q.threshold = 30;
  q.limit = 100;
  auto suspend = [&](bool on) {
    auto r = store().Transact([&](Transaction& tx) -> core::Result<void> {
      auto c = tx.ssl().Get(dept);
      if (!c) return core::Fail(c.error());
      c->suspend_notifications = on;
      return tx.ssl().Update(*c);
    });
    ASSERT_TRUE(r) << r.error().internal();
  };
  suspend(true);
  EXPECT_EQ(Due(q), std::vector<core::SslId>{pending_renewal});
  EXPECT_TRUE(Must(store().Read([&](Transaction& tx) {
                return tx.ssl().Get(dept);
              })).suspend_notifications);
  suspend(false);
  EXPECT_EQ(Due(q), (std::vector<core::SslId>{pending_renewal, dept}));
}

TEST_P(NotificationStoreTest, TemplatesAreACustomersOwn) {
  auto get = [&](core::CustomerId c) {
    return Must(store().Transact([&](Transaction& tx) {
      return tx.notifications().GetTemplate(c, NotificationType::kSslIssued);
    }));
  };
  EXPECT_FALSE(get(customer_));
  ASSERT_TRUE(store().Transact([&](Transaction& tx) {
    return tx.notifications().PutTemplate(
        {customer_, NotificationType::kSslIssued, "Issued {{commonName}}", "text", "<p>html</p>"});
  }));
  ASSERT_TRUE(store().Transact([&](Transaction& tx) {
    return tx.notifications().PutTemplate(
        {customer_, NotificationType::kSslIssued, "Ready: {{commonName}}", "text 2", ""});
  }));
  auto own = get(customer_);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->subject, "Ready: {{commonName}}");
  EXPECT_EQ(own->text, "text 2");
  EXPECT_EQ(own->html, "");
  EXPECT_FALSE(get(other_));
  auto all = Must(store().Transact(
      [&](Transaction& tx) { return tx.notifications().ListTemplates(customer_); }));
  EXPECT_EQ(all.size(), 1u);
  EXPECT_TRUE(Must(store().Transact([&](Transaction& tx) {
    return tx.notifications().DeleteTemplate(customer_, NotificationType::kSslIssued);
  })));
  EXPECT_FALSE(Must(store().Transact([&](Transaction& tx) {
    return tx.notifications().DeleteTemplate(customer_, NotificationType::kSslIssued);
  })));
  EXPECT_FALSE(get(customer_));
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
