// config.h: the effective configuration of a byteback process.
//
// Every setting has one key ("server.listen"), one environment variable
// (BYTEBACK_LISTEN) and one command-line flag (--listen). Sources are applied
// in this order, later ones winning: built-in defaults, the TOML file
// (--config FILE or BYTEBACK_CONFIG), the environment, the flags. The table
// of settings lives in config.cc (kSettings), so the three sources cannot
// drift apart. `byteback config` prints the effective result as TOML.
// Thread safety: a Config is a plain value.
#ifndef BYTEBACK_CLI_CONFIG_H_
#define BYTEBACK_CLI_CONFIG_H_

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace byteback::cli {

struct Config {
  // [server]
  std::string listen = "127.0.0.1:8080";  // host:port of the HTTP server
  int threads = 8;                        // HTTP worker threads
  int64_t max_body_bytes = 1 << 20;       // larger request bodies get 413
  int64_t max_upload_bytes = 32 << 20;    // evidence uploads; larger get 413
  int session_idle_minutes = 30;          // sign-out after this long idle
  int session_max_hours = 12;             // absolute session lifetime
  std::string cookie_secure = "auto";     // auto | true | false
  // [web]
  std::string quick_exit_url = "https://www.google.com/search?q=weather";  // the quick-exit button's page
  // [store]
  std::string data_dir = "var";           // database, keys and files live here
  std::string dsn;                        // default: sqlite:<data_dir>/byteback.db
  // [security]
  std::string key_file;                   // default: <data_dir>/keys/data.key
  std::string signing_key_file;           // default: <data_dir>/keys/signing.key
  int lockout_threshold = 5;              // wrong passwords before a lockout
  int lockout_minutes = 15;               // how long a lockout lasts
  // [shield]
  std::string model;                      // default: data/models/ (search path)
  std::string lexicons;                   // default: data/lexicons/ (search path)
  // [log]
  std::string log_level = "info";         // trace|debug|info|warn|error|off

  // The DSN with defaults resolved against data_dir.
  std::string EffectiveDsn() const;
  std::string EffectiveKeyFile() const;
  std::string EffectiveSigningKeyFile() const;
  // host and port split from `listen`; InvalidArgument when malformed.
  Status SplitListen(std::string* host, int* port) const;
  // The effective configuration as TOML, passwords in DSNs replaced by "***".
  std::string ToToml() const;
};

// Flags a sub-command collects; applied over the file and the environment.
struct ConfigFlags {
  std::string config_file;
  std::map<std::string, std::string> values;  // key -> value given on the command line
};

// Adds --config and one flag per setting to `cmd`, storing into `flags`.
void AddConfigFlags(CLI::App* cmd, ConfigFlags* flags);

// Applies TOML text (the [section] key = value form above). Unknown keys and
// values of the wrong type are InvalidArgument naming "file:line key".
Status ApplyToml(std::string_view toml_text, std::string_view origin, Config* config);

// Applies BYTEBACK_* variables read through `getenv` (injectable for tests).
Status ApplyEnv(const std::function<const char*(const char*)>& getenv, Config* config);

// Builds the effective configuration: defaults, then the file named by
// flags.config_file or BYTEBACK_CONFIG (a missing named file is NotFound),
// then the environment, then flags.values.
Result<Config> LoadConfig(const ConfigFlags& flags,
                          const std::function<const char*(const char*)>& getenv);

}  // namespace byteback::cli

#endif  // BYTEBACK_CLI_CONFIG_H_
