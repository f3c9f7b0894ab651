// The MIME encodings, against outputs worked out by hand from RFC 2045 §6.7 and RFC 2047.

#include "notify/internal/mime_encoding.h"

#include <gtest/gtest.h>

#include "core/base64.h"
#include "support/case_name.h"

namespace certkeep::notify::internal {
namespace {

struct QpCase {
  std::string name;
  std::string text;
  std::string encoded;
};

class QuotedPrintableTest : public ::testing::TestWithParam<QpCase> {};

TEST_P(QuotedPrintableTest, EncodesAsRfc2045Says) {
  EXPECT_EQ(QuotedPrintable(GetParam().text), GetParam().encoded);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, QuotedPrintableTest,
    ::testing::Values(QpCase{"ok/plain-ascii-stays", "Hello, world!", "Hello, world!"},
                      QpCase{"ok/equals-sign-is-encoded", "a=b", "a=3Db"},
                      QpCase{"ok/utf8-bytes-are-encoded", "l\xc3\xa4uft", "l=C3=A4uft"},
                      QpCase{"ok/controls-are-encoded", std::string("a\x01\x7f", 3), "a=01=7F"},
                      QpCase{"ok/inner-white-space-stays", "a b\tc", "a b\tc"},
                      QpCase{"ok/trailing-white-space-is-encoded", "a \nb\t\n", "a=20\r\nb=09\r\n"},
                      QpCase{"ok/every-line-end-becomes-crlf", "a\nb\rc\r\nd", "a\r\nb\r\nc\r\nd"},
                      QpCase{"ok/empty-lines-stay", "\n\n", "\r\n\r\n"},
                      QpCase{"ok/leading-dot-stays-for-smtp-to-stuff", ".\n.x", ".\r\n.x"},
                      QpCase{"ok/from-at-line-start-is-encoded", "From me\nnot From",
                             "=46rom me\r\nnot From"},
                      QpCase{"ok/long-line-gets-soft-breaks", std::string(160, 'x'),
                             std::string(75, 'x') + "=\r\n" + std::string(75, 'x') + "=\r\n" +
                                 std::string(10, 'x')},
                      QpCase{"ok/an-escape-is-never-cut", std::string(74, 'x') + "\xc3\xa4",
                             std::string(74, 'x') + "=\r\n=C3=A4"},
                      QpCase{"ok/space-before-a-soft-break-stays", std::string(74, 'x') + " yy",
                             std::string(74, 'x') + " =\r\nyy"}),
    testing::CaseName<QpCase>);

TEST(QuotedPrintable, NoEncodedLineIsLongerThan76) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += i % 7 == 0 ? "\xc3\xa4=" : "ab ";
  text += "\n" + std::string(500, '=');
  auto encoded = QuotedPrintable(text);
  std::size_t start = 0;
  while (start < encoded.size()) {
    auto end = encoded.find("\r\n", start);
    if (end == std::string::npos) end = encoded.size();
    EXPECT_LE(end - start, 76u) << encoded.substr(start, end - start);
    start = end + 2;
  }
}

TEST(EncodedWords, EncodeAGermanSubjectAsOneBase64Word) {
  // Base64 of the UTF-8 bytes, made with Python's base64.b64encode.
  EXPECT_EQ(EncodedWords("Zertifikat l\xc3\xa4uft ab"),
            std::vector<std::string>{"=?utf-8?B?WmVydGlmaWthdCBsw6R1ZnQgYWI=?="});
}

TEST(EncodedWords, SplitLongTextBetweenCharactersIntoShortWords) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "\xc3\xa4\xe2\x82\xac";  // "ä€": 2 + 3 bytes
  auto words = EncodedWords(text);
  ASSERT_GT(words.size(), 1u);
  std::string decoded;
  for (const auto& w : words) {
    EXPECT_LE(w.size(), 60u) << w;
    ASSERT_TRUE(w.starts_with("=?utf-8?B?") && w.ends_with("?=")) << w;
    auto bytes = core::Base64Decode(w.substr(10, w.size() - 12));
    ASSERT_TRUE(bytes) << w;
    // Each word holds whole characters: it starts with one and ends after one.
    EXPECT_TRUE(bytes->starts_with("\xc3\xa4") || bytes->starts_with("\xe2\x82\xac")) << w;
    EXPECT_TRUE(bytes->ends_with("\xc3\xa4") || bytes->ends_with("\xe2\x82\xac")) << w;
    decoded += *bytes;
  }
  EXPECT_EQ(decoded, text);
}

TEST(HeaderSafe, TurnsEveryControlCharacterIntoASpace) {
  EXPECT_EQ(HeaderSafe(std::string("a\r\nb\tc\x7f"
                                   "d\x00",
                                   9)),
            "a  b c d ");
  EXPECT_EQ(HeaderSafe("l\xc3\xa4uft"), "l\xc3\xa4uft");
}

TEST(IsAscii, IsFalseForAnyEightBitByte) {
  EXPECT_TRUE(IsAscii("plain text\r\n"));
  EXPECT_FALSE(IsAscii("l\xc3\xa4uft"));
}

}  // namespace
}  // namespace certkeep::notify::internal
