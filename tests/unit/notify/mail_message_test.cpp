// RenderMessage, read back by Python's email package (an independent decoder) and checked
// line by line against RFC 5322 and RFC 2045–2047.

#include "notify/mail_message.h"

#include <gtest/gtest.h>

#include "support/case_name.h"
#include "support/parsed_mail.h"
#include "support/temp_dir.h"

namespace certkeep::notify {
namespace {

const std::string kUmlautSubject = "Zertifikat l\xc3\xa4uft ab";

MailMessage Example() {
  return {.from = "certkeep <certkeep@example.org>",
          .to = {"alice@example.org", "bob@example.org"},
          .subject = "Certificate expires soon",
          .text = "Hello,\nthe certificate for www.example.org expires in 7 days.\n",
          .message_id = "<42.1795574584@certkeep.example.org>",
          .date = core::FromUnixSeconds(1795574584)};  // 2026-11-25T02:43:04Z, a Wednesday
}

// The header block, unfolded lines as sent.
std::vector<std::string> HeaderLines(const std::string& rendered) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    auto end = rendered.find("\r\n", start);
    if (end == std::string::npos || end == start) break;
    lines.push_back(rendered.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

// The names of the header fields: every header line that is not a continuation.
std::vector<std::string> HeaderNames(const std::string& rendered) {
  std::vector<std::string> names;
  for (const auto& line : HeaderLines(rendered)) {
    if (line.starts_with(" ") || line.starts_with("\t")) continue;
    names.push_back(line.substr(0, line.find(':')));
  }
  return names;
}

class MailMessageTest : public ::testing::Test {
 protected:
  nlohmann::json Parse(const std::string& rendered) {
    auto json = testing::ParseMail(dir_.Write("message.eml", rendered));
    EXPECT_FALSE(json.contains("error")) << json.dump();
    EXPECT_EQ(json.value("defects", nlohmann::json::array()), nlohmann::json::array()) << rendered;
    return json;
  }

  testing::TempDir dir_;
};

TEST_F(MailMessageTest, WritesEveryHeaderWithCrlfLineEnds) {
  auto rendered = RenderMessage(Example());
  for (std::size_t i = 0; i < rendered.size(); ++i) {
    if (rendered[i] == '\n') {
      ASSERT_TRUE(i > 0 && rendered[i - 1] == '\r') << "bare LF at " << i;
    }
    if (rendered[i] == '\r') {
      ASSERT_TRUE(i + 1 < rendered.size() && rendered[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  EXPECT_EQ(HeaderLines(rendered), (std::vector<std::string>{
                                       "Date: Wed, 25 Nov 2026 02:43:04 +0000",
                                       "From: certkeep <certkeep@example.org>",
                                       "To: alice@example.org, bob@example.org",
                                       "Subject: Certificate expires soon",
                                       "Message-ID: <42.1795574584@certkeep.example.org>",
                                       "Auto-Submitted: auto-generated",
                                       "MIME-Version: 1.0",
                                       "Content-Type: text/plain; charset=utf-8",
                                       "Content-Transfer-Encoding: quoted-printable",
                                   }));
  auto json = Parse(rendered);
  EXPECT_EQ(json["headers"]["date"][0], "Wed, 25 Nov 2026 02:43:04 +0000");
  EXPECT_EQ(json["headers"]["from"][0], "certkeep <certkeep@example.org>");
  EXPECT_EQ(json["headers"]["to"][0], "alice@example.org, bob@example.org");
  ASSERT_EQ(json["parts"].size(), 1u);
  EXPECT_EQ(json["parts"][0]["content_type"], "text/plain");
  EXPECT_EQ(json["parts"][0]["charset"], "utf-8");
  EXPECT_EQ(json["parts"][0]["content"],
            "Hello,\r\nthe certificate for www.example.org expires in 7 days.\r\n");
}

TEST_F(MailMessageTest, BodyIsQuotedPrintableThatDecodesToTheText) {
  auto m = Example();
  m.text = "Zertifikat f\xc3\xbcr www.example.org l\xc3\xa4uft ab.\n" + std::string(200, 'x') +
           "\nvalue=42 \n.\nFrom here on\nlast line without end";
  auto rendered = RenderMessage(m);
  auto body = rendered.substr(rendered.find("\r\n\r\n") + 4);
  EXPECT_TRUE(body.starts_with("Zertifikat f=C3=BCr www.example.org l=C3=A4uft ab.\r\n")) << body;
  EXPECT_NE(body.find("value=3D42=20\r\n.\r\n=46rom here on\r\n"), std::string::npos) << body;
  std::size_t start = 0;
  while (start < body.size()) {
    auto end = body.find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "the body ends with CRLF";
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
  auto json = Parse(rendered);
  std::string expected = m.text;
  for (std::size_t i = 0; (i = expected.find('\n', i)) != std::string::npos; i += 2) {
    expected.replace(i, 1, "\r\n");
  }
  EXPECT_EQ(json["parts"][0]["content"], expected + "\r\n");
}

TEST_F(MailMessageTest, NonAsciiSubjectIsAnRfc2047EncodedWord) {
  auto m = Example();
  m.subject = kUmlautSubject;
  auto rendered = RenderMessage(m);
  EXPECT_NE(rendered.find("\r\nSubject: =?utf-8?B?WmVydGlmaWthdCBsw6R1ZnQgYWI=?=\r\n"),
            std::string::npos)
      << rendered;
  EXPECT_EQ(Parse(rendered)["headers"]["subject"][0], kUmlautSubject);
}

TEST_F(MailMessageTest, LongSubjectsAndRecipientListsAreFolded) {
  auto m = Example();
  for (int i = 0; i < 8; ++i) m.subject += " " + kUmlautSubject;
  m.to.clear();
  for (int i = 0; i < 10; ++i) m.to.push_back("recipient" + std::to_string(i) + "@example.org");
  auto rendered = RenderMessage(m);
  for (const auto& line : HeaderLines(rendered)) EXPECT_LE(line.size(), 78u) << line;
  auto json = Parse(rendered);
  EXPECT_EQ(json["headers"]["subject"][0], m.subject);
  std::string to;
  for (const auto& a : m.to) to += (to.empty() ? "" : ", ") + a;
  EXPECT_EQ(json["headers"]["to"][0], to);
}

TEST_F(MailMessageTest, DisplayNamesAreQuotedOrEncodedAsNeeded) {
  auto m = Example();
  m.from = "Zertifikatsdienst M\xc3\xbcller <pki@example.org>";
  EXPECT_EQ(Parse(RenderMessage(m))["headers"]["from"][0], m.from);
  m.from = "certkeep, Inc. <pki@example.org>";
  auto rendered = RenderMessage(m);
  EXPECT_NE(rendered.find("\r\nFrom: \"certkeep, Inc.\" <pki@example.org>\r\n"), std::string::npos);
  EXPECT_EQ(Parse(rendered)["headers"]["from"][0], "\"certkeep, Inc.\" <pki@example.org>");
  m.from = "pki@example.org";
  EXPECT_NE(RenderMessage(m).find("\r\nFrom: pki@example.org\r\n"), std::string::npos);
}

TEST_F(MailMessageTest, HtmlMakesItMultipartAlternativeWithTheTextFirst) {
  auto m = Example();
  m.html = "<p>The certificate for <b>www.example.org</b> expires in 7 days.</p>\n";
  auto rendered = RenderMessage(m);
  EXPECT_EQ(rendered, RenderMessage(m)) << "a retry renders the same bytes";
  auto json = Parse(rendered);
  EXPECT_EQ(json["content_type"], "multipart/alternative");
  ASSERT_EQ(json["parts"].size(), 2u) << rendered;
  EXPECT_EQ(json["parts"][0]["content_type"], "text/plain");
  EXPECT_EQ(json["parts"][0]["content"],
            "Hello,\r\nthe certificate for www.example.org expires in 7 days.\r\n");
  EXPECT_EQ(json["parts"][1]["content_type"], "text/html");
  EXPECT_EQ(json["parts"][1]["content"],
            "<p>The certificate for <b>www.example.org</b> expires in 7 days.</p>\r\n");
  EXPECT_NE(rendered.find("boundary=\"=_certkeep_42.1795574584certkeep.example.org\""),
            std::string::npos)
      << rendered;
}

struct InjectionCase {
  std::string name;
  MailMessage message;
};

class HeaderInjectionTest : public MailMessageTest,
                            public ::testing::WithParamInterface<InjectionCase> {};

TEST_P(HeaderInjectionTest, AddsNoHeader) {
  auto rendered = RenderMessage(GetParam().message);
  EXPECT_EQ(
      HeaderNames(rendered),
      (std::vector<std::string>{"Date", "From", "To", "Subject", "Message-ID", "Auto-Submitted",
                                "MIME-Version", "Content-Type", "Content-Transfer-Encoding"}))
      << rendered;
  auto json = Parse(rendered);
  EXPECT_FALSE(json["headers"].contains("bcc")) << json.dump();
  EXPECT_FALSE(json["headers"].contains("x-injected")) << json.dump();
  EXPECT_EQ(json["parts"].size(), 1u) << json.dump();
}

MailMessage With(void (*change)(MailMessage&)) {
  auto m = Example();
  change(m);
  return m;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HeaderInjectionTest,
    ::testing::Values(
        InjectionCase{"subject-crlf",
                      With([](MailMessage& m) { m.subject = "Hi\r\nBcc: evil@example.net"; })},
        InjectionCase{"subject-bare-lf",
                      With([](MailMessage& m) { m.subject = "Hi\nBcc: evil@example.net"; })},
        InjectionCase{"subject-bare-cr",
                      With([](MailMessage& m) { m.subject = "Hi\rBcc: evil@example.net"; })},
        InjectionCase{"subject-blank-line-starts-the-body", With([](MailMessage& m) {
                        m.subject = "Hi\r\n\r\nContent-Type: text/html\r\nX-Injected: 1";
                      })},
        InjectionCase{"non-ascii-subject-crlf", With([](MailMessage& m) {
                        m.subject = "l\xc3\xa4uft\r\nBcc: evil@example.net";
                      })},
        InjectionCase{"from-name-crlf", With([](MailMessage& m) {
                        m.from = "certkeep\r\nBcc: evil@example.net <certkeep@example.org>";
                      })},
        InjectionCase{"from-address-crlf", With([](MailMessage& m) {
                        m.from = "certkeep <certkeep@example.org\r\nBcc: evil@example.net>";
                      })},
        InjectionCase{"to-crlf", With([](MailMessage& m) {
                        m.to = {"alice@example.org\r\nBcc: evil@example.net"};
                      })},
        InjectionCase{"message-id-crlf", With([](MailMessage& m) {
                        m.message_id = "<1@example.org>\r\nX-Injected: 1";
                      })}),
    testing::CaseName<InjectionCase>);

TEST(AddressOf, TakesTheAddressOutOfAMailbox) {
  EXPECT_EQ(AddressOf("certkeep <certkeep@example.org>"), "certkeep@example.org");
  EXPECT_EQ(AddressOf("\"Doe, J <x>\" <j@example.org>"), "j@example.org");
  EXPECT_EQ(AddressOf("<j@example.org>"), "j@example.org");
  EXPECT_EQ(AddressOf("  j@example.org "), "j@example.org");
  EXPECT_EQ(AddressOf("j@example.org"), "j@example.org");
}

}  // namespace
}  // namespace certkeep::notify
