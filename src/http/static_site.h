#pragma once
// The web console's files (the Vite build in build/web): read into memory once at start,
// so serving never touches the file system and no request path can name a file outside
// the site. Content-hashed files under /assets/ are cached for good; index.html is
// revalidated on every load, so a new build reaches browsers at once. Any other GET of
// a path without a file extension is a client-side route and gets index.html.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/result.h"
#include "http/message.h"

namespace certkeep::http {

class StaticSite {
 public:
  /// Reads every regular file below `root`; `root` must hold index.html.
  [[nodiscard]] static core::Result<StaticSite> Load(const std::filesystem::path& root);

  /// The answer to a GET or HEAD of `request.path`: the file, index.html for a client
  /// route, 304 when If-None-Match names the current version; NotFound otherwise.
  [[nodiscard]] core::Result<Response> Serve(const Request& request) const;

  /// How many files the site holds.
  [[nodiscard]] std::size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
    bool immutable = false;
  };
  [[nodiscard]] Response Send(const File& file, const Request& request) const;

  std::unordered_map<std::string, File> files_;  // by URL path, e.g. "/assets/index-1a2b.js"
};

}  // namespace certkeep::http
