// lexicon.cc: the lexicon TSV reader. Format: docs/ENGINE.md#lexicons.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/utf8.h"
#include "detect/detect.h"

namespace byteback::detect {
namespace {

constexpr std::string_view kHeader = "term\tlang\tcategory\tseverity\tnotes";

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return out;
    start = tab + 1;
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool ValidLang(std::string_view lang) {
  if (lang.size() < 2 || lang.size() > 12) return false;
  return std::all_of(lang.begin(), lang.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
}

}  // namespace

Result<std::vector<std::string>> ExpandTerm(std::string_view term) {
  std::vector<std::string> forms{std::string()};
  size_t pos = 0;
  while (pos < term.size()) {
    const char c = term[pos];
    if (c == '}' || c == '|') return Status::InvalidArgument(std::string("unexpected '") + c + "' outside {...}");
    if (c != '{') {
      for (auto& f : forms) f.push_back(c);
      ++pos;
      continue;
    }
    const size_t close = term.find('}', pos + 1);
    if (close == std::string_view::npos) return Status::InvalidArgument("unclosed '{'");
    std::string_view group = term.substr(pos + 1, close - pos - 1);
    if (group.find('{') != std::string_view::npos) return Status::InvalidArgument("nested '{'");
    std::vector<std::string_view> alts;
    size_t start = 0;
    for (;;) {
      size_t bar = group.find('|', start);
      std::string_view alt = group.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
      if (alt.empty()) return Status::InvalidArgument("empty alternative in {...}");
      alts.push_back(alt);
      if (bar == std::string_view::npos) break;
      start = bar + 1;
    }
    if (forms.size() * alts.size() > kMaxTermForms)
      return Status::InvalidArgument("more than " + std::to_string(kMaxTermForms) + " spellings");
    std::vector<std::string> next;
    next.reserve(forms.size() * alts.size());
    for (const auto& f : forms)
      for (std::string_view a : alts) next.push_back(f + std::string(a));
    forms = std::move(next);
    pos = close + 1;
  }
  return forms;
}

std::string_view LabelName(Label label) {
  switch (label) {
    case Label::kAbusive: return "abusive";
    case Label::kGendered: return "gendered";
    case Label::kThreat: return "threat";
    case Label::kInsult: return "insult";
    case Label::kIdentity: return "identity";
  }
  return "abusive";
}

std::optional<Label> ParseLabel(std::string_view name) {
  for (size_t i = 0; i < kLabelCount; ++i)
    if (LabelName(static_cast<Label>(i)) == name) return static_cast<Label>(i);
  return std::nullopt;
}

Status ParseLexicon(std::string_view tsv, std::string_view origin, Lexicon* lexicon) {
  if (size_t bad = utf8::FirstInvalid(tsv); bad != tsv.size()) {
    size_t line = 1 + static_cast<size_t>(std::count(tsv.begin(), tsv.begin() + static_cast<long>(bad), '\n'));
    return Status::InvalidArgument(std::string(origin) + ":" + std::to_string(line) + ": invalid UTF-8");
  }
  bool header_seen = false;
  size_t line_no = 0, pos = 0;
  while (pos < tsv.size()) {
    size_t nl = tsv.find('\n', pos);
    std::string_view line = tsv.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? tsv.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || line.front() == '#') continue;
    std::string where = std::string(origin) + ":" + std::to_string(line_no);
    if (!header_seen) {
      if (line != kHeader)
        return Status::InvalidArgument(where + ": expected the header 'term<TAB>lang<TAB>category<TAB>severity<TAB>notes'");
      header_seen = true;
      continue;
    }
    std::vector<std::string_view> cols = SplitTabs(line);
    if (cols.size() != 5)
      return Status::InvalidArgument(where + ": expected 5 tab-separated columns, found " + std::to_string(cols.size()));
    LexiconEntry e;
    std::string_view term = Trim(cols[0]);
    if (!term.empty() && term.back() == '*') {
      e.prefix = true;
      term.remove_suffix(1);
    }
    if (term.empty()) return Status::InvalidArgument(where + ": empty term");
    e.term = std::string(term);
    Result<std::vector<std::string>> forms = ExpandTerm(term);
    if (!forms.ok()) return Status::InvalidArgument(where + ": term '" + e.term + "': " + forms.status().message());
    e.forms = std::move(forms).value();
    e.lang = std::string(Trim(cols[1]));
    if (!ValidLang(e.lang)) return Status::InvalidArgument(where + ": bad language tag '" + e.lang + "'");
    std::string_view cats = Trim(cols[2]);
    size_t cpos = 0;
    while (cpos <= cats.size()) {
      size_t comma = cats.find(',', cpos);
      std::string_view c = Trim(cats.substr(cpos, comma == std::string_view::npos ? std::string_view::npos : comma - cpos));
      if (c == "allow") {
        e.allow = true;
      } else if (auto l = ParseLabel(c)) {
        e.labels |= Bit(*l);
      } else {
        return Status::InvalidArgument(where + ": unknown category '" + std::string(c) +
                                       "' (abusive, gendered, threat, insult, identity or allow)");
      }
      if (comma == std::string_view::npos) break;
      cpos = comma + 1;
    }
    if (e.allow && e.labels != 0)
      return Status::InvalidArgument(where + ": 'allow' cannot be combined with other categories");
    if (!e.allow) e.labels |= Bit(Label::kAbusive);
    std::string_view sev = Trim(cols[3]);
    if (sev.size() != 1 || sev[0] < '1' || sev[0] > '3')
      return Status::InvalidArgument(where + ": severity must be 1, 2 or 3");
    e.severity = sev[0] - '0';
    e.origin = where;
    lexicon->entries.push_back(std::move(e));
  }
  if (!header_seen) return Status::InvalidArgument(std::string(origin) + ": no header line");
  return Status::Ok();
}

Result<Lexicon> LoadLexiconDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("lexicon folder '" + dir + "' does not exist");
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".tsv") files.push_back(it->path());
  }
  if (ec) return Status::IOError("cannot list '" + dir + "': " + ec.message());
  if (files.empty()) return Status::NotFound("no .tsv lexicon in '" + dir + "'");
  std::sort(files.begin(), files.end());
  Lexicon lexicon;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return Status::IOError("cannot read " + f.string());
    std::stringstream buf;
    buf << in.rdbuf();
    std::string rel = fs::relative(f, dir, ec).string();
    BB_RETURN_IF_ERROR(ParseLexicon(buf.str(), rel.empty() ? f.string() : rel, &lexicon));
  }
  return lexicon;
}

}  // namespace byteback::detect
