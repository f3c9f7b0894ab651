#include "core/error.h"

namespace certkeep::core {

Error Error::Context(std::string_view doing) const {
  Error e = *this;  // keeps its retry time and subproblems
  e.internal_ = std::string(doing);
  if (!internal_.empty()) {
    e.internal_ += ": ";
    e.internal_ += internal_;
  }
  return e;
}

Error Error::WithSubproblems(std::vector<Subproblem> parts) const {
  Error e = *this;
  e.subproblems_ = std::make_shared<const std::vector<Subproblem>>(std::move(parts));
  return e;
}

const std::vector<Subproblem>& Error::subproblems() const {
  static const std::vector<Subproblem> kNone;
  return subproblems_ ? *subproblems_ : kNone;
}

Error InternalError(Reason reason, std::string internal) {
  return Error(ErrorCode::kInternal, reason, "internal error", std::move(internal));
}

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound:
      return "NotFound";
    case ErrorCode::kConflict:
      return "Conflict";
    case ErrorCode::kUnauthenticated:
      return "Unauthenticated";
    case ErrorCode::kForbidden:
      return "Forbidden";
    case ErrorCode::kMalformed:
      return "Malformed";
    case ErrorCode::kBadCsr:
      return "BadCsr";
    case ErrorCode::kRejectedIdentifier:
      return "RejectedIdentifier";
    case ErrorCode::kDcvIncomplete:
      return "DcvIncomplete";
    case ErrorCode::kRateLimited:
      return "RateLimited";
    case ErrorCode::kPayloadTooLarge:
      return "PayloadTooLarge";
    case ErrorCode::kUnavailable:
      return "Unavailable";
    case ErrorCode::kInternal:
      return "Internal";
  }
  return "Unknown";
}

}  // namespace certkeep::core
