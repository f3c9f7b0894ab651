#include "store/sqlite/change_monitor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <functional>
#include <string_view>

namespace certkeep::store::sqlite {

namespace {

std::uint64_t Mix(std::uint64_t h, std::uint64_t v) {
  // splitmix64 finaliser over the running value: cheap and well spread.
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

}  // namespace

WalChangeMonitor::~WalChangeMonitor() {
  if (int fd = fd_.load(); fd >= 0) ::close(fd);
  for (int fd : retired_) ::close(fd);
}

std::uint64_t WalChangeMonitor::Fingerprint() {
  auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  auto at = observed_at_.load(std::memory_order_acquire);
  if (at != std::numeric_limits<std::int64_t>::min() && now - at < max_age_.count()) {
    return last_.load(std::memory_order_acquire);
  }
  auto h = Observe();
  last_.store(h, std::memory_order_release);
  observed_at_.store(now, std::memory_order_release);
  return h;
}

std::uint64_t WalChangeMonitor::Observe() {
  struct stat st {};
  int fd = fd_.load(std::memory_order_acquire);
  // The WAL is removed when the last connection closes and made anew by the next one:
  // a descriptor on a removed file (no links left) is reopened by path.
  if (fd < 0 || ::fstat(fd, &st) != 0 || st.st_nlink == 0) {
    std::lock_guard lock(mu_);
    int fresh = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fresh < 0) return 0;  // no WAL yet: nothing committed since the last checkpoint
    // The old descriptor stays open until the monitor goes: another thread may be
    // reading through it (closing it could hand its number to an unrelated file).
    int old = fd_.exchange(fresh, std::memory_order_acq_rel);
    if (old >= 0) retired_.push_back(old);
    fd = fresh;
    if (::fstat(fd, &st) != 0) return 0;
  }
  std::uint64_t h = 0;
  for (std::uint64_t v :
       {static_cast<std::uint64_t>(st.st_ino), static_cast<std::uint64_t>(st.st_size),
        static_cast<std::uint64_t>(st.st_mtim.tv_sec),
        static_cast<std::uint64_t>(st.st_mtim.tv_nsec)}) {
    h = Mix(h, v);
  }
  // The WAL header (https://sqlite.org/fileformat2.html#walformat): the checkpoint
  // sequence and salts at bytes 12..23 change whenever the WAL restarts from frame 0,
  // which may leave its size and (coarse) mtime as they were.
  std::array<char, 12> header{};
  if (::pread(fd, header.data(), header.size(), 12) == static_cast<ssize_t>(header.size())) {
    h = Mix(h, std::hash<std::string_view>()(std::string_view(header.data(), header.size())));
  }
  return h;
}

}  // namespace certkeep::store::sqlite
