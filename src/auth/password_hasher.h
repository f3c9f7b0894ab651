#pragma once
// Password hashing with argon2id (RFC 9106), stored in the PHC encoded form
// "$argon2id$v=19$m=65536,t=3,p=1$<salt>$<tag>" so each hash carries its own parameters
// and old hashes still verify after the parameters are raised (NeedsRehash says when
// to re-hash at the next successful login).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/random.h"
#include "core/result.h"

namespace certkeep::auth {

/// Argon2id cost parameters; the defaults are RFC 9106 §4's second recommendation with
/// t=3 (64 MiB per hash: a node verifying N logins at once needs N × m_cost_kib).
struct Argon2Params {
  std::uint32_t t_cost = 3;          ///< passes over memory
  std::uint32_t m_cost_kib = 65536;  ///< memory, KiB
  std::uint32_t parallelism = 1;     ///< lanes (and threads)
  bool operator==(const Argon2Params&) const = default;
};

/// Hashes and verifies passwords; thread-safe (every method is const).
class PasswordHasher {
 public:
  /// Bytes of random salt per hash (RFC 9106 §3.1 recommends 16).
  static constexpr std::size_t kSaltBytes = 16;
  /// Bytes of the stored tag.
  static constexpr std::size_t kTagBytes = 32;

  /// A hasher for `params`; hashes a random password once, so VerifyDummy has a hash of
  /// the same cost to spend its time on. Fails when argon2 rejects the parameters.
  [[nodiscard]] static core::Result<PasswordHasher> Create(Argon2Params params,
                                                           core::RandomSource& random);

  /// The argon2id encoded hash of `password`, with a fresh salt from `random`.
  [[nodiscard]] core::Result<std::string> Hash(std::string_view password,
                                               core::RandomSource& random) const;

  /// True when `password` matches `encoded`; false for a wrong password and for anything
  /// that is not a well-formed argon2id encoded hash (never fails otherwise).
  [[nodiscard]] bool Verify(std::string_view encoded, std::string_view password) const;

  /// Spends the time of a Verify against a hash made with this hasher's parameters, and
  /// answers nothing: call it when the login is unknown so that the response time does
  /// not tell which logins exist. (A hash stored with older parameters costs what they
  /// cost; NeedsRehash moves it onto the current ones at the admin's next login.)
  void VerifyDummy(std::string_view password) const;

  /// True when `encoded` was not made with this hasher's parameters (or is malformed):
  /// re-hash the password, which the caller has just verified, and store the new hash.
  [[nodiscard]] bool NeedsRehash(std::string_view encoded) const;

  /// The parameters new hashes are made with.
  [[nodiscard]] const Argon2Params& params() const { return params_; }

 private:
  PasswordHasher(Argon2Params params, std::string dummy_encoded)
      : params_(params), dummy_encoded_(std::move(dummy_encoded)) {}

  Argon2Params params_;
  std::string dummy_encoded_;  ///< the hash of a random password nobody knows
};

}  // namespace certkeep::auth
