// Domain control validation orders and validations, and the mail outbox, on both back
// ends.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/store.h"
#include "support/store_fixture.h"

namespace certkeep::store {
namespace {

using core::DcvMethod;
using core::DcvOrderState;
using testing::At;
using testing::Must;
using testing::StoreFixture;

class DcvStoreTest : public StoreFixture {
 protected:
  core::DcvOrderId Put(const core::DcvOrder& o) {
    return Must(store().Transact([&](Transaction& tx) { return tx.dcv().PutOrder(o); }));
  }
  core::DomainValidationId Put(const core::DomainValidation& v) {
    return Must(store().Transact([&](Transaction& tx) { return tx.dcv().PutValidation(v); }));
  }
  std::vector<std::string> ProvedFor(core::CustomerId c, const std::string& name) {
    auto found =
        Must(store().Transact([&](Transaction& tx) { return tx.dcv().ValidationsFor(c, name); }));
    std::vector<std::string> out;
    for (const auto& v : found) out.push_back(v.proved_name);
    std::sort(out.begin(), out.end());
    return out;
  }
  static core::DomainValidation Validation(core::CustomerId c, std::string name, DcvMethod m,
                                           std::int64_t expires) {
    return {.proved_name = std::move(name),
            .method = m,
            .validated_at = At(1000),
            .expires_at = At(expires),
            .customer_id = c,
            .token = "tok",
            .expected = "value"};
  }
};

TEST_P(DcvStoreTest, AnOrderReadsBackFieldByFieldAndANewStartReplacesIt) {
  auto customer = AddCustomer("demo");
  core::DcvOrder o{.customer_id = customer,
                   .domain_name = "example.org",
                   .method = DcvMethod::kEmail,
                   .state = DcvOrderState::kSubmitted,
                   .token = "T",
                   .expected = "E",
                   .email = "admin@example.org",
                   .code_hash = "abc",
                   .started_by = core::AdminId{7},
                   .started_at = At(100),
                   .submitted_at = At(110),
                   .last_check = At(120),
                   .next_check = At(130),
                   .last_error = "nothing there"};
  auto id = Put(o);
  auto back = Must(store().Transact([&](Transaction& tx) { return tx.dcv().GetOrder(id); }));
  EXPECT_EQ(back.domain_name, "example.org");
  EXPECT_EQ(back.method, DcvMethod::kEmail);
  EXPECT_EQ(back.state, DcvOrderState::kSubmitted);
  EXPECT_EQ(back.token, "T");
  EXPECT_EQ(back.expected, "E");
  EXPECT_EQ(back.email, "admin@example.org");
  EXPECT_EQ(back.code_hash, "abc");
  EXPECT_EQ(back.started_by, core::AdminId{7});
  EXPECT_EQ(back.started_at, At(100));
  EXPECT_EQ(back.submitted_at, At(110));
  EXPECT_EQ(back.last_check, At(120));
  EXPECT_EQ(back.next_check, At(130));
  EXPECT_EQ(back.last_error, "nothing there");

  auto second = Put({.customer_id = customer,
                     .domain_name = "example.org",
                     .method = DcvMethod::kTxt,
                     .started_at = At(200)});
  EXPECT_NE(second, id);
  auto gone = store().Transact([&](Transaction& tx) { return tx.dcv().GetOrder(id); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), core::ErrorCode::kNotFound);
  auto current = Must(store().Transact(
      [&](Transaction& tx) { return tx.dcv().FindOrder(customer, "example.org"); }));
  EXPECT_EQ(current.id, second);
  EXPECT_EQ(current.method, DcvMethod::kTxt);
  EXPECT_FALSE(current.submitted_at.has_value());
}

TEST_P(DcvStoreTest, DueOrdersAreSubmittedOnesWhoseCheckIsDue) {
  auto customer = AddCustomer("demo");
  Put({.customer_id = customer,
       .domain_name = "a.org",
       .state = DcvOrderState::kSubmitted,
       .started_at = At(1),
       .next_check = At(50)});
  Put({.customer_id = customer,
       .domain_name = "b.org",
       .state = DcvOrderState::kSubmitted,
       .started_at = At(1),
       .next_check = At(500)});
  Put({.customer_id = customer,
       .domain_name = "c.org",
       .state = DcvOrderState::kStarted,
       .started_at = At(1),
       .next_check = At(10)});
  auto due =
      Must(store().Transact([&](Transaction& tx) { return tx.dcv().DueOrders(At(100), 10); }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].domain_name, "a.org");
}

TEST_P(DcvStoreTest, ValidationsForANameAreItsOwnAndItsParentsOfTheSameCustomer) {
  auto one = AddCustomer("one");
  auto two = AddCustomer("two");
  Put(Validation(one, "example.org", DcvMethod::kTxt, 5000));
  Put(Validation(one, "a.example.org", DcvMethod::kHttp, 5000));
  Put(Validation(one, "b.example.org", DcvMethod::kHttp, 5000));
  Put(Validation(one, "org", DcvMethod::kTxt, 5000));  // never asked: a TLD alone
  Put(Validation(two, "example.org", DcvMethod::kTxt, 5000));
  EXPECT_EQ(ProvedFor(one, "x.a.example.org"),
            (std::vector<std::string>{"a.example.org", "example.org"}));
  EXPECT_EQ(ProvedFor(one, "*.example.org"), (std::vector<std::string>{"example.org"}));
  EXPECT_EQ(ProvedFor(two, "a.example.org"), (std::vector<std::string>{"example.org"}));
}

TEST_P(DcvStoreTest, AValidationOfTheSameNameAndMethodIsReplacedOthersAreKept) {
  auto c = AddCustomer("demo");
  Put(Validation(c, "example.org", DcvMethod::kTxt, 5000));
  Put(Validation(c, "example.org", DcvMethod::kTxt, 9000));
  Put(Validation(c, "example.org", DcvMethod::kHttp, 6000));
  auto all = Must(store().Transact([&](Transaction& tx) { return tx.dcv().ListValidations(c); }));
  ASSERT_EQ(all.size(), 2u);
  for (const auto& v : all) {
    if (v.method == DcvMethod::kTxt) {
      EXPECT_EQ(v.expires_at, At(9000));
      EXPECT_EQ(v.token, "tok");
      EXPECT_EQ(v.expected, "value");
    }
  }
  auto removed = Must(store().Transact(
      [&](Transaction& tx) { return tx.dcv().DeleteValidations(c, "example.org"); }));
  EXPECT_EQ(removed, 2);
}

TEST_P(DcvStoreTest, RechecksAreDueNearTheEndButNotForEmailNorWhenJustChecked) {
  auto c = AddCustomer("demo");
  auto near = Put(Validation(c, "near.org", DcvMethod::kTxt, 2000));
  Put(Validation(c, "far.org", DcvMethod::kTxt, 90000));
  Put(Validation(c, "mail.org", DcvMethod::kEmail, 2000));
  Put(Validation(c, "lapsed.org", DcvMethod::kTxt, 1400));
  auto due = Must(store().Transact(
      [&](Transaction& tx) { return tx.dcv().DueRechecks(At(1500), At(3000), At(1400), 10); }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, near);
  auto v = due[0];
  v.last_recheck = At(1500);
  v.recheck_error = "gone";
  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.dcv().UpdateValidation(v); }));
  auto again = Must(store().Transact(
      [&](Transaction& tx) { return tx.dcv().DueRechecks(At(1500), At(3000), At(1400), 10); }));
  EXPECT_TRUE(again.empty());
}

