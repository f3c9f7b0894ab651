// Benchmark: certificate issuance in-process.
//   pure path  = parse and check the CSR, build the certificate, lint it, sign it;
//   with store = the same through service::Issuer on SQLite (serial reserved before
//                signing, certificate and audit record after), as crash safety needs.
// RSA-2048 CSRs under a P-256 issuing CA, 1 and 2 threads, beside `openssl speed` for
// P-256 signing and RSA-2048 verification measured in the same run.
//
//   build/bench/bench_issuance [seconds-per-measurement]   (make bench runs it)

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "core/profile.h"
#include "pki/certificate_template.h"
#include "pki/csr.h"
#include "pki/hierarchy.h"
#include "pki/lint.h"
#include "pki/random.h"
#include "service/hierarchy_setup.h"
#include "service/issuer.h"
#include "store/store.h"

using namespace certkeep;
using Clock = std::chrono::steady_clock;

namespace {

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// An RSA-2048 CSR for one name, made with OpenSSL's API (the bench's input, not under test).
std::string MakeCsr(const std::string& name) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
  X509_REQ* req = X509_REQ_new();
  X509_REQ_set_pubkey(req, key);
  X509_NAME* subject = X509_REQ_get_subject_name(req);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0);
  X509_REQ_sign(req, key, EVP_sha256());
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509_REQ(bio, req);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  X509_REQ_free(req);
  EVP_PKEY_free(key);
  return pem;
}

// Runs `work` on `threads` threads for `seconds`; returns operations per second.
double Rate(int threads, double seconds, const std::function<bool()>& work) {
  std::atomic<bool> stop{false};
  std::atomic<long> done{0}, failed{0};
  std::vector<std::thread> pool;
  auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      long n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        if (work())
          ++n;
        else
          ++failed;
      }
      done += n;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool) t.join();
  if (failed > 0) std::cerr << "  (" << failed << " failures)\n";
  return static_cast<double>(done) / Seconds(Clock::now() - start);
}

struct Speed {
  double p256_sign = 0, rsa2048_verify = 0;
};

