// config.cc: the table of settings and the three sources that fill it.
// See config.h for the precedence rules.
#include "cli/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <sstream>

namespace byteback::cli {
namespace {

enum class Kind { kString, kInt };

struct Setting {
  const char* key;    // "section.name"
  const char* env;    // BYTEBACK_*
  const char* flag;   // --flag
  const char* help;
  Kind kind;
  std::function<void(Config&, const std::string&)> set_string;
  std::function<void(Config&, int64_t)> set_int;
  std::function<std::string(const Config&)> get;
  int64_t min = 0, max = 0;  // bounds for kInt
};

template <typename T>
Setting Str(const char* key, const char* env, const char* flag, const char* help, T Config::*field) {
  return Setting{key, env, flag, help, Kind::kString,
                 [field](Config& c, const std::string& v) { c.*field = v; }, nullptr,
                 [field](const Config& c) { return c.*field; }};
}

template <typename T>
Setting Int(const char* key, const char* env, const char* flag, const char* help, T Config::*field,
            int64_t min, int64_t max) {
  Setting s{key, env, flag, help, Kind::kInt, nullptr,
            [field](Config& c, int64_t v) { c.*field = static_cast<T>(v); },
            [field](const Config& c) { return std::to_string(c.*field); }};
  s.min = min;
  s.max = max;
  return s;
}

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = {
      Str("server.listen", "BYTEBACK_LISTEN", "--listen", "host:port to serve on", &Config::listen),
      Int("server.threads", "BYTEBACK_THREADS", "--threads", "HTTP worker threads", &Config::threads, 1, 1024),
      Int("server.max_body_bytes", "BYTEBACK_MAX_BODY_BYTES", "--max-body-bytes",
          "largest accepted request body", &Config::max_body_bytes, 1024, int64_t{1} << 32),
      Int("server.max_upload_bytes", "BYTEBACK_MAX_UPLOAD_BYTES", "--max-upload-bytes",
          "largest evidence upload (screenshots, exports), at most 64 MiB", &Config::max_upload_bytes, 1024,
          int64_t{64} << 20),
      Int("server.session_idle_minutes", "BYTEBACK_SESSION_IDLE_MINUTES", "--session-idle-minutes",
          "sign out after this many idle minutes", &Config::session_idle_minutes, 1, 24 * 60),
      Int("server.session_max_hours", "BYTEBACK_SESSION_MAX_HOURS", "--session-max-hours",
          "absolute session lifetime in hours", &Config::session_max_hours, 1, 24 * 30),
      Str("server.cookie_secure", "BYTEBACK_COOKIE_SECURE", "--cookie-secure",
          "Secure cookies: auto|true|false", &Config::cookie_secure),
      Str("web.quick_exit_url", "BYTEBACK_QUICK_EXIT_URL", "--quick-exit-url",
          "neutral page the quick-exit button leaves for (http:// or https://)", &Config::quick_exit_url),
      Str("store.data_dir", "BYTEBACK_DATA_DIR", "--data-dir", "folder for the database, keys and files",
          &Config::data_dir),
      Str("store.dsn", "BYTEBACK_DSN", "--dsn", "sqlite:PATH or postgresql://... (default sqlite in data dir)",
          &Config::dsn),
      Str("security.key_file", "BYTEBACK_KEY_FILE", "--key-file", "data-at-rest key file (0600)",
          &Config::key_file),
      Str("security.signing_key_file", "BYTEBACK_SIGNING_KEY_FILE", "--signing-key-file",
          "Ed25519 evidence signing key file (0600)", &Config::signing_key_file),
      Int("security.lockout_threshold", "BYTEBACK_LOCKOUT_THRESHOLD", "--lockout-threshold",
          "wrong passwords before an account locks", &Config::lockout_threshold, 1, 100),
      Int("security.lockout_minutes", "BYTEBACK_LOCKOUT_MINUTES", "--lockout-minutes",
          "how long a locked account stays locked", &Config::lockout_minutes, 1, 24 * 60),
      Str("shield.model", "BYTEBACK_MODEL", "--model", "Shield model file", &Config::model),
      Str("shield.lexicons", "BYTEBACK_LEXICONS", "--lexicons", "Shield lexicon folder", &Config::lexicons),
      Str("log.level", "BYTEBACK_LOG_LEVEL", "--log-level", "trace|debug|info|warn|error|off",
          &Config::log_level),
  };
  return kSettings;
}

const Setting* FindByKey(std::string_view key) {
  for (const auto& s : Settings())
    if (key == s.key) return &s;
  return nullptr;
}

// Applies a textual value (from env or a flag) to one setting.
Status ApplyText(const Setting& s, const std::string& value, std::string_view origin, Config* c) {
  if (s.kind == Kind::kString) {
    s.set_string(*c, value);
    return Status::Ok();
  }
  int64_t v = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || p != value.data() + value.size())
    return Status::InvalidArgument(std::string(origin) + ": " + s.key + " must be a whole number, got '" +
                                   value + "'");
  if (v < s.min || v > s.max)
    return Status::InvalidArgument(std::string(origin) + ": " + s.key + " must be between " +
                                   std::to_string(s.min) + " and " + std::to_string(s.max));
  s.set_int(*c, v);
  return Status::Ok();
}

