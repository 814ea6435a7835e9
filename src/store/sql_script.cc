// sql_script.cc: turning an embedded schema file into backend statements.
//
// SOCI prepares one statement at a time, so scripts are split here. The
// splitter is a small scanner, not a SQL parser: it knows quotes, comments,
// PostgreSQL dollar quotes and the BEGIN ... END body of a SQLite trigger
// (where ';' ends inner statements, not the CREATE TRIGGER).
#include <cctype>
#include <string>

#include "store/migrations_internal.h"

namespace byteback::store::internal {
namespace {

constexpr std::string_view kBackendMarker = "-- @backend ";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// True when the statement text so far is "CREATE [TEMP|TEMPORARY] TRIGGER".
bool IsCreateTrigger(std::string_view stmt) {
  std::string words;
  std::string_view s = Trim(stmt);
  for (int n = 0; n < 3 && !s.empty(); ++n) {
    size_t end = 0;
    while (end < s.size() && IsWordChar(s[end])) ++end;
    words += Upper(s.substr(0, end)) + " ";
    s = Trim(s.substr(end));
  }
  return words.rfind("CREATE TRIGGER ", 0) == 0 ||
         words.rfind("CREATE TEMP TRIGGER ", 0) == 0 ||
         words.rfind("CREATE TEMPORARY TRIGGER ", 0) == 0;
}

// True when the text holds something other than whitespace and comments.
bool HasSql(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
    } else if (s.substr(i, 2) == "--") {
      size_t nl = s.find('\n', i);
      i = nl == std::string_view::npos ? s.size() : nl + 1;
    } else if (s.substr(i, 2) == "/*") {
      size_t e = s.find("*/", i + 2);
      i = e == std::string_view::npos ? s.size() : e + 2;
    } else {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<std::string> RenderMigration(std::string_view sql,
                                    std::string_view backend) {
  if (backend != "sqlite3" && backend != "postgresql")
    return Status::InvalidArgument("unknown backend " + std::string(backend));
  std::string kept;
  bool keep = true;
  while (!sql.empty()) {
    size_t nl = sql.find('\n');
    std::string_view line =
        sql.substr(0, nl == std::string_view::npos ? sql.size() : nl + 1);
    sql.remove_prefix(line.size());
    std::string_view t = Trim(line);
    if (t.rfind(kBackendMarker, 0) == 0) {
      std::string_view which = Trim(t.substr(kBackendMarker.size()));
      if (which != "all" && which != "sqlite3" && which != "postgresql")
        return Status::InvalidArgument("unknown backend section \"" +
                                       std::string(which) + "\"");
      keep = which == "all" || which == backend;
      continue;
    }
    if (keep) kept += line;
  }
  const bool pg = backend == "postgresql";
  std::string out;
  size_t i = 0;
  while (i < kept.size()) {
    size_t open = kept.find("{{", i);
    if (open == std::string::npos) {
      out.append(kept, i, std::string::npos);
      break;
    }
    out.append(kept, i, open - i);
    size_t close = kept.find("}}", open);
    if (close == std::string::npos)
      return Status::InvalidArgument("unterminated {{ placeholder");
    std::string name = kept.substr(open + 2, close - open - 2);
    if (name == "ID")
      out += pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
    else if (name == "BLOB")
      out += pg ? "BYTEA" : "BLOB";
    else
      return Status::InvalidArgument("unknown placeholder {{" + name + "}}");
    i = close + 2;
  }
  return out;
}

std::vector<std::string> SplitSqlStatements(std::string_view script) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;  // BEGIN/CASE nesting inside a CREATE TRIGGER
  bool trigger = false;
  auto flush = [&] {
    std::string_view t = Trim(current);
    if (HasSql(t)) out.emplace_back(t);
    current.clear();
    depth = 0;
    trigger = false;
  };
  size_t i = 0;
  const size_t n = script.size();
  while (i < n) {
    const char c = script[i];
    size_t end = i + 1;  // one past the token starting at i
    if (c == '\'' || c == '"') {
      end = i + 1;
      while (end < n) {
        if (script[end] == c) {
          if (end + 1 < n && script[end + 1] == c) {  // doubled quote escapes
            end += 2;
            continue;
          }
          ++end;
          break;
        }
        ++end;
      }
      if (end > n) end = n;
    } else if (c == '-' && i + 1 < n && script[i + 1] == '-') {
      size_t nl = script.find('\n', i);
      end = nl == std::string_view::npos ? n : nl + 1;
    } else if (c == '/' && i + 1 < n && script[i + 1] == '*') {
      size_t e = script.find("*/", i + 2);
      end = e == std::string_view::npos ? n : e + 2;
    } else if (c == '$') {
      // $tag$ ... $tag$ (PostgreSQL); a lone '$' is just a character.
      size_t t = i + 1;
      while (t < n && IsWordChar(script[t])) ++t;
      if (t < n && script[t] == '$') {
        std::string_view tag = script.substr(i, t - i + 1);
        size_t close = script.find(tag, t + 1);
        end = close == std::string_view::npos ? n : close + tag.size();
      }
    } else if (IsWordChar(c)) {
      while (end < n && IsWordChar(script[end])) ++end;
      if (trigger) {
        std::string word = Upper(script.substr(i, end - i));
        if (word == "BEGIN" || word == "CASE") ++depth;
        if (word == "END" && depth > 0) --depth;
      }
    } else if (c == ';' && depth == 0) {
      flush();
      i = end;
      continue;
    }
    const bool comment = (c == '-' || c == '/') && end > i + 1;
    if (comment && !HasSql(current)) {
      current.clear();  // drop comments before a statement
      i = end;
      continue;
    }
    current.append(script.substr(i, end - i));
    if (!trigger && IsWordChar(c) && IsCreateTrigger(current)) trigger = true;
    i = end;
  }
  flush();
  return out;
}

}  // namespace byteback::store::internal
