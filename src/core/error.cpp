#include "core/error.h"

namespace certkeep::core {

Error Error::Context(std::string_view doing) const {
  std::string internal(doing);
  if (!internal_.empty()) {
    internal += ": ";
    internal += internal_;
  }
  return Error(code_, reason_, detail_, std::move(internal));
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
