#pragma once
// A console session: an opaque token in a cookie. The store keeps only the token's
// SHA-256, so a copy of the database opens no session.

#include <cstdint>
#include <string>

#include "core/admin.h"
#include "core/clock.h"

namespace certkeep::core {

/// One console session.
struct Session {
  std::string token_hash{};  ///< hex SHA-256 of the cookie value
  AdminId admin_id{};
  std::string csrf_token{};             ///< sent back in X-CSRF-Token on state-changing calls
  std::int64_t credential_version = 0;  ///< the admin's at login; a change ends the session
  TimePoint created_at{};
  TimePoint last_seen_at{};
  std::string source{};
};

}  // namespace certkeep::core
