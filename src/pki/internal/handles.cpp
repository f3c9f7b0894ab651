#include "pki/internal/handles.h"

#include <openssl/err.h>

namespace certkeep::pki::internal {

std::string DrainErrors() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

core::Error CryptoError(std::string_view what) {
  std::string internal(what);
  if (auto queue = DrainErrors(); !queue.empty()) {
    internal += ": ";
    internal += queue;
  }
  return core::InternalError(core::Reason::kCryptoFailure, std::move(internal));
}

BioPtr ReadBio(std::string_view data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace certkeep::pki::internal
