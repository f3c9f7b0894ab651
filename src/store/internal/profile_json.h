#pragma once
// A profile's definition column: the profile as JSON (store row form, not a wire type).

#include <string>

#include "core/profile.h"
#include "core/result.h"

namespace certkeep::store::internal {

/// The definition JSON of `profile` (everything but id and name).
[[nodiscard]] std::string ProfileToJson(const core::CertificateProfile& profile);
/// Reads a definition back; unknown keys are ignored, missing keys keep their defaults.
[[nodiscard]] core::Result<core::CertificateProfile> ProfileFromJson(const std::string& json);

}  // namespace certkeep::store::internal
