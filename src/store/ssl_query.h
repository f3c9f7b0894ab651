#pragma once
// What an SSL certificate list asks the store for, and the page it answers.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"
#include "core/ssl_certificate.h"

namespace certkeep::store {

/// What an SSL certificate list asks for (scm-api.md §2.1 filters); every field narrows.
struct SslQuery {
  core::CustomerId customer{};
  /// When set, only certificates of these organizations/departments (the caller's scope).
  std::optional<std::vector<core::OrgId>> within{};
  std::optional<core::OrgId> org_id{};
  std::optional<std::string> common_name{};  ///< substring, case-insensitive
  std::optional<std::string> name{};         ///< substring of any DNS name
  std::optional<core::SslStatus> status{};
  std::optional<core::ProfileId> profile_id{};
  std::optional<std::string> serial{};  ///< exact, normalized hex
  std::optional<std::string> requester{};
  std::optional<std::string> external_requester{};  ///< substring
  /// Any of these statuses (the report's "requested" is several); empty: any.
  std::vector<core::SslStatus> statuses{};
  std::optional<core::RequestedVia> requested_via{};
  /// The key: its algorithm ("RSA", "EC") and its size in bits, as key_type holds them.
  std::optional<std::string> key_algorithm{};
  std::optional<int> key_size{};
  /// Which date [from, to) applies to (the report's certificateDateAttribute).
  enum class DateOf { kRequested, kIssued, kExpires, kRevoked };
  std::optional<DateOf> date_of{};
  core::TimePoint from{};
  core::TimePoint to{};
  std::int64_t position = 0;
  std::int64_t size = 200;
};

struct SslPage {
  std::vector<core::SslCertificate> certificates;
  std::int64_t total = 0;
};

}  // namespace certkeep::store
