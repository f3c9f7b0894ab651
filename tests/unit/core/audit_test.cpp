#include "core/audit.h"

#include <gtest/gtest.h>

namespace certkeep::core {
namespace {

AuditRecord Record() {
  return {.at = FromUnixSeconds(100),
          .actor = "system",
          .action = "ca.create",
          .object_type = "ca",
          .object_id = "1",
          .detail = "{}",
          .prev_hash = "abc"};
}

TEST(AuditHashInput, CoversEveryFieldButIdAndHash) {
  auto base = AuditHashInput(Record());
  auto changed = [&](auto mutate) {
    auto r = Record();
    mutate(r);
    return AuditHashInput(r) != base;
  };
  EXPECT_TRUE(changed([](AuditRecord& r) { r.at = FromUnixSeconds(101); }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.actor = "admin"; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.action = "ca.delete"; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.object_type = "cert"; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.object_id = "2"; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.detail = "{\"a\":1}"; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.prev_hash = "abd"; }));
  EXPECT_FALSE(changed([](AuditRecord& r) { r.id = AuditId{9}; }));
  EXPECT_FALSE(changed([](AuditRecord& r) { r.hash = "zzz"; }));
}

TEST(AuditHashInput, FieldBoundariesCannotBeShifted) {
  auto a = Record();
  a.actor = "ab";
  a.action = "c";
  auto b = Record();
  b.actor = "a";
  b.action = "bc";
  EXPECT_NE(AuditHashInput(a), AuditHashInput(b));
}

}  // namespace
}  // namespace certkeep::core
