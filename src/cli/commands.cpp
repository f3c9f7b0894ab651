#include "cli/commands.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/ca_commands.h"
#include "cli/serve.h"
#include "cli/setup.h"
#include "cli/tenant_commands.h"
#include "pki/random.h"

#ifndef CERTKEEP_VERSION
#define CERTKEEP_VERSION "unknown"
#endif

namespace certkeep::cli {

namespace {

int Init(const ConfigSource& source) {
  auto config = LoadFor(source);
  if (!config) {
    std::cerr << "certkeep: configuration error: " << config.error().detail() << "\n";
    return 2;
  }
  core::SystemClock clock;
  pki::OpenSslRandom random;
  auto store = OpenConfiguredStore(*config, clock);
  if (!store) {
    std::cerr << "certkeep: cannot open the store: " << store.error().detail() << " ("
              << store.error().internal() << ")\n";
    return 1;
  }
  auto report = InitializeDataDir(*config, clock, random, **store);
  if (!report) {
    std::cerr << "certkeep: init failed: " << report.error().detail() << " ("
              << report.error().internal() << ")\n";
    return 1;
  }
  PrintInitReport(*report);
  return 0;
}

void AddConfigOptions(CLI::App* cmd, ConfigSource& source, std::string& config_file,
                      std::string& data_dir) {
  cmd->add_option("-c,--config", config_file,
                  "configuration file (default: $CERTKEEP_CONFIG, else <data-dir>/certkeep.toml)");
  cmd->add_option("-d,--data-dir", data_dir, "data directory (default: var)");
  cmd->callback([&] {
    if (!config_file.empty()) source.file = config_file;
    if (!data_dir.empty()) source.data_dir = data_dir;
  });
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"certkeep: a self-hosted certificate manager with a built-in CA"};
  app.require_subcommand(1);

  ConfigSource init_source;
  std::string init_config, init_dir;
  auto* init =
      app.add_subcommand("init", "create the data directory, configuration and CA hierarchy");
  AddConfigOptions(init, init_source, init_config, init_dir);

  ServeOptions serve_options;
  std::string serve_config, serve_dir;
  std::int64_t offset = 0;
  auto* serve =
      app.add_subcommand("serve", "serve HTTPS (initialises a fresh data directory first)");
  AddConfigOptions(serve, serve_options.source, serve_config, serve_dir);
  serve->add_flag("--test-mode", serve_options.test_mode,
                  "enable test-only controls (for integration tests; never in production)");
  auto* offset_opt = serve->add_option("--test-clock-offset", offset,
                                       "shift the clock by this many seconds (needs --test-mode)");

  auto* version = app.add_subcommand("version", "print the version");
  std::function<int()> ca_action;
  AddCaCommands(app, ca_action);
  AddTenantCommands(app, ca_action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (offset_opt->count() > 0) serve_options.clock_offset = std::chrono::seconds(offset);

  if (ca_action) return ca_action();
  if (*init) return Init(init_source);
  if (*serve) return Serve(serve_options);
  if (*version) {
    std::cout << "certkeep " << CERTKEEP_VERSION << "\n";
    return 0;
  }
  return 2;
}

}  // namespace certkeep::cli
