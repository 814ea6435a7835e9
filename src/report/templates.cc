// templates.cc: complaint templates (data/complaints/*.toml) parsed with
// toml++ into Template values. Strict: unknown keys and wrong types are
// errors naming the file, line and key, so a typo in a focal person's edit
// is caught when the server starts, not when a journalist files a complaint.
// Format: docs/REPORTS.md#templates.
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/utf8.h"
#include "report/report.h"

namespace byteback::report {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxTemplateBytes = 256 * 1024;
constexpr size_t kMaxTemplateEntries = 100;

class Ctx {
 public:
  explicit Ctx(std::string path) : path_(std::move(path)) {}
  Status Error(const toml::node* node, const std::string& key, const std::string& reason) const {
    std::string where = path_;
    if (node && node->source().begin.line > 0) where += ":" + std::to_string(node->source().begin.line);
    return Status::InvalidArgument(where + ": " + key + ": " + reason);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Status CheckKeys(const Ctx& ctx, const toml::table& t, const std::string& prefix,
                 std::initializer_list<std::string_view> allowed) {
  for (auto&& [k, node] : t) {
    if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end()) {
      return ctx.Error(&node, prefix + std::string(k.str()), "unknown key");
    }
  }
  return Status::Ok();
}

Status GetString(const Ctx& ctx, const toml::table& t, const std::string& prefix, std::string_view key, bool required,
                 std::string* out) {
  const toml::node* node = t.get(key);
  const std::string name = prefix + std::string(key);
  if (!node) return required ? ctx.Error(&t, name, "missing") : Status::Ok();
  if (!node->is_string()) return ctx.Error(node, name, "must be a string");
  *out = **node->as_string();
  if (!utf8::IsValid(*out)) return ctx.Error(node, name, "invalid UTF-8");
  if (required && out->empty()) return ctx.Error(node, name, "must not be empty");
  return Status::Ok();
}

Status CheckUrl(const Ctx& ctx, const toml::table& t, const std::string& name, const std::string& url) {
  if (url.empty() || url.starts_with("https://")) return Status::Ok();
  return ctx.Error(t.get(name.substr(name.rfind('.') + 1)), name, "must start with https://");
}

Status ParseField(const Ctx& ctx, const toml::table& t, const std::string& prefix, TemplateField* f) {
  BB_RETURN_IF_ERROR(CheckKeys(ctx, t, prefix, {"key", "label", "required", "help"}));
  BB_RETURN_IF_ERROR(GetString(ctx, t, prefix, "key", true, &f->key));
  for (char c : f->key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return ctx.Error(t.get("key"), prefix + "key", "'" + f->key + "' must be [a-z0-9_]+");
    }
  }
  BB_RETURN_IF_ERROR(GetString(ctx, t, prefix, "label", true, &f->label));
  BB_RETURN_IF_ERROR(GetString(ctx, t, prefix, "help", false, &f->help));
  if (const toml::node* r = t.get("required")) {
    if (!r->is_boolean()) return ctx.Error(r, prefix + "required", "must be true or false");
    f->required = **r->as_boolean();
  }
  return Status::Ok();
}

Status ParseRule(const Ctx& ctx, const toml::table& t, const std::string& prefix, PolicyRule* r) {
  BB_RETURN_IF_ERROR(CheckKeys(ctx, t, prefix, {"category", "policy", "url"}));
  BB_RETURN_IF_ERROR(GetString(ctx, t, prefix, "category", true, &r->category));
  if (std::none_of(std::begin(kCategories), std::end(kCategories), [&](const char* c) { return r->category == c; })) {
    return ctx.Error(t.get("category"), prefix + "category", "unknown category '" + r->category + "'");
  }
  BB_RETURN_IF_ERROR(GetString(ctx, t, prefix, "policy", true, &r->policy));
  BB_RETURN_IF_ERROR(GetString(ctx, t, prefix, "url", true, &r->url));
  return CheckUrl(ctx, t, prefix + "url", r->url);
}

// Parses an array of tables `key` with `parse` for each element.
template <typename T, typename F>
Status ParseArray(const Ctx& ctx, const toml::table& root, std::string_view key, F parse, std::vector<T>* out) {
  const toml::node* node = root.get(key);
  if (!node) return Status::Ok();
  const toml::array* arr = node->as_array();
  if (!arr) return ctx.Error(node, std::string(key), "must be an array of tables ([[" + std::string(key) + "]])");
  if (arr->size() > kMaxTemplateEntries) return ctx.Error(node, std::string(key), "more than 100 entries");
  for (size_t i = 0; i < arr->size(); ++i) {
    const std::string prefix = std::string(key) + "[" + std::to_string(i) + "].";
    const toml::table* t = (*arr)[i].as_table();
    if (!t) return ctx.Error(&(*arr)[i], prefix.substr(0, prefix.size() - 1), "must be a table");
    T value;
    BB_RETURN_IF_ERROR(parse(ctx, *t, prefix, &value));
    out->push_back(std::move(value));
  }
  return Status::Ok();
}

Result<Template> FromTable(const Ctx& ctx, const toml::table& root) {
  Template t;
  t.path = ctx.path();
  t.id = fs::path(ctx.path()).stem().string();
  BB_RETURN_IF_ERROR(
      CheckKeys(ctx, root, "", {"name", "kind", "country", "submit_url", "checked", "notes", "fields", "rules"}));
  std::string kind;
  BB_RETURN_IF_ERROR(GetString(ctx, root, "", "kind", true, &kind));
  if (kind != "police" && kind != "platform") return ctx.Error(root.get("kind"), "kind", "must be police or platform");
  t.kind = kind == "police" ? TemplateKind::kPolice : TemplateKind::kPlatform;
  BB_RETURN_IF_ERROR(GetString(ctx, root, "", "name", true, &t.name));
  BB_RETURN_IF_ERROR(GetString(ctx, root, "", "country", t.kind == TemplateKind::kPolice, &t.country));
  if (!t.country.empty() && (t.country.size() != 2 || !std::isupper(static_cast<unsigned char>(t.country[0])) ||
                             !std::isupper(static_cast<unsigned char>(t.country[1])))) {
    return ctx.Error(root.get("country"), "country", "must be an ISO 3166 code like PK");
  }
  BB_RETURN_IF_ERROR(GetString(ctx, root, "", "submit_url", true, &t.submit_url));
  BB_RETURN_IF_ERROR(CheckUrl(ctx, root, "submit_url", t.submit_url));
  BB_RETURN_IF_ERROR(GetString(ctx, root, "", "checked", true, &t.checked));
  BB_RETURN_IF_ERROR(GetString(ctx, root, "", "notes", false, &t.notes));
  BB_RETURN_IF_ERROR(ParseArray<TemplateField>(ctx, root, "fields", ParseField, &t.fields));
  BB_RETURN_IF_ERROR(ParseArray<PolicyRule>(ctx, root, "rules", ParseRule, &t.rules));
  if (t.fields.empty()) return ctx.Error(&root, "fields", "a template needs at least one [[fields]] entry");
  std::set<std::string> keys;
  for (size_t i = 0; i < t.fields.size(); ++i) {
    if (!keys.insert(t.fields[i].key).second) {
      return ctx.Error(nullptr, "fields[" + std::to_string(i) + "].key", "duplicate key '" + t.fields[i].key + "'");
    }
  }
  if (t.kind == TemplateKind::kPlatform && t.rules.empty()) {
    return ctx.Error(&root, "rules", "a platform template needs at least one [[rules]] entry");
  }
  return t;
}

}  // namespace

