#include "core/outbox.h"

namespace certkeep::core {

namespace {

struct StatusRow {
  OutboxStatus status;
  std::string_view name;
};
constexpr StatusRow kStatuses[] = {
    {OutboxStatus::kPending, "PENDING"},
    {OutboxStatus::kSent, "SENT"},
    {OutboxStatus::kFailed, "FAILED"},
};

}  // namespace

std::string_view ToString(OutboxStatus status) {
  for (const auto& r : kStatuses) {
    if (r.status == status) return r.name;
  }
  return "PENDING";
}

std::optional<OutboxStatus> ParseOutboxStatus(std::string_view text) {
  for (const auto& r : kStatuses) {
    if (r.name == text) return r.status;
  }
  return std::nullopt;
}

}  // namespace certkeep::core
