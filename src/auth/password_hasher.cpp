#include "auth/password_hasher.h"

#include <argon2.h>

#include <charconv>
#include <optional>
#include <vector>

namespace certkeep::auth {
namespace {

/// What the PHC string of an argon2id hash declares.
struct Encoded {
  std::uint32_t version = 0;
  Argon2Params params{};
  std::size_t salt_bytes = 0;
  std::size_t tag_bytes = 0;
};

std::optional<std::uint32_t> ParseNumber(std::string_view text) {
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

/// Splits "name=value" and checks the name.
std::optional<std::uint32_t> ParseField(std::string_view field, std::string_view name) {
  if (field.size() <= name.size() + 1 || field.substr(0, name.size()) != name ||
      field[name.size()] != '=') {
    return std::nullopt;
  }
  return ParseNumber(field.substr(name.size() + 1));
}

/// Bytes encoded by `chars` characters of unpadded base64; nullopt for an impossible count.
std::optional<std::size_t> Base64Bytes(std::size_t chars) {
  if (chars % 4 == 1) return std::nullopt;
  return chars / 4 * 3 + (chars % 4 == 0 ? 0 : chars % 4 - 1);
}

/// Reads "$argon2id$v=19$m=M,t=T,p=P$<salt>$<tag>" (the form argon2's encoder writes).
std::optional<Encoded> ParseEncoded(std::string_view text) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    std::size_t end = text.find('$', start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (parts.size() != 6 || !parts[0].empty() || parts[1] != "argon2id") return std::nullopt;
  Encoded out;
  auto version = ParseField(parts[2], "v");
  std::string_view costs = parts[3];
  std::size_t c1 = costs.find(',');
  if (!version || c1 == costs.npos) return std::nullopt;
  std::size_t c2 = costs.find(',', c1 + 1);
  if (c2 == costs.npos) return std::nullopt;
  auto m = ParseField(costs.substr(0, c1), "m");
  auto t = ParseField(costs.substr(c1 + 1, c2 - c1 - 1), "t");
  auto p = ParseField(costs.substr(c2 + 1), "p");
  auto salt = Base64Bytes(parts[4].size());
  auto tag = Base64Bytes(parts[5].size());
  if (!m || !t || !p || !salt || !tag) return std::nullopt;
  out.version = *version;
  out.params = {.t_cost = *t, .m_cost_kib = *m, .parallelism = *p};
  out.salt_bytes = *salt;
  out.tag_bytes = *tag;
  return out;
}

core::Error Argon2Error(int rc) {
  return core::InternalError(core::Reason::kCryptoFailure,
                             std::string("argon2id: ") + argon2_error_message(rc));
}

bool VerifyEncoded(std::string_view encoded, std::string_view password) {
  // argon2 reads a C string: an embedded NUL would let a valid prefix pass.
  if (encoded.find('\0') != std::string_view::npos) return false;
  std::string c_encoded(encoded);
  return argon2id_verify(c_encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace

core::Result<PasswordHasher> PasswordHasher::Create(Argon2Params params,
                                                    core::RandomSource& random) {
  PasswordHasher hasher(params, {});
  auto dummy = hasher.Hash(core::RandomToken(random, 24), random);
  if (!dummy) return core::Fail(dummy.error().Context("making the dummy password hash"));
  hasher.dummy_encoded_ = std::move(*dummy);
  return hasher;
}

core::Result<std::string> PasswordHasher::Hash(std::string_view password,
                                               core::RandomSource& random) const {
  std::vector<std::uint8_t> salt = random.Bytes(kSaltBytes);
  if (salt.size() != kSaltBytes) {
    return core::Fail(core::InternalError(core::Reason::kCryptoFailure,
                                          "argon2id: the random source gave a short salt"));
  }
  std::size_t length = argon2_encodedlen(params_.t_cost, params_.m_cost_kib, params_.parallelism,
                                         kSaltBytes, kTagBytes, Argon2_id);
  std::string encoded(length, '\0');
  int rc = argon2id_hash_encoded(params_.t_cost, params_.m_cost_kib, params_.parallelism,
                                 password.data(), password.size(), salt.data(), salt.size(),
                                 kTagBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return core::Fail(Argon2Error(rc));
  // argon2_encodedlen counts the terminator (and some slack).
  if (auto end = encoded.find('\0'); end != std::string::npos) encoded.resize(end);
  return encoded;
}

bool PasswordHasher::Verify(std::string_view encoded, std::string_view password) const {
  return VerifyEncoded(encoded, password);
}

void PasswordHasher::VerifyDummy(std::string_view password) const {
  // The same code path as Verify, on a hash of the same cost; the answer is always false.
  (void)VerifyEncoded(dummy_encoded_, password);
}

bool PasswordHasher::NeedsRehash(std::string_view encoded) const {
  auto parsed = ParseEncoded(encoded);
  return !parsed || parsed->version != ARGON2_VERSION_NUMBER || parsed->params != params_ ||
         parsed->salt_bytes < kSaltBytes || parsed->tag_bytes != kTagBytes;
}

}  // namespace certkeep::auth
