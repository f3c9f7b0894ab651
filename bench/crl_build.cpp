// Benchmark: building and signing a CRL of 10k, 100k and 1M entries with a P-256 issuing
// CA, streamed by pki::CrlWriter, beside OpenSSL's own X509_CRL building of the same
// entries. Prints time and peak RSS of each, and the per-entry cost early and late in the
// largest run (streaming means adding an entry costs the same at 10k as at 1M).
//
//   bench_crl_build                 10k, 100k, 1M, with the OpenSSL peer
//   bench_crl_build --no-peer 1000000
//
// Each measurement runs in a forked child, so ru_maxrss is that run's own peak.

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "pki/crl.h"
#include "pki/hierarchy.h"
#include "pki/random.h"

namespace {

using certkeep::core::TimePoint;
using Clock = std::chrono::steady_clock;
namespace pki = certkeep::pki;

constexpr std::size_t kWindow = 10'000;  // entries timed at the start and at the end

struct Figures {
  double add_s = 0;     // adding every entry
  double total_s = 0;   // adding, closing and signing
  double first_ns = 0;  // per entry over the first kWindow entries
  double last_ns = 0;   // per entry over the last kWindow entries
  long start_rss_kb = 0;
  long peak_rss_kb = 0;
  std::size_t der_bytes = 0;
  bool ok = false;
};

long MaxRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// Serial i of a serial-ordered query: 16 bytes, increasing, positive, like certkeep's.
void MakeSerial(std::size_t i, unsigned char* out) {
  out[0] = 0x40;
  for (int b = 1; b < 8; ++b) out[b] = static_cast<unsigned char>(0x5a ^ b);
  for (int b = 15; b >= 8; --b, i >>= 8) out[b] = static_cast<unsigned char>(i & 0xff);
}

int ReasonOf(std::size_t i) {
  return i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 4;
}

Figures RunCertkeep(const pki::Certificate& issuer, const pki::PrivateKey& key, std::size_t n,
                    bool reserve, TimePoint now) {
  Figures f;
  f.start_rss_kb = MaxRssKb();
  auto start = Clock::now();
  pki::CrlWriter writer(issuer, key, 1, now, now + std::chrono::days(7));
  if (reserve) writer.Reserve(n);
  unsigned char serial[16];
  Clock::time_point window_start = start;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == n - kWindow) window_start = Clock::now();
    MakeSerial(i, serial);
    writer.Add({std::string_view(reinterpret_cast<const char*>(serial), sizeof serial),
                now - std::chrono::seconds(i), ReasonOf(i)});
    if (i + 1 == kWindow) f.first_ns = Seconds(Clock::now() - start) * 1e9 / kWindow;
  }
  auto added = Clock::now();
  f.last_ns = Seconds(added - window_start) * 1e9 / kWindow;
  auto crl = writer.Finish();
  auto done = Clock::now();
  f.add_s = Seconds(added - start);
  f.total_s = Seconds(done - start);
  f.peak_rss_kb = MaxRssKb();
  if (!crl) {
    std::fprintf(stderr, "certkeep: %s\n", crl.error().internal().c_str());
    return f;
  }
  f.der_bytes = crl->size();
  // Not timed: the CRL parses and its signature verifies with the issuer's key.
  const auto* p = reinterpret_cast<const unsigned char*>(crl->data());
  X509_CRL* parsed = d2i_X509_CRL(nullptr, &p, static_cast<long>(crl->size()));
  f.ok = parsed != nullptr && X509_CRL_verify(parsed, X509_get0_pubkey(issuer.get())) == 1 &&
         sk_X509_REVOKED_num(X509_CRL_get_REVOKED(parsed)) == static_cast<int>(n);
  X509_CRL_free(parsed);
  return f;
}

