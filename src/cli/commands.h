#pragma once
// The command line: `certkeep init | serve | version`, each with --help.

namespace certkeep::cli {

/// Parses the arguments and runs the command; returns the process exit code
/// (0 ok, 1 runtime failure, 2 bad usage or configuration).
[[nodiscard]] int Main(int argc, char** argv);

}  // namespace certkeep::cli
