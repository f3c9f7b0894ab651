#pragma once
// Self-enrollment settings, sessions and requests in portable SQL.

#include "store/internal/sql.h"
#include "store/store.h"

namespace certkeep::store::internal {

class SqlEnrollmentRepository final : public EnrollmentRepository {
 public:
  explicit SqlEnrollmentRepository(SqlConnection& conn) : conn_(conn) {}
  core::Result<std::optional<core::SelfEnrollment>> Get(core::OrgId org) override;
  core::Result<std::optional<core::SelfEnrollment>> FindByToken(const std::string& token) override;
  core::Result<void> Put(const core::SelfEnrollment& settings) override;
  core::Result<void> PutSession(const EnrollmentSession& session) override;
  core::Result<std::optional<EnrollmentSession>> GetSession(const std::string& token_hash) override;
  core::Result<std::int64_t> PurgeSessions(core::TimePoint now) override;
  core::Result<void> PutRequest(const EnrollmentRequest& request) override;
  core::Result<std::optional<EnrollmentRequest>> FindRequest(const std::string& status_token) override;
  core::Result<std::optional<EnrollmentRequest>> RequestOf(core::SslId ssl) override;

 private:
  core::Result<std::optional<core::SelfEnrollment>> One(const std::string& where,
                                                        const SqlValue& value);
  core::Result<std::optional<EnrollmentRequest>> OneRequest(const std::string& where,
                                                            const SqlValue& value);
  SqlConnection& conn_;
};

}  // namespace certkeep::store::internal
