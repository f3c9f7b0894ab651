#include "core/custom_field.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "core/date_format.h"

namespace certkeep::core {

namespace {

template <typename E>
struct Word {
  E value;
  std::string_view text;
};

constexpr Word<CustomFieldInput> kInputs[] = {
    {CustomFieldInput::kTextSingleLine, "TEXT_SINGLE_LINE"},
    {CustomFieldInput::kTextMultiLine, "TEXT_MULTI_LINE"},
    {CustomFieldInput::kEmail, "EMAIL"},
    {CustomFieldInput::kNumber, "NUMBER"},
    {CustomFieldInput::kTextOption, "TEXT_OPTION"},
    {CustomFieldInput::kDate, "DATE"},
};
constexpr Word<CustomFieldState> kStates[] = {
    {CustomFieldState::kActive, "ACTIVE"},
    {CustomFieldState::kInactive, "INACTIVE"},
    {CustomFieldState::kSuspendedActive, "SUSPENDED_ACTIVE"},
    {CustomFieldState::kSuspendedInactive, "SUSPENDED_INACTIVE"},
};
constexpr Word<CertType> kCertTypes[] = {
    {CertType::kSsl, "SSL"},
    {CertType::kSmime, "SMIME"},
    {CertType::kCodeSigning, "CODE_SIGNING"},
};

template <typename E, std::size_t N>
std::string_view TextOf(const Word<E> (&words)[N], E value) {
  for (const auto& w : words) {
    if (w.value == value) return w.text;
  }
  return "?";
}

bool SameLetters(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

// Words are matched without regard to case: "ssl" is "SSL".
template <typename E, std::size_t N>
std::optional<E> Parse(const Word<E> (&words)[N], std::string_view text) {
  for (const auto& w : words) {
    if (SameLetters(w.text, text)) return w.value;
  }
  return std::nullopt;
}

std::string Trimmed(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

Error Invalid(std::string detail) {
  return Error(ErrorCode::kMalformed, Reason::kInvalidField, std::move(detail));
}

bool HasControl(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [allow_newlines](char c) {
    auto u = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return u < 0x20 || u == 0x7f;
  });
}

// A decimal number: an optional sign, digits, an optional fraction.
bool IsNumber(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  auto dot = s.find('.');
  auto whole = s.substr(0, dot);
  auto fraction = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() && fraction.empty()) return false;
  if (dot != std::string_view::npos && fraction.empty()) return false;
  return digits(whole) && digits(fraction);
}

// ISO 8601 calendar date, yyyy-MM-dd, that exists.
bool IsIsoDate(std::string_view s) {
  return s.size() == 10 && ParseIsoTime(s).has_value();  // yyyy-MM-dd, nothing more
}

Result<std::string> CheckValue(const CustomField& field, std::string value) {
  auto refused = [&field](std::string_view why) {
    return Invalid("customFields: '" + field.name + "' " + std::string(why));
  };
  if (value.size() > kCustomFieldMaxValue) {
    return Fail(refused("is longer than " + std::to_string(kCustomFieldMaxValue) + " bytes"));
  }
  if (HasControl(value, field.input == CustomFieldInput::kTextMultiLine)) {
    return Fail(refused("holds a control character"));
  }
  switch (field.input) {
    case CustomFieldInput::kTextSingleLine:
    case CustomFieldInput::kTextMultiLine:
      return value;
    case CustomFieldInput::kEmail:
      if (!IsPlausibleEmail(value)) return Fail(refused("must be an email address"));
      return value;
    case CustomFieldInput::kNumber:
      if (!IsNumber(value)) return Fail(refused("must be a number"));
      return value;
    case CustomFieldInput::kDate:
      if (!IsIsoDate(value)) return Fail(refused("must be a date, yyyy-MM-dd"));
      return value;
    case CustomFieldInput::kTextOption:
      for (const auto& o : field.options) {
        if (SameLetters(o, value)) return o;
      }
      return Fail(refused("must be one of its options"));
  }
  return value;
}

}  // namespace

std::string_view ToString(CustomFieldInput input) {
  return TextOf(kInputs, input);
}
std::optional<CustomFieldInput> ParseCustomFieldInput(std::string_view text) {
  return Parse(kInputs, text);
}
std::string_view ToString(CustomFieldState state) {
  return TextOf(kStates, state);
}
std::optional<CustomFieldState> ParseCustomFieldState(std::string_view text) {
  return Parse(kStates, text);
}
std::string_view CustomFieldCertTypeName(CertType type) {
  return TextOf(kCertTypes, type);
}
std::optional<CertType> ParseCustomFieldCertType(std::string_view text) {
  return Parse(kCertTypes, text);
}

Result<CustomField> CheckCustomFieldDefinition(CustomField field) {
  field.name = Trimmed(field.name);
  if (field.name.empty()) {
    return Fail(ErrorCode::kMalformed, Reason::kMissingField, "name is required but missing");
  }
  if (field.name.size() > kCustomFieldMaxName) {
    return Fail(Invalid("name: at most " + std::to_string(kCustomFieldMaxName) + " bytes"));
  }
  if (HasControl(field.name, false)) return Fail(Invalid("name: no control characters"));
  std::vector<std::string> options;
  for (const auto& o : field.options) {
    auto t = Trimmed(o);
    if (t.empty()) continue;
    if (t.size() > kCustomFieldMaxValue || HasControl(t, false)) {
      return Fail(Invalid("input.options: '" + t + "' is not a usable option"));
    }
    bool seen = std::any_of(options.begin(), options.end(),
                            [&t](const std::string& x) { return SameLetters(x, t); });
    if (!seen) options.push_back(std::move(t));
  }
  if (field.input == CustomFieldInput::kTextOption && options.empty()) {
    return Fail(Invalid("input.options: a TEXT_OPTION field needs at least one option"));
  }
  if (field.input != CustomFieldInput::kTextOption && !options.empty()) {
    return Fail(Invalid("input.options: only a TEXT_OPTION field has options"));
  }
  field.options = std::move(options);
  return field;
}

Result<std::vector<CustomFieldValue>> CheckCustomFieldValues(
    std::span<const CustomField> fields, std::span<const CustomFieldValue> values,
    CustomFieldCheck check) {
  bool carried = check == CustomFieldCheck::kCarriedOver;
  for (const auto& v : values) {
    if (carried) break;
    bool known = std::any_of(fields.begin(), fields.end(), [&v](const CustomField& f) {
      return f.IsActive() && SameLetters(f.name, Trimmed(v.name));
    });
    if (!known) {
      return Fail(Invalid("customFields: '" + v.name +
                          "' is not a custom field of this certificate type "
                          "(GET /api/ssl/v1/customFields)"));
    }
  }
  std::vector<CustomFieldValue> out;
  for (const auto& f : fields) {
    if (!f.IsActive()) continue;
    std::optional<std::string> given;
    for (const auto& v : values) {
      if (!SameLetters(f.name, Trimmed(v.name))) continue;
      if (given) return Fail(Invalid("customFields: '" + f.name + "' is given twice"));
      given = Trimmed(v.value);
    }
    if (!given || given->empty()) {
      if (f.mandatory && !carried) {
        return Fail(ErrorCode::kMalformed, Reason::kSslMissingCustomField,
                    "The mandatory custom field '" + f.name + "' is missing");
      }
      continue;
    }
    auto checked = CheckValue(f, std::move(*given));
    if (!checked && carried) continue;  // the field changed since: the value is dropped
    if (!checked) return Fail(checked.error());
    out.push_back({f.name, std::move(*checked)});
  }
  return out;
}

}  // namespace certkeep::core
