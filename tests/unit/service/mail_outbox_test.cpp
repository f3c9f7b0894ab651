// The outbox and its delivery job against a real SMTP server (tests/support/smtp_sink.py):
// due mail goes out once with its Message-ID, a deferral (451) is retried with doubling
// waits until the attempts run out, a refusal (550) fails at once and says why.

#include "service/mail_outbox.h"

#include <gtest/gtest.h>

#include "notify/smtp_transport.h"
#include "support/fake_random.h"
#include "support/smtp_sink.h"
#include "support/temp_dir.h"
#include "support/test_store.h"

namespace certkeep::service {
namespace {

class MailOutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db_.ok());
    ASSERT_NO_FATAL_FAILURE(sink_.Start({"--reject-rcpt", "nobody@", "--tempfail-rcpt", "later@"}));
    transport_ = std::make_unique<notify::SmtpTransport>(
        notify::SmtpOptions{.url = sink_.url(), .tls = notify::SmtpOptions::Tls::kNone});
  }

  core::OutboxMail Write(const std::string& to, const std::string& dedup = {}) {
    auto mail =
        NewMail(random_, clock_.Now(), "certkeep <certkeep@example.org>", {to}, "Subject for " + to,
                "Body for " + to + "\n", "test", "https://ca.example.org:8443");
    mail.dedup_key = dedup;
    auto written =
        db_.store().Transact([&](store::Transaction& tx) { return tx.outbox().Enqueue(mail); });
    EXPECT_TRUE(written && *written);
    return mail;
  }

  std::vector<core::OutboxMail> All() {
    auto all = db_.store().Read([](store::Transaction& tx) { return tx.outbox().List({}); });
    EXPECT_TRUE(all);
    return all.value_or(std::vector<core::OutboxMail>{});
  }

  core::OutboxMail Only() {
    auto all = All();
    EXPECT_EQ(all.size(), 1u);
    return all.empty() ? core::OutboxMail{} : all.front();
  }

  testing::TestStore db_{testing::Backend::kSqlite};
  testing::TempDir dir_;
  testing::SmtpSink sink_{dir_.path()};
  core::FakeClock clock_{core::FromUnixSeconds(1'800'000'000)};
  testing::CountingRandom random_;
  std::unique_ptr<notify::SmtpTransport> transport_;
};

TEST_F(MailOutboxTest, DueMailIsDeliveredOnceWithTheMessageIdItWasWrittenWith) {
  auto mail = Write("alice@example.org");
  EXPECT_TRUE(mail.message_id.ends_with("@ca.example.org>")) << mail.message_id;
  MailDelivery delivery(db_.store(), clock_, *transport_);
  EXPECT_EQ(delivery.DeliverDue().value_or(-1), 1);
  EXPECT_EQ(delivery.DeliverDue().value_or(-1), 0);
  EXPECT_EQ(sink_.Received(), 1);
  auto parsed = testing::ParseMail(sink_.maildir() / "1.eml");
  EXPECT_EQ(parsed["headers"]["message-id"][0], mail.message_id) << parsed.dump();
  auto sent = Only();
  EXPECT_EQ(sent.status, core::OutboxStatus::kSent);
  EXPECT_EQ(sent.attempts, 1);
  EXPECT_EQ(sent.sent_at, clock_.Now());
}

TEST_F(MailOutboxTest, ADedupKeyWritesOneMessage) {
  Write("alice@example.org", "rule/1/cert/2/30");
  auto again = NewMail(random_, clock_.Now(), "c@example.org", {"alice@example.org"}, "s", "t",
                       "test", "https://x");
  again.dedup_key = "rule/1/cert/2/30";
  auto written =
      db_.store().Transact([&](store::Transaction& tx) { return tx.outbox().Enqueue(again); });
  ASSERT_TRUE(written);
  EXPECT_FALSE(*written);
  EXPECT_EQ(All().size(), 1u);
}

TEST_F(MailOutboxTest, ADeferralIsRetriedWithDoublingWaitsUntilTheAttemptsRunOut) {
  Write("later@example.org");
  MailDelivery delivery(db_.store(), clock_, *transport_,
                        {.max_attempts = 3, .first_retry = std::chrono::seconds(30)});
  EXPECT_EQ(delivery.DeliverDue().value_or(-1), 0);
  auto first = Only();
  EXPECT_EQ(first.status, core::OutboxStatus::kPending);
  EXPECT_EQ(first.attempts, 1);
  EXPECT_EQ(first.next_attempt_at, clock_.Now() + std::chrono::seconds(30));
  EXPECT_NE(first.last_error.find("451"), std::string::npos) << first.last_error;

  clock_.Advance(std::chrono::seconds(29));  // not due yet: nothing is tried
  EXPECT_EQ(delivery.DeliverDue().value_or(-1), 0);
  EXPECT_EQ(Only().attempts, 1);

  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(delivery.DeliverDue().value_or(-1), 0);
  auto second = Only();
  EXPECT_EQ(second.attempts, 2);
  EXPECT_EQ(second.next_attempt_at, clock_.Now() + std::chrono::seconds(60));

  clock_.Advance(std::chrono::seconds(60));
  EXPECT_EQ(delivery.DeliverDue().value_or(-1), 0);
  auto last = Only();
  EXPECT_EQ(last.attempts, 3);
  EXPECT_EQ(last.status, core::OutboxStatus::kFailed);
  EXPECT_EQ(sink_.Received(), 0);
}

TEST_F(MailOutboxTest, ARefusalFailsAtOnceAndSaysWhy) {
  Write("nobody@example.org");
  Write("bob@example.org");
  MailDelivery delivery(db_.store(), clock_, *transport_);
  EXPECT_EQ(delivery.DeliverDue().value_or(-1), 1);
  for (const auto& m : All()) {
    if (m.to.front() == "nobody@example.org") {
      EXPECT_EQ(m.status, core::OutboxStatus::kFailed);
      EXPECT_EQ(m.attempts, 1);
      EXPECT_NE(m.last_error.find("550"), std::string::npos) << m.last_error;
    } else {
      EXPECT_EQ(m.status, core::OutboxStatus::kSent);
    }
  }
}

TEST_F(MailOutboxTest, AnUnreachableServerIsRetried) {
  Write("alice@example.org");
  sink_.Stop();
  MailDelivery delivery(db_.store(), clock_, *transport_);
  EXPECT_EQ(delivery.DeliverDue().value_or(-1), 0);
  auto m = Only();
  EXPECT_EQ(m.status, core::OutboxStatus::kPending);
  EXPECT_EQ(m.attempts, 1);
}

}  // namespace
}  // namespace certkeep::service
