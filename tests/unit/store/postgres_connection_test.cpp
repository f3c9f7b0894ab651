#include "store/postgres/postgres_connection.h"

#include <gtest/gtest.h>

namespace certkeep::store::postgres {
namespace {

TEST(NumberPlaceholders, NumbersEachQuestionMarkInOrder) {
  EXPECT_EQ(NumberPlaceholders("SELECT a FROM t WHERE b = ? AND c = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
}

TEST(NumberPlaceholders, LeavesQuotedTextAlone) {
  EXPECT_EQ(NumberPlaceholders("SELECT '?', \"a?\" FROM t WHERE x = ?"),
            "SELECT '?', \"a?\" FROM t WHERE x = $1");
}

TEST(NumberPlaceholders, CountsPastNine) {
  std::string sql, want;
  for (int i = 1; i <= 11; ++i) {
    sql += "?,";
    want += "$" + std::to_string(i) + ",";
  }
  EXPECT_EQ(NumberPlaceholders(sql), want);
}

}  // namespace
}  // namespace certkeep::store::postgres
