// routes_web.cc: the web app. `/`, `/setup` and the invitation link answer
// the shell, a small server-rendered page (header with the quick-exit link
// and language switcher, a loading line, the place the app renders into) in
// the visitor's language and direction; its scripts, style sheet and message
// catalogues are the files of web/, compiled into the binary
// (web_assets.h) and served under /static/<version>/, where <version> is a
// hash of them all, so a browser may cache them for good and a new build is
// fetched at once. cpp-httplib compresses text responses (gzip or brotli, as
// the browser accepts). Nothing inline: the CSP allows only 'self'.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/http_internal.h"
#include "server/server_internal.h"
#include "server/web_assets.h"

namespace byteback::server {
namespace {

// Escapes text for HTML element content and double-quoted attributes.
std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string_view ContentType(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  // No charset parameter: JSON is UTF-8 by definition (RFC 8259), and cpp-httplib compresses
  // only the bare type.
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".html")) return "text/html; charset=utf-8";
  return "application/octet-stream";
}

// What the shell says before the scripts arrive, per language.
struct ShellText {
  std::string code, dir, name;
  std::map<std::string, std::string> text;
};

constexpr const char* kShellKeys[] = {"app.name",        "app.loading",   "app.noscript", "app.language",
                                      "app.skip",        "quickexit.label", "quickexit.hint", "nav.main"};

// The catalogues web/i18n/<code>.json; English first. A catalogue that does
// not parse is a build defect: the tests of web/ catch it, and here the
// language is left out rather than failing the server.
std::vector<ShellText> LoadShellTexts() {
  std::vector<ShellText> out;
  for (const WebAsset& a : WebAssets()) {
    std::string_view p = a.path;
    if (p.rfind("i18n/", 0) != 0 || p.size() < 10 || p.substr(p.size() - 5) != ".json") continue;
    auto j = nlohmann::json::parse(a.bytes(), nullptr, false);
    if (j.is_discarded() || !j.contains("_meta") || !j.contains("messages")) continue;
    ShellText s;
    s.code = std::string(p.substr(5, p.size() - 10));
    s.dir = j["_meta"].value("dir", "ltr") == "rtl" ? "rtl" : "ltr";
    s.name = j["_meta"].value("name", s.code);
    for (const char* k : kShellKeys) {
      if (j["messages"].contains(k) && j["messages"][k].is_string()) s.text[k] = j["messages"][k].get<std::string>();
    }
    out.push_back(std::move(s));
  }
  // English first, then the order of the catalogue files.
  std::stable_partition(out.begin(), out.end(), [](const ShellText& s) { return s.code == "en"; });
  return out;
}

struct WebApp {
  std::string version;  // hash of every asset
  std::vector<ShellText> languages;
  std::string quick_exit_url;

  const ShellText& Language(std::string_view code) const {
    for (const auto& l : languages) {
      if (l.code == code) return l;
    }
    return languages.front();
  }
  bool Has(std::string_view code) const {
    return std::any_of(languages.begin(), languages.end(), [&](const ShellText& l) { return l.code == code; });
  }
  std::string Text(const ShellText& l, const char* key) const {
    auto it = l.text.find(key);
    if (it != l.text.end()) return it->second;
    const auto& en = languages.front().text;
    auto e = en.find(key);
    return e != en.end() ? e->second : key;
  }
};