Result<Template> LoadTemplate(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::NotFound(path + ": no such template file");
  if (fs::file_size(path, ec) > kMaxTemplateBytes) {
    return Status::InvalidArgument(path + ": larger than " + std::to_string(kMaxTemplateBytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in) return Status::NotFound(path + ": cannot read");
  return ParseTemplate(buf.str(), path);
}

Result<Template> ParseTemplate(std::string_view text, const std::string& origin) {
  if (text.size() > kMaxTemplateBytes) {
    return Status::InvalidArgument(origin + ": larger than " + std::to_string(kMaxTemplateBytes) + " bytes");
  }
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    std::ostringstream m;
    m << origin << ":" << e.source().begin.line << ":" << e.source().begin.column << ": " << e.description();
    return Status::InvalidArgument(m.str());
  }
  return FromTable(Ctx(origin), root);
}

Result<std::vector<Template>> LoadTemplates(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> paths;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".toml" && e.is_regular_file(ec)) paths.push_back(e.path().string());
  }
  if (ec && paths.empty()) return Status::NotFound(dir + ": " + ec.message());
  if (paths.empty()) return Status::NotFound(dir + ": no *.toml complaint template");
  std::vector<Template> out;
  for (const auto& p : paths) {
    BB_ASSIGN_OR_RETURN(Template t, LoadTemplate(p));
    out.push_back(std::move(t));
  }
  std::sort(out.begin(), out.end(), [](const Template& a, const Template& b) { return a.id < b.id; });
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> FillFields(
    const Template& t, const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values) {
    if (std::none_of(t.fields.begin(), t.fields.end(), [&](const TemplateField& f) { return f.key == key; })) {
      return Status::InvalidArgument(t.id + ": no field '" + key + "'");
    }
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : t.fields) {
    auto it = values.find(f.key);
    const bool empty = it == values.end() || it->second.empty();
    if (empty && f.required) return Status::InvalidArgument(t.id + ": required field '" + f.key + "' has no value");
    if (!empty) out.emplace_back(f.label, it->second);
  }
  return out;
}

std::vector<PolicyRule> RulesFor(const Template& t, const std::vector<std::string>& categories) {
  std::vector<PolicyRule> out;
  for (const auto& r : t.rules) {
    if (std::find(categories.begin(), categories.end(), r.category) != categories.end()) out.push_back(r);
  }
  return out;
}

}  // namespace byteback::report
