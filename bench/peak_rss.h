#pragma once
// The peak resident set of this process so far, in MiB, as the benchmarks print it.

#include <sys/resource.h>

namespace certkeep::bench {

inline long PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

}  // namespace certkeep::bench
