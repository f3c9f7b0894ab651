#pragma once
// Tenancy: a customer (the certificate service, addressed by its customerUri) holds
// organizations; an organization holds departments. A department is an Organization
// row with a parent, as SCM's API treats both (scm-api.md §2.5: one /organization
// resource, departments carry parentName).

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/ids.h"

namespace certkeep::core {

struct CustomerTag {};
struct OrgTag {};
/// Identifies a customer.
using CustomerId = Id<CustomerTag>;
/// Identifies an organization or a department.
using OrgId = Id<OrgTag>;

/// The tenant: one certificate service.
struct Customer {
  CustomerId id{};
  std::string uri{};  ///< the customerUri header value, e.g. "demo"
  std::string name{};
  TimePoint created_at{};
};

/// A postal address as SCM spells it.
struct PostalAddress {
  std::string address1{}, address2{}, address3{};
  std::string city{}, state_or_province{}, postal_code{};
  std::string country{};  ///< ISO 3166 two letters
};

/// An organization (parent_id empty) or a department (parent_id = its organization).
struct Organization {
  OrgId id{};
  CustomerId customer_id{};
  std::optional<OrgId> parent_id{};
  std::string name{};
  std::string alias{};
  std::string secondary_name{};
  PostalAddress address{};
  std::vector<std::string> contact_emails{};
  bool ssl_certs_api_enabled = false;     ///< REST calls for SSL allowed
  bool client_certs_api_enabled = false;  ///< REST calls for client certificates allowed
  TimePoint created_at{};
  TimePoint updated_at{};

  [[nodiscard]] bool IsDepartment() const { return parent_id.has_value(); }
  /// The organization this row belongs to: itself, or its parent.
  [[nodiscard]] OrgId OrganizationId() const { return parent_id.value_or(id); }
};

/// True when `uri` may name a customer: 1–64 of [A-Za-z0-9._-].
[[nodiscard]] bool IsValidCustomerUri(std::string_view uri);

/// True when `email` has the shape of one address: local@domain, both parts non-empty,
/// no whitespace or list separators (",", ";").
[[nodiscard]] bool IsPlausibleEmail(std::string_view email);

}  // namespace certkeep::core
