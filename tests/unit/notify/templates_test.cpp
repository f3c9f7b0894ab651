// The words of notifications: every type has a default, placeholders are filled, and
// nothing a certificate's requester chose can add a header or markup.
#include "notify/templates.h"

#include <gtest/gtest.h>

namespace certkeep::notify {
namespace {

TEST(DefaultTemplate, EveryTypeHasSubjectTextAndHtmlWithTheLink) {
  for (auto type : core::AllNotificationTypes()) {
    auto t = DefaultTemplate(type);
    EXPECT_FALSE(t.subject.empty()) << core::ToString(type);
    EXPECT_NE(t.text.find("{{link}}"), std::string::npos) << core::ToString(type);
    EXPECT_NE(t.html.find("<a href=\"{{link}}\">"), std::string::npos) << core::ToString(type);
  }
}

TEST(RenderTemplate, FillsPlaceholdersAndLeavesUnknownOnesEmpty) {
  MailTemplate t{"{{commonName}} in {{ daysLeft }} days", "Expires {{expires}}{{nothing}}.", ""};
  auto out = RenderTemplate(t, {{"commonName", "www.uni.example"},
                                {"daysLeft", "30"},
                                {"expires", "2027-01-05"}});
  EXPECT_EQ(out.subject, "www.uni.example in 30 days");
  EXPECT_EQ(out.text, "Expires 2027-01-05.");
  EXPECT_EQ(out.html, "");
}

TEST(RenderTemplate, EscapesValuesInHtmlAndFoldsLineBreaksInTheSubject) {
  MailTemplate t{"For {{requester}}", "By {{requester}}", "<p>{{requester}}</p>"};
  auto out = RenderTemplate(t, {{"requester", "x\r\nBcc: evil@x <script>&\"'"}});
  EXPECT_EQ(out.subject.find('\n'), std::string::npos);
  EXPECT_EQ(out.subject.find('\r'), std::string::npos);
  EXPECT_EQ(out.text, "By x\r\nBcc: evil@x <script>&\"'");
  EXPECT_EQ(out.html, "<p>x\r\nBcc: evil@x &lt;script&gt;&amp;&quot;&#39;</p>");
}

TEST(RenderTemplate, AnUnclosedPlaceholderStaysAsWritten) {
  auto out = RenderTemplate({"a {{b", "{{", "}}"}, {{"b", "x"}});
  EXPECT_EQ(out.subject, "a {{b");
  EXPECT_EQ(out.text, "{{");
  EXPECT_EQ(out.html, "}}");
}

}  // namespace
}  // namespace certkeep::notify
