#pragma once
// Console sessions, keyed by the SHA-256 of their token.

#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

/// SessionRepository in portable SQL. Delete and DeleteForAdmin succeed when there is
/// nothing to delete (signing out twice is not an error).
class SqlSessionRepository final : public SessionRepository {
 public:
  explicit SqlSessionRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<void> Insert(const core::Session& session) override;
  core::Result<core::Session> Find(const std::string& token_hash) override;
  core::Result<void> Touch(const std::string& token_hash, core::TimePoint at) override;
  core::Result<void> Delete(const std::string& token_hash) override;
  core::Result<void> DeleteForAdmin(core::AdminId admin) override;
  core::Result<std::int64_t> DeleteExpired(core::TimePoint idle_before,
                                           core::TimePoint created_before) override;

 private:
  SqlConnection& conn_;
};

}  // namespace certkeep::store::internal
