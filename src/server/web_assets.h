// web_assets.h: the files of web/ (the web app's scripts, style sheet and
// message catalogues), compiled into the binary by cmake/BbEmbed.cmake.
#ifndef BYTEBACK_SERVER_WEB_ASSETS_H_
#define BYTEBACK_SERVER_WEB_ASSETS_H_

#include <cstddef>
#include <span>
#include <string_view>

namespace byteback::server {

struct WebAsset {
  const char* path;  // relative to web/, '/'-separated: "js/app.js"
  const char* data;
  size_t size;
  std::string_view bytes() const { return {data, size}; }
};

// Sorted by path.
std::span<const WebAsset> WebAssets();

}  // namespace byteback::server

#endif  // BYTEBACK_SERVER_WEB_ASSETS_H_
