// Benchmark: the in-process cost of one cached header login (what every authenticated
// REST request pays before its handler runs): HMAC of the headers, the cache lookup, the
// store's change token, and the principal handed to the handler. Beside it, the cost of
// /healthz's store ping measured in the same run, and a full argon2id verification (what
// a wrong password or an unknown login costs). On SQLite, 1 and 2 threads.
//
//   build/bench/bench_auth_path [seconds-per-measurement]   (make bench runs it)
// bench/header_auth measures the same end to end over TLS with wrk.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>
#include <vector>

#include "auth/credential_cache.h"
#include "auth/password_hasher.h"
#include "pki/random.h"
#include "service/admins.h"
#include "service/authenticator.h"
#include "service/customers.h"

using namespace certkeep;

namespace {

// Calls per second of `work` on `threads` threads for `seconds`.
double Rate(int threads, double seconds, const std::function<void()>& work) {
  std::atomic<bool> stop{false};
  std::atomic<long> calls{0};
  std::vector<std::thread> pool;
  auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      long n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        work();
        ++n;
      }
      calls += n;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool) t.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(calls.load()) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  auto dir = std::filesystem::temp_directory_path() / "certkeep-bench-auth";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  core::SystemClock clock;
  pki::OpenSslRandom random;
  store::StoreOptions options;
  options.sqlite_path = (dir / "certkeep.db").string();
  auto store = store::OpenStore(options, clock);
  if (!store) {
    std::fprintf(stderr, "store: %s\n", store.error().internal().c_str());
    return 1;
  }
  auto hasher = auth::PasswordHasher::Create({}, random);  // the production default
  if (!hasher) return 1;
  auto demo = service::EnsureDemoTenant(**store, clock, random, *hasher);
  if (!demo || !*demo) return 1;
  auth::CredentialCache cache(random);
  service::Authenticator authenticator(**store, clock, random, *hasher, cache, {});
  const auto& d = **demo;
  auto login = [&] {
    auto a = authenticator.LoginWithPassword(d.customer_uri, d.login, d.password, "127.0.0.1");
    if (!a) std::abort();
  };
  login();  // verifies once with argon2id and fills the cache

  std::printf("auth_path: cached header login vs /healthz's store ping, SQLite, in-process\n");
  for (int threads : {1, 2}) {
    double cached = Rate(threads, seconds, login);
    double ping = Rate(threads, seconds, [&] { (void)(*store)->Ping(); });
    std::printf("  %d thread%s: cached login %8.2f us/call (%9.0f/s); store ping %6.2f us/call\n",
                threads, threads == 1 ? " " : "s", threads * 1e6 / cached, cached,
                threads * 1e6 / ping);
  }
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) hasher->VerifyDummy("not the password");
  double argon =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
      5;
  std::printf("  argon2id verification (a wrong password, an unknown login): %.1f ms\n", argon);
  std::filesystem::remove_all(dir);
  return 0;
}
