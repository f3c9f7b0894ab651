#include "pki/internal/der_reader.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "pki/internal/der.h"

namespace certkeep::pki::internal::der {
namespace {

constexpr auto kReason = core::Reason::kOcspMalformed;

TEST(DerReader, ReadsNestedElementsAndTheirEncodings) {
  const std::string inner = Integer(5) + OctetString("ab");
  const std::string input = Sequence(inner) + Boolean(true);
  Reader reader(input, kReason);
  EXPECT_EQ(reader.PeekTag(), kSequence);
  auto sequence = reader.Enter(kSequence);
  ASSERT_TRUE(sequence);
  EXPECT_EQ(sequence->encoding(), Sequence(inner));
  auto integer = sequence->Read(kInteger);
  ASSERT_TRUE(integer);
  EXPECT_EQ(integer->content, "\x05");
  EXPECT_EQ(integer->encoding, Integer(5));
  auto octets = sequence->Read(kOctetString);
  ASSERT_TRUE(octets);
  EXPECT_EQ(octets->content, "ab");
  EXPECT_TRUE(sequence->AtEnd());
  EXPECT_TRUE(sequence->ExpectEnd());
  EXPECT_FALSE(reader.ExpectEnd());
  auto boolean = reader.ReadAny();
  ASSERT_TRUE(boolean);
  EXPECT_EQ(boolean->tag, kBoolean);
  EXPECT_TRUE(reader.AtEnd());
  EXPECT_EQ(reader.PeekTag(), std::nullopt);
  EXPECT_FALSE(reader.ReadAny());
}

TEST(DerReader, ReadsLongFormLengths) {
  for (std::size_t size : {127u, 128u, 255u, 256u, 65535u, 65536u}) {
    const std::string input = OctetString(std::string(size, 'x'));
    Reader reader(input, kReason);
    auto element = reader.Read(kOctetString);
    ASSERT_TRUE(element) << size;
    EXPECT_EQ(element->content.size(), size);
  }
}

TEST(DerReader, RejectsWhatDerForbids) {
  struct Case {
    const char* name;
    std::string input;
  };
  const Case cases[] = {
      {"fail/empty", ""},
      {"fail/tag-only", "\x04"},
      {"fail/truncated-value",
       "\x04\x03"
       "ab"},
      {"fail/truncated-length", "\x04\x82\x01"},
      {"fail/indefinite-length", std::string("\x30\x80\x00\x00", 4)},
      {"fail/leading-zero-length", std::string("\x04\x82\x00\x80", 4) + std::string(128, 'x')},
      {"fail/long-form-short-length",
       "\x04\x81\x05"
       "abcde"},
      {"fail/five-length-octets", std::string("\x04\x85\x01\x00\x00\x00\x00", 7)},
      {"fail/reserved-length-0xff", "\x04\xff"},
      {"fail/high-tag-number", std::string("\x1f\x81\x00\x00", 4)},
  };
  for (const auto& c : cases) {
    Reader reader(c.input, kReason);
    auto element = reader.ReadAny();
    ASSERT_FALSE(element) << c.name;
    EXPECT_EQ(element.error().code(), core::ErrorCode::kMalformed) << c.name;
    EXPECT_EQ(element.error().reason(), kReason) << c.name;
  }
}

TEST(DerReader, ChecksTagsAndConstruction) {
  const std::string input = OctetString("a");
  Reader wrong_tag(input, kReason);
  EXPECT_FALSE(wrong_tag.Read(kInteger));
  Reader primitive(input, kReason);
  EXPECT_FALSE(primitive.Enter(kOctetString));
  Reader empty("", kReason);
  EXPECT_FALSE(empty.Read(kSequence));
}

TEST(DerReader, UnsignedIntegers) {
  struct Case {
    const char* name;
    std::string content;
    std::optional<std::string> magnitude;
  };
  const Case cases[] = {
      {"ok/zero", std::string(1, '\0'), std::string(1, '\0')},
      {"ok/small", "\x7f", "\x7f"},
      {"ok/padded-high-bit", std::string("\x00\x80", 2), "\x80"},
      {"ok/long", std::string("\x00\xab\xcd\xef", 4), "\xab\xcd\xef"},
      {"fail/empty", "", std::nullopt},
      {"fail/negative", "\x80", std::nullopt},
      {"fail/minus-one", "\xff", std::nullopt},
      {"fail/redundant-zero", std::string("\x00\x01", 2), std::nullopt},
      {"fail/redundant-ff", "\xff\x80", std::nullopt},
  };
  for (const auto& c : cases) {
    const std::string input = Tlv(kInteger, c.content);
    Reader reader(input, kReason);
    auto value = reader.ReadUnsignedInteger();
    if (c.magnitude) {
      ASSERT_TRUE(value) << c.name << ": " << value.error().internal();
      EXPECT_EQ(*value, *c.magnitude) << c.name;
    } else {
      EXPECT_FALSE(value) << c.name;
    }
  }
}

// Descends into every constructed element, as a generic walker would.
bool Walk(Reader& reader) {
  while (!reader.AtEnd()) {
    auto tag = reader.PeekTag();
    if (*tag & 0x20) {
      auto child = reader.Enter(*tag);
      if (!child || !Walk(*child)) return false;
    } else if (!reader.ReadAny()) {
      return false;
    }
  }
  return true;
}

TEST(DerReader, NestingIsLimited) {
  std::string nested = Tlv(kNull, {});
  for (int depth = 1; depth <= Reader::kMaxDepth; ++depth) nested = Sequence(nested);
  Reader at_limit(nested, kReason);
  EXPECT_TRUE(Walk(at_limit));
  const std::string deeper = Sequence(nested);
  Reader over_limit(deeper, kReason);
  EXPECT_FALSE(Walk(over_limit));
  auto child = Reader(deeper, kReason).Enter(kSequence);
  ASSERT_TRUE(child);
  std::string huge = Tlv(kNull, {});
  for (int depth = 0; depth < 10000; ++depth) huge = Sequence(huge);
  Reader deep(huge, kReason);
  EXPECT_FALSE(Walk(deep));  // stops at the limit, never near the stack's end
}

TEST(DerReader, RandomInputNeverCrashes) {
  std::mt19937 random(690);
  for (int i = 0; i < 20000; ++i) {
    std::string input(random() % 64, '\0');
    for (auto& c : input) c = static_cast<char>(random() % 4 == 0 ? 0x30 : random());
    Reader reader(input, kReason);
    (void)Walk(reader);
  }
}

}  // namespace
}  // namespace certkeep::pki::internal::der
