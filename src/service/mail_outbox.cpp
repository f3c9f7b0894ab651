#include "service/mail_outbox.h"

#include <algorithm>
#include <cstdio>

namespace certkeep::service {

namespace {

// "https://ca.example.org:8443/x" -> "ca.example.org".
std::string HostOf(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of(":/", start);
  auto host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  return host.empty() ? std::string("certkeep.invalid") : host;
}

// "<time.counter.seed@host>": the time in milliseconds first, so the outbox's unique index
// on Message-IDs grows at its end (a random first part made every batch of mail rewrite
// pages all over that index); 64 random bits drawn once per thread and a counter make it
// unique without a draw from the random source per message.
std::string NewMessageId(core::RandomSource& random, core::TimePoint now, const std::string& host) {
  struct Seed {
    std::string hex;
    std::uint64_t counter = 0;
  };
  thread_local Seed seed;
  if (seed.hex.empty()) seed.hex = core::Hex(random.Bytes(8));
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  char head[48];
  std::snprintf(head, sizeof head, "<%012llx.%016llx.", static_cast<unsigned long long>(ms),
                static_cast<unsigned long long>(seed.counter++));
  return head + seed.hex + "@" + host + ">";
}

notify::MailMessage MessageOf(const core::OutboxMail& m) {
  return {.from = m.from,
          .to = m.to,
          .subject = m.subject,
          .text = m.text,
          .html = m.html,
          .message_id = m.message_id,
          .date = m.created_at};
}

}  // namespace

core::OutboxMail NewMail(core::RandomSource& random, core::TimePoint now, std::string from,
                         std::vector<std::string> to, std::string subject, std::string text,
                         std::string kind, const std::string& site_url) {
  return {.message_id = NewMessageId(random, now, HostOf(site_url)),
          .from = std::move(from),
          .to = std::move(to),
          .subject = std::move(subject),
          .text = std::move(text),
          .kind = std::move(kind),
          .created_at = now,
          .next_attempt_at = now};
}

core::Result<int> MailDelivery::DeliverDue(int limit) {
  auto due =
      store_.Read([&](store::Transaction& tx) { return tx.outbox().Due(clock_.Now(), limit); });
  if (!due) return core::Fail(due.error());
  int sent = 0;
  for (auto m : *due) {
    auto r = transport_.Send(MessageOf(m));
    auto now = clock_.Now();
    ++m.attempts;
    if (r) {
      if (options_.after_accepted) options_.after_accepted();
      m.status = core::OutboxStatus::kSent;
      m.sent_at = now;
      m.last_error.clear();
      ++sent;
    } else {
      m.last_error = r.error().detail();
      bool permanent = r.error().reason() == core::Reason::kSmtpRejected;
      if (permanent || m.attempts >= options_.max_attempts) {
        m.status = core::OutboxStatus::kFailed;
      } else {
        auto delay = options_.first_retry * (1LL << std::min(m.attempts - 1, 20));
        m.next_attempt_at = now + std::min<std::chrono::seconds>(delay, options_.max_retry);
      }
    }
    auto u = store_.Transact([&](store::Transaction& tx) { return tx.outbox().Update(m); });
    if (!u) return core::Fail(u.error());
  }
  return sent;
}

}  // namespace certkeep::service
