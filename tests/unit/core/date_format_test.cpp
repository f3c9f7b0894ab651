#include "core/date_format.h"

#include <gtest/gtest.h>

namespace certkeep::core {
namespace {

const TimePoint kAt = FromUnixSeconds(1'788'753'906);  // 2026-09-07T04:05:06Z

TEST(DatePattern, NamesScmsStylesInAnyCaseWithOrWithoutTheTime) {
  EXPECT_EQ(DatePattern("ISO"), "yyyy-MM-dd");
  EXPECT_EQ(DatePattern("iso_hms"), "yyyy-MM-dd HH:mm:ss");
  EXPECT_EQ(DatePattern("US"), "MM/dd/yyyy");
  EXPECT_EQ(DatePattern("Eu"), "dd.MM.yyyy");
  EXPECT_EQ(DatePattern("UK_HMS"), "dd/MM/yyyy HH:mm:ss");
  EXPECT_EQ(DatePattern("JP"), "yyyy/MM/dd");
}

TEST(DatePattern, TakesARawPatternOfDateLettersOnly) {
  EXPECT_EQ(DatePattern("yyyy.MM.dd"), "yyyy.MM.dd");
  EXPECT_EQ(DatePattern("dd 'of' MM"), "dd 'of' MM");
  EXPECT_FALSE(DatePattern("yyyy-MM-dd EEE"));  // day names are not written
  EXPECT_FALSE(DatePattern("hello"));
  EXPECT_FALSE(DatePattern("--"));          // no field at all
  EXPECT_FALSE(DatePattern("yyyy 'open"));  // a quote left open
  EXPECT_FALSE(DatePattern(""));
}

TEST(FormatDate, WritesEachFieldInItsWidthAndQuotedTextAsIs) {
  EXPECT_EQ(FormatDate(kAt, "yyyy-MM-dd"), "2026-09-07");
  EXPECT_EQ(FormatDate(kAt, "MM/dd/yyyy"), "09/07/2026");
  EXPECT_EQ(FormatDate(kAt, "dd.MM.yyyy HH:mm:ss"), "07.09.2026 04:05:06");
  EXPECT_EQ(FormatDate(kAt, "d/M/yy H:m:s"), "7/9/26 4:5:6");
  EXPECT_EQ(FormatDate(kAt, "yyyy'T'HH"), "2026T04");
  EXPECT_EQ(FormatDate(kAt, "HH''mm"), "04'05");
}

TEST(ParseIsoTime, TakesDatesAndRfc3339TimesAndNothingLoose) {
  EXPECT_EQ(ParseIsoTime("2026-09-07T04:05:06Z"), kAt);
  EXPECT_EQ(ParseIsoTime("2026-09-07T04:05:06"), kAt);  // no zone: UTC
  EXPECT_EQ(ParseIsoTime("2026-09-07t04:05:06.250z"), kAt);
  EXPECT_EQ(ParseIsoTime("2026-09-07T06:05:06+02:00"), kAt);
  EXPECT_EQ(ParseIsoTime("2026-09-07"), kAt - std::chrono::seconds(4 * 3600 + 5 * 60 + 6));
  for (const char* bad : {"2026-09-07T99:99:99", "2026-09-07T04:05:06junk", "-999-01-01",
                          "2026-9-07", "2024- 1- 1", "2026-02-30", "2026-09-07T04:05:06.",
                          "2026-09-07T04:05:06+2:00", ""}) {
    EXPECT_FALSE(ParseIsoTime(bad)) << bad;
  }
}

}  // namespace
}  // namespace certkeep::core
