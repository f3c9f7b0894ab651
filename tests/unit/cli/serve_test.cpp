#include "cli/serve.h"

#include <gtest/gtest.h>

namespace certkeep::cli {
namespace {

TEST(HttpThreads, ByDefaultFourPerCoreWithSqliteAndTwoWithPostgres) {
  Config c;
  EXPECT_EQ(HttpThreads(c, 2), 8);
  c.store.backend = "postgres";
  EXPECT_EQ(HttpThreads(c, 2), 4);
  EXPECT_EQ(HttpThreads(c, 0), 2);  // a core count the system could not tell
}

TEST(HttpThreads, TheConfiguredNumberWins) {
  Config c;
  c.http.threads = 3;
  EXPECT_EQ(HttpThreads(c, 16), 3);
  c.store.backend = "postgres";
  EXPECT_EQ(HttpThreads(c, 16), 3);
}

}  // namespace
}  // namespace certkeep::cli
