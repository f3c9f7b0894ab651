// Notification rules as core checks them: the shape SCM's API gives them, which places
// they cover, and the threshold an expiry notice is kept once for.
#include "core/notification.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace certkeep::core {
namespace {

NotificationRule Expiring(int days) {
  return {.customer_id = CustomerId{1},
          .description = "  SSL expiring  ",
          .type = NotificationType::kSslExpiration,
          .notify_roles = {NotifyRole::kRequester},
          .days = days};
}

Organization Org(std::int64_t id, std::optional<std::int64_t> parent = {}) {
  Organization o{.id = OrgId{id}, .customer_id = CustomerId{1}};
  if (parent) o.parent_id = OrgId{*parent};
  return o;
}

TEST(NotificationWords, EveryTypeRoleScopeAndFrequencyReadsBackFromItsWord) {
  for (auto t : AllNotificationTypes()) EXPECT_EQ(ParseNotificationType(ToString(t)), t);
  for (auto r : AllNotifyRoles()) EXPECT_EQ(ParseNotifyRole(ToString(r)), r);
  EXPECT_EQ(ParseNotificationType("ssl expiration"), NotificationType::kSslExpiration);
  EXPECT_EQ(ParseNotificationOrgScope("anydept"), NotificationOrgScope::kAnyDept);
  EXPECT_EQ(ParseNotificationFrequency("DAILY"), NotificationFrequency::kDaily);
  EXPECT_FALSE(ParseNotificationType("SSL Expiry"));
  EXPECT_FALSE(ParseNotifyRole("OWNER"));
  EXPECT_EQ(AllNotificationTypes().size(), 11u);
}

TEST(CheckNotificationRule, NormalisesDescriptionListsAndFieldsThatDoNotApply) {
  auto rule = Expiring(30);
  rule.recipients = {"Pki@Uni.Example", "pki@uni.example"};
  rule.notify_roles = {NotifyRole::kMrao, NotifyRole::kRequester, NotifyRole::kMrao};
  auto ok = CheckNotificationRule(rule);
  ASSERT_TRUE(ok) << ok.error().detail();
  EXPECT_EQ(ok->description, "SSL expiring");
  EXPECT_EQ(ok->recipients, std::vector<std::string>{"pki@uni.example"});
  EXPECT_EQ(ok->notify_roles, (std::vector<NotifyRole>{NotifyRole::kRequester, NotifyRole::kMrao}));

  auto issued = Expiring(30);
  issued.type = NotificationType::kAdminCreated;
  issued.cert_type_id = 4;
  issued.freq = NotificationFrequency::kDaily;
  auto cleared = CheckNotificationRule(issued);
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->days, 0);
  EXPECT_FALSE(cleared->cert_type_id);  // not an SSL type
  EXPECT_EQ(cleared->freq, NotificationFrequency::kOnce);
}

TEST(CheckNotificationRule, RefusesWhatCannotWork) {
  struct Case {
    std::string name;
    NotificationRule rule;
  };
  auto no_days = Expiring(0);
  auto too_many_days = Expiring(366);
  auto no_description = Expiring(7);
  no_description.description = "   ";
  auto nobody = Expiring(7);
  nobody.notify_roles.clear();
  auto bad_address = Expiring(7);
  bad_address.recipients = {"not an address"};
  auto selected_nothing = Expiring(7);
  selected_nothing.org_scope = NotificationOrgScope::kSelected;
  std::vector<Case> cases = {{"fail/days-0", no_days},
                             {"fail/days-366", too_many_days},
                             {"fail/no-description", no_description},
                             {"fail/no-recipient", nobody},
                             {"fail/bad-address", bad_address},
                             {"fail/selected-without-places", selected_nothing}};
  for (const auto& c : cases) {
    auto r = CheckNotificationRule(c.rule);
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().code(), ErrorCode::kMalformed) << c.name;
  }
}

TEST(RuleCovers, AnyAnyDeptAndSelectedCoverTheirPlaces) {
  NotificationRule any{.customer_id = CustomerId{1}};
  EXPECT_TRUE(RuleCovers(any, Org(5)));
  EXPECT_TRUE(RuleCovers(any, Org(6, 5)));
  Organization foreign = Org(9);
  foreign.customer_id = CustomerId{2};
  EXPECT_FALSE(RuleCovers(any, foreign));

  NotificationRule tree{.customer_id = CustomerId{1},
                        .org_scope = NotificationOrgScope::kAnyDept,
                        .org_ids = {OrgId{5}}};
  EXPECT_TRUE(RuleCovers(tree, Org(5)));
  EXPECT_TRUE(RuleCovers(tree, Org(6, 5)));  // a department of 5
  EXPECT_FALSE(RuleCovers(tree, Org(7)));

  NotificationRule exact{.customer_id = CustomerId{1},
                         .org_scope = NotificationOrgScope::kSelected,
                         .org_ids = {OrgId{6}}};
  EXPECT_TRUE(RuleCovers(exact, Org(6, 5)));
  EXPECT_FALSE(RuleCovers(exact, Org(5)));
  EXPECT_FALSE(RuleCovers(exact, Org(8, 5)));
}

TEST(ThresholdOf, OnceKeepsTheDaysDailyTheDay) {
  auto now = FromUnixSeconds(1'800'000'000);
  auto rule = Expiring(30);
  EXPECT_EQ(ThresholdOf(rule, now), 30);
  rule.freq = NotificationFrequency::kDaily;
  EXPECT_EQ(ThresholdOf(rule, now), 1'800'000'000 / 86400);
  EXPECT_EQ(ThresholdOf(rule, now + std::chrono::hours(24)), 1'800'000'000 / 86400 + 1);
}

}  // namespace
}  // namespace certkeep::core
