#pragma once
// Custom fields (scm-api.md §2.12): the customer's MRAOs define them; every admin reads
// them, since every request form asks for them; the SSL use cases check a request's
// values against them (CheckedCustomFields).

#include <optional>
#include <string>
#include <vector>

#include "authz/authz.h"
#include "core/clock.h"
#include "core/custom_field.h"
#include "core/result.h"
#include "store/store.h"

namespace certkeep::service {

/// A change of a field; an unset member is left as it is.
struct CustomFieldPatch {
  std::optional<std::string> name{};
  std::optional<core::CertType> cert_type{};
  std::optional<core::CustomFieldInput> input{};
  std::optional<std::vector<std::string>> options{};
  std::optional<bool> mandatory{};
  std::optional<core::CustomFieldState> state{};
};

class CustomFields {
 public:
  CustomFields(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  /// The caller's customer's fields, of one type if given.
  [[nodiscard]] core::Result<std::vector<core::CustomField>> List(
      const authz::Principal& who, std::optional<core::CertType> cert_type);
  /// One field of the caller's customer; NotFound otherwise.
  [[nodiscard]] core::Result<core::CustomField> Get(const authz::Principal& who,
                                                    core::CustomFieldId id);
  /// A new field (name and type required; TEXT_SINGLE_LINE, optional and ACTIVE unless
  /// the patch says otherwise). MRAO only.
  [[nodiscard]] core::Result<core::CustomFieldId> Create(const authz::Principal& who,
                                                         const CustomFieldPatch& fields);
  [[nodiscard]] core::Result<void> Update(const authz::Principal& who, core::CustomFieldId id,
                                          const CustomFieldPatch& patch);
  /// Removes the field; values already recorded on requests stay on them.
  [[nodiscard]] core::Result<void> Delete(const authz::Principal& who, core::CustomFieldId id);

 private:
  store::Store& store_;
  const core::Clock& clock_;
};

/// The values `json_values` (a JSON array of {name, value}, as requests store them)
/// checked against `customer`'s fields of `type` inside `tx`; the checked values as the
/// same JSON. Malformed naming the field; kSslMissingCustomField for a missing mandatory
/// one.
[[nodiscard]] core::Result<std::string> CheckedCustomFields(
    store::Transaction& tx, core::CustomerId customer, core::CertType type,
    const std::string& json_values,
    core::CustomFieldCheck check = core::CustomFieldCheck::kRequest);

}  // namespace certkeep::service