// `openssl speed` from the same run, for the crypto-only limit.
Speed OpenSslSpeed() {
  Speed s;
  FILE* pipe = popen("openssl speed -seconds 3 ecdsap256 rsa2048 2>/dev/null", "r");
  if (pipe == nullptr) return s;
  char line[512];
  std::regex rsa(R"(^rsa\s+2048 bits\s+\S+s\s+\S+s\s+([0-9.]+)\s+([0-9.]+))");
  std::regex ec(R"(^\s*256 bits ecdsa \(nistp256\)\s+\S+s\s+\S+s\s+([0-9.]+)\s+([0-9.]+))");
  while (fgets(line, sizeof line, pipe) != nullptr) {
    std::cmatch m;
    if (std::regex_search(line, m, rsa)) s.rsa2048_verify = std::stod(m[2]);
    if (std::regex_search(line, m, ec)) s.p256_sign = std::stod(m[1]);
  }
  pclose(pipe);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::stod(argv[1]) : 3.0;
  pki::OpenSslRandom random;
  core::SystemClock clock;
  auto now = clock.Now();
  auto root_key = *pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256);
  auto root = *pki::MakeRootCertificate(root_key, {"Bench Root", "certkeep", ""},
                                        {now, std::chrono::days(3650)}, random);
  auto issuing_key = *pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256);
  auto issuing =
      *pki::MakeIssuingCaCertificate(root, root_key, issuing_key, {"Bench Issuing", "certkeep", ""},
                                     {now, std::chrono::days(1825)}, random);
  core::CertificateProfile profile;
  for (auto& p : core::DefaultProfiles()) {
    if (p.name == "ssl-dv") profile = p;
  }
  pki::IssuerUrls urls{"http://ca.example.test/ocsp", "http://ca.example.test/ca/issuing-1.crt",
                       "http://ca.example.test/crl/issuing-1.crl"};
  auto tmpl = *pki::CertificateTemplate::Prepare(profile, issuing, issuing_key, urls);
  std::vector<std::string> csrs;
  for (int i = 0; i < 16; ++i)
    csrs.push_back(MakeCsr("host" + std::to_string(i) + ".example.test"));
  pki::CsrPolicy policy;

  // One issuance on the pure path, optionally timing each stage.
  std::atomic<std::uint64_t> t_parse{0}, t_build{0}, t_lint{0}, t_sign{0};
  auto issue = [&](std::size_t i, bool timed) {
    auto a = Clock::now();
    auto csr = pki::ParseCsr(csrs[i % csrs.size()], policy);
    if (!csr) return false;
    auto b = Clock::now();
    pki::CertificateRequest r;
    r.public_key = &csr->public_key;
    r.spki_der = csr->spki_der;
    r.dns_names = csr->dns_names;
    r.subject.common_name = csr->dns_names.front();
    auto serial = random.Bytes(16);
    r.serial.assign(serial.begin(), serial.end());
    r.not_before = clock.Now();
    r.validity_days = 90;
    auto tbs = tmpl.BuildTbs(r);
    if (!tbs) return false;
    auto c = Clock::now();
    if (!pki::LintCertificate(tmpl.Unsigned(*tbs), tmpl, r, r.not_before)) return false;
    auto d = Clock::now();
    auto der = tmpl.Sign(*tbs, issuing_key);
    auto e = Clock::now();
    if (timed) {
      t_parse += (b - a).count();
      t_build += (c - b).count();
      t_lint += (d - c).count();
      t_sign += (e - d).count();
    }
    return der.has_value();
  };

  std::cout << "issuance: RSA-2048 CSRs, P-256 issuing CA, profile ssl-dv, "
            << std::thread::hardware_concurrency() << " cores\n";
  Speed speed = OpenSslSpeed();
  double limit = speed.p256_sign > 0 && speed.rsa2048_verify > 0
                     ? 1.0 / (1.0 / speed.p256_sign + 1.0 / speed.rsa2048_verify)
                     : 0;
  std::printf(
      "  openssl speed: P-256 sign %.0f/s, RSA-2048 verify %.0f/s -> crypto-only limit %.0f/s per "
      "core\n",
      speed.p256_sign, speed.rsa2048_verify, limit);

  std::atomic<std::size_t> counter{0};
  long timed_n = 0;
  {
    auto start = Clock::now();
    while (Seconds(Clock::now() - start) < seconds / 2) {
      issue(counter++, true);
      ++timed_n;
    }
  }
  auto per = [&](std::atomic<std::uint64_t>& t) {
    return std::chrono::duration<double, std::micro>(Clock::duration(t.load())).count() /
           static_cast<double>(timed_n);
  };
  std::printf(
      "  where the time goes (1 thread, per certificate): parse+check CSR %.1f us, build %.1f us, "
      "lint %.1f us, sign %.1f us\n",
      per(t_parse), per(t_build), per(t_lint), per(t_sign));
  for (int threads : {1, 2}) {
    double rate = Rate(threads, seconds, [&] { return issue(counter++, false); });
    std::printf(
        "  pure path, %d thread(s): %8.0f certificates/s (%.0f per thread, %.0f%% of the per-core "
        "limit)\n",
        threads, rate, rate / threads, limit > 0 ? 100.0 * rate / threads / limit : 0.0);
  }

  // With the store writes crash safety needs.
  auto dir =
      std::filesystem::temp_directory_path() / ("certkeep-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  store::StoreOptions options;
  options.sqlite_path = (dir / "bench.db").string();
  auto store = *store::OpenStore(options, clock);
  pki::FileKeyStore files(dir / "keys", "bench");
  auto hierarchy = service::EnsureHierarchy(*store, files, clock, random,
                                            {.root_name = {"Bench Root", "certkeep", ""},
                                             .issuing_name = {"Bench Issuing", "certkeep", ""}});
  (void)service::EnsureDefaultProfiles(*store, clock);
  service::KeyRing keys(files);
  service::Issuer issuer(*store, clock, random, keys, "http://ca.example.test");
  for (int threads : {1, 2}) {
    double rate = Rate(threads, seconds, [&] {
      auto r = issuer.Issue(
          {.actor = "bench", .profile = "ssl-dv", .csr = csrs[counter++ % csrs.size()]});
      return r.has_value();
    });
    std::printf(
        "  with the store (SQLite WAL: reserve, sign, record + audit), %d thread(s): %8.0f "
        "certificates/s\n",
        threads, rate);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