TEST_P(DcvStoreTest, OutboxWritesOncePerDedupKeyAndDeliversInOrder) {
  auto c = AddCustomer("demo");
  core::OutboxMail m{.customer_id = c,
                     .dedup_key = "rule1/cert9/30",
                     .message_id = "<1@x>",
                     .from = "certkeep <c@x>",
                     .to = {"a@x.org", "b@x.org"},
                     .subject = "Expiring",
                     .text = "text",
                     .kind = "notify.ssl.expiring",
                     .created_at = At(10),
                     .next_attempt_at = At(10)};
  EXPECT_TRUE(Must(store().Transact([&](Transaction& tx) { return tx.outbox().Enqueue(m); })));
  auto dup = m;
  dup.message_id = "<2@x>";
  EXPECT_FALSE(Must(store().Transact([&](Transaction& tx) { return tx.outbox().Enqueue(dup); })));
  auto plain = m;
  plain.dedup_key.clear();
  plain.message_id = "<3@x>";
  plain.next_attempt_at = At(5);
  auto plain2 = plain;
  plain2.message_id = "<4@x>";
  plain2.next_attempt_at = At(500);
  EXPECT_TRUE(Must(store().Transact([&](Transaction& tx) { return tx.outbox().Enqueue(plain); })));
  EXPECT_TRUE(Must(store().Transact([&](Transaction& tx) { return tx.outbox().Enqueue(plain2); })));

  auto due = Must(store().Transact([&](Transaction& tx) { return tx.outbox().Due(At(100), 10); }));
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].message_id, "<3@x>");
  EXPECT_EQ(due[1].message_id, "<1@x>");
  EXPECT_EQ(due[1].to, (std::vector<std::string>{"a@x.org", "b@x.org"}));
  EXPECT_EQ(due[1].dedup_key, "rule1/cert9/30");
  EXPECT_EQ(due[1].customer_id, c);

  auto sent = due[0];
  sent.status = core::OutboxStatus::kSent;
  sent.attempts = 1;
  sent.sent_at = At(101);
  ASSERT_TRUE(store().Transact([&](Transaction& tx) { return tx.outbox().Update(sent); }));
  auto back = Must(store().Transact([&](Transaction& tx) { return tx.outbox().Get(sent.id); }));
  EXPECT_EQ(back.status, core::OutboxStatus::kSent);
  EXPECT_EQ(back.sent_at, At(101));
  EXPECT_EQ(back.attempts, 1);
  auto pending = Must(store().Transact(
      [&](Transaction& tx) { return tx.outbox().List({.status = core::OutboxStatus::kPending}); }));
  EXPECT_EQ(pending.size(), 2u);

  // Post: the same write, its dedup key the same guard, whether it goes at once (SQLite)
  // or with the COMMIT (PostgreSQL); a later statement of the transaction sees it.
  auto posted = m;
  posted.dedup_key = "rule1/cert9/7";
  posted.message_id = "<5@x>";
  auto seen = Must(store().Transact([&](Transaction& tx) -> core::Result<std::size_t> {
    if (auto r = tx.outbox().Post(posted); !r) return core::Fail(r.error());
    auto again = posted;
    again.message_id = "<6@x>";
    if (auto r = tx.outbox().Post(again); !r) return core::Fail(r.error());
    auto all = tx.outbox().List({});
    if (!all) return core::Fail(all.error());
    return all->size();
  }));
  EXPECT_EQ(seen, 4u);
  auto failed = store().Transact([&](Transaction& tx) -> core::Result<void> {
    auto clash = posted;
    clash.dedup_key = "rule1/cert9/8";  // a new key, but a message id already taken
    return tx.outbox().Post(clash);
  });
  EXPECT_FALSE(failed);
  auto all = Must(store().Read([&](Transaction& tx) { return tx.outbox().List({}); }));
  EXPECT_EQ(all.size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Backends, DcvStoreTest,
                         ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName);

}  // namespace
}  // namespace certkeep::store
