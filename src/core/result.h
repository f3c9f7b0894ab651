#pragma once
// Result<T>: a value or an Error. tl::expected because g++ 12 has no std::expected.

#include <tl/expected.hpp>

#include "core/error.h"

namespace certkeep::core {

/// A value or the Error that prevented it.
template <typename T>
using Result = tl::expected<T, Error>;

/// Wraps an Error for returning from a function that yields Result<T>.
inline tl::unexpected<Error> Fail(Error error) {
  return tl::unexpected<Error>(std::move(error));
}

/// Shorthand for Fail(Error(...)).
inline tl::unexpected<Error> Fail(ErrorCode code, Reason reason, std::string detail,
                                  std::string internal = {}) {
  return Fail(Error(code, reason, std::move(detail), std::move(internal)));
}

/// The success value of Result<void>.
inline Result<void> Ok() {
  return {};
}

}  // namespace certkeep::core
