// Benchmark: the expiry scan (#10) over 1M stored SSL certificates on SQLite, as the
// notify.expiry job runs it: an organization with 20 departments, expiries spread evenly
// over the next 398 days, its two default rules (30 and 7 days before) plus an "SSL
// Expired" rule. Prints the time of the first scan (which writes every notice due: ~9 % of
// the certificates), of a scan with nothing new, and of the next day's scan, and peak RSS.
// Goal: a scan of 1M certificates in under 2 s.
//
//   build/bench/bench_expiry_scan [certificates]

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "peak_rss.h"
#include "pki/random.h"
#include "service/expiry_scan.h"
#include "service/hierarchy_setup.h"
#include "service/issuer.h"
#include "service/notification_rules.h"
#include "service/notifier.h"
#include "service/organizations.h"
#include "store/store.h"

using namespace certkeep;
using bench::PeakRssMiB;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

template <typename T>
T Must(core::Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "%s: %s (%s)\n", what, r.error().detail().c_str(),
                 r.error().internal().c_str());
    std::exit(1);
  }
  return std::move(*r);
}

}  // namespace

int main(int argc, char** argv) {
  long total = argc > 1 ? std::stol(argv[1]) : 1'000'000;
  auto dir = std::filesystem::temp_directory_path() /
             ("certkeep-expiry-scan-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  core::FakeClock clock{core::FromUnixSeconds(1'800'000'000)};
  pki::OpenSslRandom random;
  store::StoreOptions options;
  options.sqlite_path = (dir / "bench.db").string();
  auto store = Must(store::OpenStore(options, clock), "open");
  (void)service::EnsureDefaultProfiles(*store, clock);
  auto profile = Must(
      store->Transact([](store::Transaction& tx) { return tx.profiles().FindByName("ssl-dv"); }),
      "profile");

  // The tenancy: the organization comes with its two default rules (30 and 7 days).
  auto customer = Must(store->Transact([](store::Transaction& tx) {
    return tx.customers().Insert({.uri = "bench", .name = "Bench Network"});
  }), "customer");
  auto org = Must(store->Transact([&](store::Transaction& tx) {
    return service::CreateOrganizationAsOperator(tx, clock, customer, std::nullopt,
                                                 {.name = "Bench University"}, "bench");
  }), "organization");
  std::vector<core::OrgId> places{org};
  std::vector<core::AdminId> requesters;
  Must(store->Transact([&](store::Transaction& tx) -> core::Result<int> {
    for (int i = 0; i < 20; ++i) {
      auto dept = service::CreateOrganizationAsOperator(
          tx, clock, customer, org, {.name = "Department " + std::to_string(i)}, "bench");
      if (!dept) return core::Fail(dept.error());
      places.push_back(*dept);
      core::Admin drao{.customer_id = customer,
                       .login = "drao" + std::to_string(i),
                       .email = "drao" + std::to_string(i) + "@bench.example",
                       .credentials = {{core::Role::kDraoSsl, *dept}}};
      auto id = tx.admins().Insert(drao);
      if (!id) return core::Fail(id.error());
      requesters.push_back(*id);
    }
    core::Admin rao{.customer_id = customer, .login = "rao", .email = "rao@bench.example",
                    .credentials = {{core::Role::kRaoSsl, org}}};
    if (auto id = tx.admins().Insert(rao); !id) return core::Fail(id.error());
    return 0;
  }), "departments");
  service::NotificationRules rules(*store, clock);
  Must(store->Transact([&](store::Transaction& tx) -> core::Result<core::NotificationRuleId> {
    auto rule = core::CheckNotificationRule({.customer_id = customer,
                                             .description = "expired",
                                             .type = core::NotificationType::kSslExpired,
                                             .notify_roles = {core::NotifyRole::kRequester}});
    if (!rule) return core::Fail(rule.error());
    return tx.notifications().Insert(*rule);
  }), "expired rule");

  // The certificates, in batches of 50k per transaction.
  auto p0 = std::chrono::steady_clock::now();
  const auto now = clock.Now();
  for (long done = 0; done < total;) {
    Must(store->Transact([&](store::Transaction& tx) -> core::Result<int> {
      for (long end = std::min(total, done + 50'000); done < end; ++done) {
        std::string cn = "host" + std::to_string(done) + ".bench.example";
        auto place = done % static_cast<long>(places.size());
        core::SslCertificate c{
            .customer_id = customer,
            .org_id = places[place],
            .profile_id = profile.id,
            .term_days = 398,
            .status = core::SslStatus::kIssued,
            .csr = "-",
            .common_name = cn,
            .names = {cn},
            .key_type = "EC - 256",
            .requester = "drao",
            .requester_id = requesters[done % requesters.size()],
            .external_requester = "owner" + std::to_string(done % 1000) + "@bench.example",
            .serial = core::Hex(random.Bytes(16)),
            .requested_at = now,
            .issued_at = now,
            .expires_at = now + std::chrono::seconds(86'400 + (done * 397 * 86'400) / total)};
        if (auto id = tx.ssl().Insert(c); !id) return core::Fail(id.error());
      }
      return 0;
    }), "populate");
  }
  std::printf("expiry scan: SQLite, %ld Issued SSL certificates (populated in %.1f s), rules: "
              "30 and 7 days before (ANYDEPT), expired (ANY)\n",
              total, Seconds(p0));

  service::Notifier notifier(random, {.from = "certkeep@bench.example",
                                      .console_url = "https://ca.bench.example"});
  service::ExpiryScan scan(*store, clock, notifier);
  auto timed = [&](const char* what) {
    auto t0 = std::chrono::steady_clock::now();
    auto written = Must(scan.Run(), "scan");
    double s = Seconds(t0);
    std::printf("%-38s %8.3f s %9d messages written  %s\n", what, s, written,
                s < 2.0 ? "(goal < 2 s: met)" : "(goal < 2 s: NOT met)");
  };
  timed("first scan (every notice due)");
  timed("again, nothing new");
  clock.Advance(std::chrono::days(1));
  timed("the next day");
  clock.Advance(std::chrono::days(1));
  timed("the day after");
  std::printf("peak RSS %ld MiB\n", PeakRssMiB());
  if (std::getenv("CERTKEEP_BENCH_KEEP")) {
    std::printf("kept %s\n", (dir / "bench.db").c_str());
  } else {
    std::filesystem::remove_all(dir);
  }
  return 0;
}