// The peer: the same CRL built the usual way, X509_REVOKED by X509_REVOKED, then
// X509_CRL_sort and X509_CRL_sign (which encodes the whole structure).
Figures RunOpenSsl(const pki::Certificate& issuer, const pki::PrivateKey& key, std::size_t n,
                   TimePoint now) {
  Figures f;
  f.start_rss_kb = MaxRssKb();
  auto start = Clock::now();
  X509_CRL* crl = X509_CRL_new();
  bool ok = crl != nullptr && X509_CRL_set_version(crl, X509_CRL_VERSION_2) == 1 &&
            X509_CRL_set_issuer_name(crl, X509_get_subject_name(issuer.get())) == 1;
  ASN1_TIME* t = ASN1_TIME_new();
  const auto unix_now = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  ok = ok && ASN1_TIME_set(t, unix_now.count()) && X509_CRL_set1_lastUpdate(crl, t) == 1 &&
       ASN1_TIME_set(t, unix_now.count() + 7 * 86400) && X509_CRL_set1_nextUpdate(crl, t) == 1;
  unsigned char serial[16];
  for (std::size_t i = 0; ok && i < n; ++i) {
    MakeSerial(i, serial);
    X509_REVOKED* revoked = X509_REVOKED_new();
    BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
    ASN1_INTEGER* number = BN_to_ASN1_INTEGER(bn, nullptr);
    ok = revoked != nullptr && number != nullptr &&
         X509_REVOKED_set_serialNumber(revoked, number) == 1 &&
         ASN1_TIME_set(t, unix_now.count() - static_cast<long>(i)) &&
         X509_REVOKED_set_revocationDate(revoked, t) == 1;
    if (ok && ReasonOf(i) != 0) {
      ASN1_ENUMERATED* reason = ASN1_ENUMERATED_new();
      ok = reason != nullptr && ASN1_ENUMERATED_set(reason, ReasonOf(i)) == 1 &&
           X509_REVOKED_add1_ext_i2d(revoked, NID_crl_reason, reason, 0, 0) == 1;
      ASN1_ENUMERATED_free(reason);
    }
    ok = ok && X509_CRL_add0_revoked(crl, revoked) == 1;
    ASN1_INTEGER_free(number);
    BN_free(bn);
    if (!ok) X509_REVOKED_free(revoked);
    if (i + 1 == kWindow) f.first_ns = Seconds(Clock::now() - start) * 1e9 / kWindow;
  }
  ASN1_TIME_free(t);
  auto added = Clock::now();
  ASN1_INTEGER* crl_number = ASN1_INTEGER_new();
  AUTHORITY_KEYID* aki = AUTHORITY_KEYID_new();
  ok = ok && crl_number != nullptr && ASN1_INTEGER_set(crl_number, 1) == 1 &&
       X509_CRL_add1_ext_i2d(crl, NID_crl_number, crl_number, 0, 0) == 1 && aki != nullptr &&
       (aki->keyid = ASN1_OCTET_STRING_dup(X509_get0_subject_key_id(issuer.get()))) != nullptr &&
       X509_CRL_add1_ext_i2d(crl, NID_authority_key_identifier, aki, 0, 0) == 1 &&
       X509_CRL_sort(crl) == 1 && X509_CRL_sign(crl, key.get(), EVP_sha256()) > 0;
  ASN1_INTEGER_free(crl_number);
  AUTHORITY_KEYID_free(aki);
  unsigned char* der = nullptr;
  const int length = ok ? i2d_X509_CRL(crl, &der) : -1;
  auto done = Clock::now();
  f.add_s = Seconds(added - start);
  f.total_s = Seconds(done - start);
  f.peak_rss_kb = MaxRssKb();
  f.der_bytes = length > 0 ? static_cast<std::size_t>(length) : 0;
  f.ok = ok && length > 0;
  OPENSSL_free(der);
  X509_CRL_free(crl);
  return f;
}

// Runs `run` in a child process and returns its figures.
template <typename Run>
Figures InChild(Run run) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Figures f = run();
    ssize_t written = write(fds[1], &f, sizeof f);
    _exit(written == static_cast<ssize_t>(sizeof f) ? 0 : 1);
  }
  close(fds[1]);
  Figures f;
  if (pid < 0 || read(fds[0], &f, sizeof f) != static_cast<ssize_t>(sizeof f)) f = {};
  close(fds[0]);
  if (pid > 0) waitpid(pid, nullptr, 0);
  return f;
}

void Print(const char* who, std::size_t n, const Figures& f) {
  std::printf("%-22s %9zu %8.3f %8.3f %9.1f %9.1f %9.1f %9.1f %9.1f  %s\n", who, n, f.add_s,
              f.total_s, f.total_s * 1e9 / static_cast<double>(n),
              static_cast<double>(f.peak_rss_kb - f.start_rss_kb) / 1024.0,
              static_cast<double>(f.peak_rss_kb) / 1024.0,
              static_cast<double>(f.der_bytes) / (1024.0 * 1024.0), f.first_ns,
              f.ok ? "ok" : "FAILED");
}

}  // namespace

int main(int argc, char** argv) {
  bool with_peer = true;
  std::vector<std::size_t> sizes;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-peer") == 0) {
      with_peer = false;
    } else {
      sizes.push_back(std::strtoull(argv[i], nullptr, 10));
    }
  }
  if (sizes.empty()) sizes = {10'000, 100'000, 1'000'000};

  pki::OpenSslRandom random;
  const auto now = certkeep::core::SystemClock().Now();
  auto root_key = pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256);
  auto issuing_key = pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256);
  if (!root_key || !issuing_key) return 1;
  auto root = pki::MakeRootCertificate(*root_key, {"Bench Root", "certkeep", ""},
                                       {now, std::chrono::days(3650)}, random);
  if (!root) return 1;
  auto issuing = pki::MakeIssuingCaCertificate(*root, *root_key, *issuing_key,
                                               {"Bench Issuing", "certkeep", ""},
                                               {now, std::chrono::days(1825)}, random);
  if (!issuing) return 1;

  std::printf("CRL build, P-256 issuer (ECDSA with SHA-256); entries: 1/3 without reason\n");
  std::printf("%-22s %9s %8s %8s %9s %9s %9s %9s %9s\n", "builder", "entries", "add s", "total s",
              "ns/entry", "+RSS MiB", "peak MiB", "DER MiB", "ns/1st10k");
  bool all_ok = true;
  for (std::size_t n : sizes) {
    if (n < kWindow) n = kWindow;
    auto streamed = InChild([&] { return RunCertkeep(*issuing, *issuing_key, n, true, now); });
    Print("certkeep (Reserve)", n, streamed);
    auto grown = InChild([&] { return RunCertkeep(*issuing, *issuing_key, n, false, now); });
    Print("certkeep (no Reserve)", n, grown);
    std::printf("  per-entry add cost: first 10k %.1f ns, last 10k %.1f ns (ratio %.2f)\n",
                streamed.first_ns, streamed.last_ns, streamed.last_ns / streamed.first_ns);
    all_ok = all_ok && streamed.ok && grown.ok;
    if (with_peer) {
      auto peer = InChild([&] { return RunOpenSsl(*issuing, *issuing_key, n, now); });
      Print("OpenSSL X509_CRL", n, peer);
      all_ok = all_ok && peer.ok;
    }
  }
  return all_ok ? 0 : 1;
}