std::string AssetVersion() {
  // FNV-1a over paths and bytes: changes whenever any file does.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  };
  for (const WebAsset& a : WebAssets()) {
    mix(a.path);
    mix(a.bytes());
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// The language of the shell: the `bb_lang` cookie the switcher sets, else the
// first language of Accept-Language we have, else English.
std::string PickLanguage(const WebApp& app, const httplib::Request& req) {
  const std::string cookie = CookieValue(req, "bb_lang");
  if (app.Has(cookie)) return cookie;
  const std::string accept = req.get_header_value("Accept-Language");
  for (size_t pos = 0; pos < accept.size();) {
    size_t end = accept.find(',', pos);
    if (end == std::string::npos) end = accept.size();
    std::string tag = accept.substr(pos, end - pos);
    tag = tag.substr(0, tag.find(';'));
    tag.erase(0, tag.find_first_not_of(' '));
    tag = tag.substr(0, tag.find('-'));
    for (char& ch : tag) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (app.Has(tag)) return tag;
    pos = end + 1;
  }
  return "en";
}

Status Shell(const WebApp& app, RouteContext& ctx) {
  const ShellText& l = app.Language(PickLanguage(app, ctx.req));
  const std::string base = "/static/" + app.version + "/";
  std::string start;
  if (ctx.QueryString("invitation")) {
    start = "accept";
  } else {
    BB_ASSIGN_OR_RETURN(bool setup, SetupNeeded(ctx.server));
    start = setup ? "setup" : "signin";
  }
  auto t = [&](const char* key) { return HtmlEscape(app.Text(l, key)); };
  const std::string exit_url = HtmlEscape(app.quick_exit_url);
  std::string html;
  html.reserve(4096);
  html += "<!doctype html>\n<html lang=\"" + HtmlEscape(l.code) + "\" dir=\"" + l.dir + "\"><head>"
          "<meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<meta name=\"referrer\" content=\"no-referrer\">"
          "<meta name=\"robots\" content=\"noindex, nofollow\">"
          "<title>" + t("app.name") + "</title>"
          "<link rel=\"icon\" href=\"" + base + "favicon.svg\" type=\"image/svg+xml\">"
          "<link rel=\"stylesheet\" href=\"" + base + "app.css\">"
          "<script type=\"module\" src=\"" + base + "js/app.js\"></script></head>\n";
  html += "<body data-start=\"" + start + "\" data-static=\"" + base + "\" data-quick-exit=\"" + exit_url + "\">\n";
  html += "<a class=\"skip\" href=\"#view\">" + t("app.skip") + "</a>\n";
  html += "<header class=\"bar\"><a class=\"brand\" href=\"#/home\">" + t("app.name") + "</a>"
          "<nav id=\"nav\" aria-label=\"" + t("nav.main") + "\"></nav>"
          "<label class=\"lang\"><span class=\"sr\">" + t("app.language") + "</span>"
          "<select id=\"lang-switch\">";
  for (const auto& lang : app.languages) {
    html += "<option value=\"" + HtmlEscape(lang.code) + "\" lang=\"" + HtmlEscape(lang.code) + "\"" +
            (lang.code == l.code ? " selected" : "") + ">" + HtmlEscape(lang.name) + "</option>";
  }
  html += "</select></label>"
          "<a id=\"quick-exit\" href=\"" + exit_url + "\" rel=\"noreferrer\" title=\"" + t("quickexit.hint") +
          "\">" + t("quickexit.label") + "</a></header>\n";
  html += "<main id=\"view\" tabindex=\"-1\"><p class=\"loading\">" + t("app.loading") +
          "</p><noscript><p>" + t("app.noscript") + "</p></noscript></main>\n"
          "<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</body></html>\n";
  ctx.res.status = 200;
  ctx.res.set_content(html, "text/html; charset=utf-8");
  return Status::Ok();
}

}  // namespace

void AddWebRoutes(ServerImpl& s) {
  auto app = std::make_shared<WebApp>();
  app->version = AssetVersion();
  app->languages = LoadShellTexts();
  if (app->languages.empty()) app->languages.push_back({.code = "en", .dir = "ltr", .name = "English", .text = {}});
  app->quick_exit_url = s.options.quick_exit_url;
  auto shell = [app](RouteContext& ctx) { return Shell(*app, ctx); };
  s.AddRoute({"GET", "/", Access::kPublic, shell, {}, {"invitation"}});
  // `byteback serve` prints /setup#token=...: the fragment never reaches the
  // server (or its logs); the app copies it into the setup form.
  s.AddRoute({"GET", "/setup", Access::kPublic, shell});
  for (const WebAsset& a : WebAssets()) {
    const std::string_view bytes = a.bytes();
    const std::string_view type = ContentType(a.path);
    s.AddRoute({"GET", "/static/" + app->version + "/" + a.path, Access::kPublic,
                [bytes, type](RouteContext& ctx) {
                  ctx.res.status = 200;
                  // The URL names this exact content: keep it.
                  ctx.res.set_header("Cache-Control", "public, max-age=31536000, immutable");
                  ctx.res.set_content(bytes.data(), bytes.size(), std::string(type));
                  return Status::Ok();
                }});
  }
}

}  // namespace byteback::server
