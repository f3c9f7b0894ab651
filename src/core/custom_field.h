#pragma once
// Custom fields: values a customer asks for on every request of a certificate type
// (a cost centre, a ticket number), defined by its MRAOs (scm-api.md §2.12), offered by
// GET /api/ssl/v1/customFields and checked at enroll and edit ("mandatory ones
// required", §2.1).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/admin.h"
#include "core/ids.h"
#include "core/result.h"
#include "core/tenancy.h"

namespace certkeep::core {

struct CustomFieldTag {};
using CustomFieldId = Id<CustomFieldTag>;

/// What a value looks like (SCM's input types).
enum class CustomFieldInput { kTextSingleLine, kTextMultiLine, kEmail, kNumber, kTextOption, kDate };
[[nodiscard]] std::string_view ToString(CustomFieldInput input);
[[nodiscard]] std::optional<CustomFieldInput> ParseCustomFieldInput(std::string_view text);

/// SCM's states. Only an ACTIVE field is offered on requests and checked; the others are
/// kept with their values but no longer asked for.
enum class CustomFieldState { kActive, kInactive, kSuspendedActive, kSuspendedInactive };
[[nodiscard]] std::string_view ToString(CustomFieldState state);
[[nodiscard]] std::optional<CustomFieldState> ParseCustomFieldState(std::string_view text);

/// SCM's certType of a field: "SSL", "SMIME", "CODE_SIGNING".
[[nodiscard]] std::string_view CustomFieldCertTypeName(CertType type);
[[nodiscard]] std::optional<CertType> ParseCustomFieldCertType(std::string_view text);

/// One field of a customer.
struct CustomField {
  CustomFieldId id{};
  CustomerId customer_id{};
  std::string name{};
  CertType cert_type = CertType::kSsl;
  CustomFieldInput input = CustomFieldInput::kTextSingleLine;
  std::vector<std::string> options{};  ///< the choices of a TEXT_OPTION field
  bool mandatory = false;
  CustomFieldState state = CustomFieldState::kActive;

  [[nodiscard]] bool IsActive() const { return state == CustomFieldState::kActive; }
};

/// One value of a request: {name, value} on the wire.
struct CustomFieldValue {
  std::string name;
  std::string value;
  bool operator==(const CustomFieldValue&) const = default;
};

/// Longest name and value accepted.
inline constexpr std::size_t kCustomFieldMaxName = 128;
inline constexpr std::size_t kCustomFieldMaxValue = 1024;

/// A definition checked and normalised (name trimmed, options trimmed and unique):
/// Malformed (kInvalidField / kMissingField) naming what is wrong.
[[nodiscard]] Result<CustomField> CheckCustomFieldDefinition(CustomField field);

/// Whose values are checked: a new request's, or a renewal's carried over from the
/// certificate it renews.
enum class CustomFieldCheck {
  kRequest,
  /// Values of fields no longer ACTIVE are dropped and mandatory fields added since are
  /// not required, so that a certificate keeps renewing after its customer's fields change.
  kCarriedOver,
};

/// The values of a request checked against the customer's `fields` of its type: every
/// ACTIVE mandatory field has a non-empty value (else kSslMissingCustomField naming it);
/// each value fits its field's input; a name that is no ACTIVE field is refused, since a
/// mistyped name would otherwise vanish silently. Names match case-insensitively, as a
/// person types them. Returns the values in the fields' order, named as defined, empty
/// values left out.
[[nodiscard]] Result<std::vector<CustomFieldValue>> CheckCustomFieldValues(
    std::span<const CustomField> fields, std::span<const CustomFieldValue> values,
    CustomFieldCheck check = CustomFieldCheck::kRequest);

}  // namespace certkeep::core
