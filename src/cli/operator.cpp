#include "cli/operator.h"

#include <filesystem>
#include <iostream>

#include "pki/file_key_store.h"

namespace certkeep::cli {

int Report(const core::Error& e) {
  std::cerr << "certkeep: " << e.detail();
  if (!e.internal().empty() && e.code() == core::ErrorCode::kInternal)
    std::cerr << " (" << e.internal() << ")";
  std::cerr << "\n";
  return e.reason() == core::Reason::kBadConfig ? 2 : 1;
}

int Output(const std::string& out_file, const std::string& body) {
  if (out_file.empty() || out_file == "-") {
    std::cout << body;
    return 0;
  }
  namespace fs = std::filesystem;
  if (auto r = pki::WriteFileAtomically(out_file, body,
                                        fs::perms::owner_read | fs::perms::owner_write |
                                            fs::perms::group_read | fs::perms::others_read);
      !r)
    return Report(r.error());
  std::cerr << "wrote " << out_file << "\n";
  return 0;
}

std::string PublicBaseUrl(const Config& config) {
  std::string url = config.ca.public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

core::Result<std::unique_ptr<Operator>> OpenOperator(
    const ConfigSource& source, const service::HierarchyOptions* existing,
    const std::optional<std::string>& key_algorithm) {
  auto op = std::make_unique<Operator>();
  auto config = LoadFor(source);
  if (!config) return core::Fail(config.error());
  op->config = std::move(*config);
  if (key_algorithm) op->config.ca.key_algorithm = *key_algorithm;
  auto tokens = OpenTokens(op->config);
  if (!tokens) return core::Fail(tokens.error());
  op->tokens = std::move(*tokens);
  auto store = OpenConfiguredStore(op->config, op->clock);
  if (!store) return core::Fail(store.error());
  op->store = std::move(*store);
  auto report = InitializeDataDir(op->config, op->clock, op->random, *op->store, existing);
  if (!report) return core::Fail(report.error());
  auto files = OpenKeyStore(op->config);
  if (!files) return core::Fail(files.error());
  op->key_files = std::make_unique<pki::FileKeyStore>(std::move(*files));
  op->keys = std::make_unique<service::KeyRing>(*op->key_files, op->tokens.get());
  op->issuer = std::make_unique<service::Issuer>(*op->store, op->clock, op->random, *op->keys,
                                                 PublicBaseUrl(op->config));
  return op;
}

}  // namespace certkeep::cli