Status Validate(const Config& c) {
  std::string host;
  int port = 0;
  BB_RETURN_IF_ERROR(c.SplitListen(&host, &port));
  if (c.quick_exit_url.rfind("https://", 0) != 0 && c.quick_exit_url.rfind("http://", 0) != 0)
    return Status::InvalidArgument("web.quick_exit_url must start with https:// or http://");
  if (c.quick_exit_url.find_first_of("\"<>' \t\r\n") != std::string::npos)
    return Status::InvalidArgument("web.quick_exit_url must be a plain URL (no quotes, spaces or angle brackets)");
  if (c.cookie_secure != "auto" && c.cookie_secure != "true" && c.cookie_secure != "false")
    return Status::InvalidArgument("server.cookie_secure must be auto, true or false");
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
  bool level_ok = false;
  for (const char* l : kLevels) level_ok = level_ok || c.log_level == l;
  if (!level_ok) return Status::InvalidArgument("log.level must be one of trace|debug|info|warn|error|off");
  if (c.data_dir.empty()) return Status::InvalidArgument("store.data_dir must not be empty");
  return Status::Ok();
}

std::string RedactDsn(const std::string& dsn) {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db; "password=x" -> "password=***".
  std::string out = dsn;
  size_t scheme = out.find("://");
  size_t at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    size_t colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  size_t pw = out.find("password=");
  if (pw != std::string::npos) {
    size_t end = out.find(' ', pw);
    out.replace(pw + 9, (end == std::string::npos ? out.size() : end) - pw - 9, "***");
  }
  return out;
}

std::string TomlQuote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

std::string Config::EffectiveDsn() const {
  return dsn.empty() ? "sqlite:" + data_dir + "/byteback.db" : dsn;
}
std::string Config::EffectiveKeyFile() const {
  return key_file.empty() ? data_dir + "/keys/data.key" : key_file;
}
std::string Config::EffectiveSigningKeyFile() const {
  return signing_key_file.empty() ? data_dir + "/keys/signing.key" : signing_key_file;
}

Status Config::SplitListen(std::string* host, int* port) const {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size())
    return Status::InvalidArgument("server.listen must be host:port, got '" + listen + "'");
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  std::string p = listen.substr(colon + 1);
  int v = 0;
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
  if (ec != std::errc() || ptr != p.data() + p.size() || v < 0 || v > 65535)
    return Status::InvalidArgument("server.listen port must be 0-65535, got '" + p + "'");
  *port = v;
  return Status::Ok();
}

