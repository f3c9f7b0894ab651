// Benchmark: a CRL built end to end from the store, as the crl.refresh job does it:
// serial-ordered query streamed into the DER writer, signed, published. SQLite, P-256
// issuing CA, 10k / 100k / 1M revoked certificates; prints time and peak RSS.
//
//   build/bench/bench_crl_store [max-entries]

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "peak_rss.h"
#include "pki/random.h"
#include "service/crl_service.h"
#include "service/hierarchy_setup.h"
#include "service/issuer.h"
#include "store/store.h"

using namespace certkeep;
using bench::PeakRssMiB;

int main(int argc, char** argv) {
  long max_entries = argc > 1 ? std::stol(argv[1]) : 1'000'000;
  auto dir =
      std::filesystem::temp_directory_path() / ("certkeep-crl-store-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  core::SystemClock clock;
  pki::OpenSslRandom random;
  store::StoreOptions options;
  options.sqlite_path = (dir / "bench.db").string();
  auto store = *store::OpenStore(options, clock);
  pki::FileKeyStore files(dir / "keys", "bench");
  auto hierarchy = *service::EnsureHierarchy(*store, files, clock, random,
                                             {.root_name = {"Bench Root", "certkeep", ""},
                                              .issuing_name = {"Bench Issuing", "certkeep", ""}});
  (void)service::EnsureDefaultProfiles(*store, clock);
  auto profile =
      *store->Transact([](store::Transaction& tx) { return tx.profiles().FindByName("ssl-dv"); });
  service::KeyRing keys(files);
  service::CrlService crls(*store, clock, keys);
  std::printf("crl from the store: SQLite, P-256 issuing CA\n%10s %12s %10s %12s %10s\n", "revoked",
              "populate s", "build s", "peak MiB", "DER MiB");
  long have = 0;
  for (long target : {10'000L, 100'000L, 1'000'000L}) {
    if (target > max_entries) break;
    auto p0 = std::chrono::steady_clock::now();
    // Revoked certificates as the issuer records them (reserve, issue, revoke), in bulk.
    auto filled = store->Transact([&](store::Transaction& tx) -> core::Result<void> {
      for (; have < target; ++have) {
        core::CertificateRecord r;
        r.serial = core::NormalizeSerialHex(core::Hex(random.Bytes(16)));
        r.issuer_id = hierarchy.issuing.id;
        r.profile_id = profile.id;
        r.subject = "CN=x";
        r.names = {"x.example.test"};
        r.not_before = clock.Now();
        r.not_after = clock.Now() + std::chrono::days(90);
        r.created_at = clock.Now();
        auto id = tx.certificates().Reserve(r);
        if (!id) return core::Fail(id.error());
        if (auto m = tx.certificates().MarkIssued(*id, "-"); !m) return m;
        if (auto v = tx.certificates().Revoke(*id, clock.Now(), have % 3 == 0 ? 0 : 1); !v)
          return v;
      }
      return core::Ok();
    });
    if (!filled) {
      std::fprintf(stderr, "populate failed: %s\n", filled.error().internal().c_str());
      return 1;
    }
    auto p1 = std::chrono::steady_clock::now();
    auto crl = crls.Regenerate(hierarchy.issuing);
    auto p2 = std::chrono::steady_clock::now();
    if (!crl || crl->entries != target) {
      std::fprintf(stderr, "build failed\n");
      return 1;
    }
    std::printf("%10ld %12.2f %10.3f %12ld %10.1f\n", target,
                std::chrono::duration<double>(p1 - p0).count(),
                std::chrono::duration<double>(p2 - p1).count(), PeakRssMiB(),
                static_cast<double>(crl->der.size()) / (1 << 20));
  }
  std::filesystem::remove_all(dir);
  return 0;
}
