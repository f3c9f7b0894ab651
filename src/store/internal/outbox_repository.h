#pragma once
// The mail outbox in portable SQL.

#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlOutboxRepository final : public OutboxRepository {
 public:
  explicit SqlOutboxRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<bool> Enqueue(const core::OutboxMail& mail) override;
  core::Result<void> Post(const core::OutboxMail& mail) override;
  core::Result<std::vector<core::OutboxMail>> Due(core::TimePoint now, int limit) override;
  core::Result<void> Update(const core::OutboxMail& mail) override;
  core::Result<core::OutboxMail> Get(core::OutboxId id) override;
  core::Result<std::vector<core::OutboxMail>> List(const OutboxQuery& query) override;
  core::Result<std::int64_t> Count(const OutboxQuery& query) override;

 private:
  core::Result<std::vector<core::OutboxMail>> Many(const std::string& rest,
                                                   std::span<const SqlValue> params);

  SqlConnection& conn_;
};

}  // namespace certkeep::store::internal