std::string Config::ToToml() const {
  std::ostringstream out;
  out << "# effective byteback configuration (defaults < file < environment < flags)\n";
  std::string section;
  for (const auto& s : Settings()) {
    std::string key = s.key;
    size_t dot = key.find('.');
    std::string sec = key.substr(0, dot), name = key.substr(dot + 1);
    if (sec != section) {
      out << (section.empty() ? "" : "\n") << "[" << sec << "]\n";
      section = sec;
    }
    std::string value = s.get(*this);
    if (key == "store.dsn") value = RedactDsn(EffectiveDsn());
    if (key == "security.key_file") value = EffectiveKeyFile();
    if (key == "security.signing_key_file") value = EffectiveSigningKeyFile();
    out << name << " = " << (s.kind == Kind::kInt ? value : TomlQuote(value)) << "\n";
  }
  return out.str();
}

void AddConfigFlags(CLI::App* cmd, ConfigFlags* flags) {
  cmd->add_option("--config", flags->config_file, "TOML configuration file (or BYTEBACK_CONFIG)");
  for (const auto& s : Settings()) {
    std::string key = s.key;
    std::string help = std::string(s.help) + " [" + s.key + ", " + s.env + "]";
    cmd->add_option_function<std::string>(
        s.flag, [flags, key](const std::string& v) { flags->values[key] = v; }, help);
  }
}

Status ApplyToml(std::string_view text, std::string_view origin, Config* config) {
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    std::ostringstream m;
    m << origin << ":" << e.source().begin.line << ": " << e.description();
    return Status::InvalidArgument(m.str());
  }
  for (auto&& [sec_key, sec_node] : root) {
    const toml::table* sec = sec_node.as_table();
    if (!sec)
      return Status::InvalidArgument(std::string(origin) + ": top-level key '" + std::string(sec_key.str()) +
                                     "' must be a [section]");
    for (auto&& [k, node] : *sec) {
      std::string key = std::string(sec_key.str()) + "." + std::string(k.str());
      std::string where = std::string(origin) + ":" + std::to_string(node.source().begin.line);
      const Setting* s = FindByKey(key);
      if (!s) return Status::InvalidArgument(where + ": unknown setting '" + key + "'");
      if (s->kind == Kind::kString) {
        auto v = node.value<std::string>();
        if (!v || !node.is_string()) return Status::InvalidArgument(where + ": " + key + " must be a string");
        s->set_string(*config, *v);
      } else {
        if (!node.is_integer()) return Status::InvalidArgument(where + ": " + key + " must be a whole number");
        BB_RETURN_IF_ERROR(ApplyText(*s, std::to_string(*node.value<int64_t>()), where, config));
      }
    }
  }
  return Status::Ok();
}

Status ApplyEnv(const std::function<const char*(const char*)>& getenv, Config* config) {
  for (const auto& s : Settings()) {
    const char* v = getenv(s.env);
    if (v != nullptr && *v != '\0') BB_RETURN_IF_ERROR(ApplyText(s, v, s.env, config));
  }
  return Status::Ok();
}

Result<Config> LoadConfig(const ConfigFlags& flags, const std::function<const char*(const char*)>& getenv) {
  Config config;
  std::string file = flags.config_file;
  if (file.empty()) {
    const char* env = getenv("BYTEBACK_CONFIG");
    if (env != nullptr) file = env;
  }
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::NotFound("configuration file '" + file + "' cannot be read");
    std::stringstream buf;
    buf << in.rdbuf();
    BB_RETURN_IF_ERROR(ApplyToml(buf.str(), file, &config));
  }
  BB_RETURN_IF_ERROR(ApplyEnv(getenv, &config));
  for (const auto& [key, value] : flags.values) {
    const Setting* s = FindByKey(key);
    if (s == nullptr) return Status::InvalidArgument("unknown setting " + key);
    BB_RETURN_IF_ERROR(ApplyText(*s, value, s->flag, &config));
  }
  BB_RETURN_IF_ERROR(Validate(config));
  return config;
}

}  // namespace byteback::cli
