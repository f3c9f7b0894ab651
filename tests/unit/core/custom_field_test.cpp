#include "core/custom_field.h"

#include <gtest/gtest.h>

namespace certkeep::core {
namespace {

using In = CustomFieldInput;

CustomField Field(std::string name, In input, bool mandatory = false,
                  std::vector<std::string> options = {},
                  CustomFieldState state = CustomFieldState::kActive) {
  return {.name = std::move(name),
          .input = input,
          .options = std::move(options),
          .mandatory = mandatory,
          .state = state};
}

const std::vector<CustomField>& Fields() {
  static const std::vector<CustomField> fields = {
      Field("Cost centre", In::kNumber, /*mandatory=*/true),
      Field("Ticket", In::kTextSingleLine),
      Field("Contact", In::kEmail),
      Field("Needed by", In::kDate),
      Field("Notes", In::kTextMultiLine),
      Field("Tier", In::kTextOption, false, {"Gold", "Silver"}),
      Field("Old", In::kTextSingleLine, true, {}, CustomFieldState::kInactive),
  };
  return fields;
}

TEST(CheckCustomFieldValues, AcceptsWhatEachInputAllowsAndNormalises) {
  struct Case {
    const char* name;
    std::vector<CustomFieldValue> values;
    std::vector<CustomFieldValue> want;
  };
  const Case cases[] = {
      {"ok/mandatory-only", {{"Cost centre", "4711"}}, {{"Cost centre", "4711"}}},
      {"ok/name-any-case-and-trimmed",
       {{" cost CENTRE ", " -12.5 "}},
       {{"Cost centre", "-12.5"}}},
      {"ok/option-any-case-named-as-defined",
       {{"Cost centre", "1"}, {"tier", "gold"}},
       {{"Cost centre", "1"}, {"Tier", "Gold"}}},
      {"ok/in-field-order-empty-left-out",
       {{"Notes", "line one\nline two"}, {"Ticket", ""}, {"Cost centre", "2"},
        {"Needed by", "2027-02-28"}, {"Contact", "it@uni.example"}},
       {{"Cost centre", "2"}, {"Contact", "it@uni.example"}, {"Needed by", "2027-02-28"},
        {"Notes", "line one\nline two"}}},
  };
  for (const auto& c : cases) {
    auto got = CheckCustomFieldValues(Fields(), c.values);
    ASSERT_TRUE(got) << c.name << ": " << got.error().detail();
    EXPECT_EQ(*got, c.want) << c.name;
  }
}

TEST(CheckCustomFieldValues, RefusesWhatDoesNotFitNamingTheField) {
  struct Case {
    const char* name;
    std::vector<CustomFieldValue> values;
    Reason reason;
    const char* names;
  };
  const Case cases[] = {
      {"fail/mandatory-missing", {{"Ticket", "T-1"}}, Reason::kSslMissingCustomField,
       "Cost centre"},
      {"fail/mandatory-blank", {{"Cost centre", "  "}}, Reason::kSslMissingCustomField,
       "Cost centre"},
      {"fail/not-a-number", {{"Cost centre", "12a"}}, Reason::kInvalidField, "Cost centre"},
      {"fail/lone-dot", {{"Cost centre", "."}}, Reason::kInvalidField, "Cost centre"},
      {"fail/not-an-email", {{"Cost centre", "1"}, {"Contact", "nobody"}}, Reason::kInvalidField,
       "Contact"},
      {"fail/not-a-date", {{"Cost centre", "1"}, {"Needed by", "2027-02-30"}},
       Reason::kInvalidField, "Needed by"},
      {"fail/us-date", {{"Cost centre", "1"}, {"Needed by", "02/28/2027"}}, Reason::kInvalidField,
       "Needed by"},
      {"fail/date-with-spaces", {{"Cost centre", "1"}, {"Needed by", "2024- 1- 1"}},
       Reason::kInvalidField, "Needed by"},
      {"fail/date-with-a-sign", {{"Cost centre", "1"}, {"Needed by", "-999-01-01"}},
       Reason::kInvalidField, "Needed by"},
      {"fail/not-an-option", {{"Cost centre", "1"}, {"Tier", "Bronze"}}, Reason::kInvalidField,
       "Tier"},
      {"fail/newline-in-single-line", {{"Cost centre", "1"}, {"Ticket", "a\nb"}},
       Reason::kInvalidField, "Ticket"},
      {"fail/unknown-name", {{"Cost centre", "1"}, {"Tciket", "x"}}, Reason::kInvalidField,
       "Tciket"},
      {"fail/inactive-is-unknown", {{"Cost centre", "1"}, {"Old", "x"}}, Reason::kInvalidField,
       "Old"},
      {"fail/given-twice", {{"Cost centre", "1"}, {"cost centre", "2"}}, Reason::kInvalidField,
       "Cost centre"},
      {"fail/too-long", {{"Cost centre", "1"}, {"Ticket", std::string(1025, 'x')}},
       Reason::kInvalidField, "Ticket"},
  };
  for (const auto& c : cases) {
    auto got = CheckCustomFieldValues(Fields(), c.values);
    ASSERT_FALSE(got) << c.name;
    EXPECT_EQ(got.error().code(), ErrorCode::kMalformed) << c.name;
    EXPECT_EQ(got.error().reason(), c.reason) << c.name;
    EXPECT_NE(got.error().detail().find(c.names), std::string::npos)
        << c.name << ": " << got.error().detail();
  }
}

TEST(CheckCustomFieldValues, CarriedOverValuesSurviveChangedFields) {
  // A renewal of a certificate requested before "Cost centre" became mandatory, with a
  // value of a field since deactivated and one whose option is gone.
  std::vector<CustomFieldValue> old = {{"Old", "x"}, {"Tier", "Bronze"}, {"Ticket", "T-9"}};
  auto got = CheckCustomFieldValues(Fields(), old, CustomFieldCheck::kCarriedOver);
  ASSERT_TRUE(got) << got.error().detail();
  EXPECT_EQ(*got, (std::vector<CustomFieldValue>{{"Ticket", "T-9"}}));
}

TEST(CheckCustomFieldValues, NoFieldsMeansNoValues) {
  EXPECT_TRUE(CheckCustomFieldValues({}, {}));
  EXPECT_FALSE(CheckCustomFieldValues({}, std::vector<CustomFieldValue>{{"Ticket", "1"}}));
}

TEST(CheckCustomFieldDefinition, NormalisesAndRefusesWhatCannotBeAsked) {
  auto ok = CheckCustomFieldDefinition(Field("  Tier ", In::kTextOption, false,
                                             {" Gold", "gold", "", "Silver "}));
  ASSERT_TRUE(ok) << ok.error().detail();
  EXPECT_EQ(ok->name, "Tier");
  EXPECT_EQ(ok->options, (std::vector<std::string>{"Gold", "Silver"}));

  struct Case {
    const char* name;
    CustomField field;
    Reason reason;
  };
  const Case cases[] = {
      {"fail/no-name", Field(" ", In::kTextSingleLine), Reason::kMissingField},
      {"fail/long-name", Field(std::string(129, 'n'), In::kTextSingleLine), Reason::kInvalidField},
      {"fail/control-in-name", Field("a\tb", In::kTextSingleLine), Reason::kInvalidField},
      {"fail/option-without-options", Field("Tier", In::kTextOption, false, {" "}),
       Reason::kInvalidField},
      {"fail/options-on-text", Field("Ticket", In::kTextSingleLine, false, {"a"}),
       Reason::kInvalidField},
  };
  for (const auto& c : cases) {
    auto got = CheckCustomFieldDefinition(c.field);
    ASSERT_FALSE(got) << c.name;
    EXPECT_EQ(got.error().reason(), c.reason) << c.name;
  }
}

TEST(CustomFieldWords, RoundTripAndIgnoreCase) {
  for (auto in : {In::kTextSingleLine, In::kTextMultiLine, In::kEmail, In::kNumber,
                  In::kTextOption, In::kDate}) {
    EXPECT_EQ(ParseCustomFieldInput(ToString(in)), in);
  }
  for (auto s : {CustomFieldState::kActive, CustomFieldState::kInactive,
                 CustomFieldState::kSuspendedActive, CustomFieldState::kSuspendedInactive}) {
    EXPECT_EQ(ParseCustomFieldState(ToString(s)), s);
  }
  EXPECT_EQ(ParseCustomFieldCertType("ssl"), CertType::kSsl);
  EXPECT_EQ(ParseCustomFieldCertType("SMIME"), CertType::kSmime);
  EXPECT_EQ(ParseCustomFieldCertType("CODE_SIGNING"), CertType::kCodeSigning);
  EXPECT_FALSE(ParseCustomFieldCertType("DEVICE"));
}

}  // namespace
}  // namespace certkeep::core
