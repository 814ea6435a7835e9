// detector.cc: building the Detector and the scan path.
//
// Build: every lexicon term is normalised by the same Normalizer as the
// messages. Its folded form becomes a literal " term " (whole words) or
// " term" (a prefix term) in one vectorscan database; its phonetic skeleton,
// when long enough, a literal in a second database over the skeletons.
// Single-word Latin terms are also kept by length for masked tokens ("f*ck").
//
// Scan: normalise -> match both databases (the match end and the literal's
// length give the first and last token) -> resolve masked tokens -> drop hits
// on allow-listed words, phonetic hits across scripts and native-script terms
// on other scripts -> one hit per stretch of text (longest match) -> hash
// features -> linear model -> language guess -> lexicon floors (by message
// language) -> thresholds of the language group -> spans in original bytes.
// The scan path takes no locks and reuses the Scratch's buffers.
#include <hs/hs.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "detect/detect.h"
#include "detect/detect_internal.h"
#include "detect/detector_internal.h"

namespace byteback::detect {

using normalize::NormalizedText;
using normalize::Script;
using normalize::Token;

struct Detector::Compiled {
  struct Pattern {
    uint32_t entry;
    uint32_t len;  // literal length in bytes, including the spaces
  };
  hs_database_t* folded_db = nullptr;
  hs_database_t* phonetic_db = nullptr;
  std::vector<Pattern> folded;
  std::vector<Pattern> phonetic;
  std::vector<Script> entry_script;  // script of each entry's term
  std::vector<LabelMask> entry_floor;  // labels each entry's hit lifts to DetectOptions::lexicon_floor
  // Single-word Latin terms by first letter, for masked tokens.
  std::unordered_map<char, std::vector<std::pair<std::string, uint32_t>>> masked;
  std::unordered_set<std::string> allow;
  hs_scratch_t* proto_scratch = nullptr;  // cloned per Scratch

  ~Compiled() {
    if (folded_db) hs_free_database(folded_db);
    if (phonetic_db) hs_free_database(phonetic_db);
    if (proto_scratch) hs_free_scratch(proto_scratch);
  }
};

struct Scratch::Impl {
  NormalizedText nt;
  hs_scratch_t* hs = nullptr;
  std::vector<std::pair<uint32_t, uint32_t>> raw;  // (pattern, match end) of the current database
  std::vector<internal::Hit> hits;
  std::vector<uint32_t> hit_entries;
  std::vector<uint32_t> features;
  ~Impl() {
    if (hs) hs_free_scratch(hs);
  }
};

Scratch::Scratch(const Detector& detector) : impl_(std::make_unique<Impl>()) {
  if (detector.compiled_->proto_scratch) hs_clone_scratch(detector.compiled_->proto_scratch, &impl_->hs);
  impl_->nt.text.reserve(1024);
  impl_->nt.phonetic.reserve(1024);
  impl_->features.reserve(512);
}
Scratch::~Scratch() = default;

namespace {

Result<hs_database_t*> CompileLiterals(const std::vector<std::string>& literals, const Lexicon& lexicon,
                                       const std::vector<Detector::Compiled::Pattern>& patterns) {
  if (literals.empty()) return static_cast<hs_database_t*>(nullptr);
  std::vector<const char*> exprs;
  std::vector<size_t> lens;
  std::vector<unsigned> ids, flags;
  for (size_t i = 0; i < literals.size(); ++i) {
    exprs.push_back(literals[i].data());
    lens.push_back(literals[i].size());
    ids.push_back(static_cast<unsigned>(i));
    flags.push_back(0);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(), static_cast<unsigned>(exprs.size()),
                           HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    std::string msg = err && err->message ? err->message : "unknown error";
    std::string where;
    if (err && err->expression >= 0 && static_cast<size_t>(err->expression) < patterns.size())
      where = lexicon.entries[patterns[static_cast<size_t>(err->expression)].entry].origin + ": ";
    hs_free_compile_error(err);
    return Status::InvalidArgument(where + "cannot compile lexicon: " + msg);
  }
  return db;
}

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to, unsigned int /*flags*/,
            void* ctx) {
  auto* raw = static_cast<std::vector<std::pair<uint32_t, uint32_t>>*>(ctx);
  if (raw->size() < 4096) raw->emplace_back(id, static_cast<uint32_t>(to));
  return 0;
}

// Index of the token whose folded (or phonetic) form starts at `pos`; -1 when none.
int TokenStartingAt(const NormalizedText& nt, uint32_t pos, bool phonetic) {
  auto key = [phonetic](const Token& t) { return phonetic ? t.phon_begin : t.norm_begin; };
  auto it = std::lower_bound(nt.tokens.begin(), nt.tokens.end(), pos,
                             [&](const Token& t, uint32_t p) { return key(t) < p; });
  if (it == nt.tokens.end() || key(*it) != pos) return -1;
  return static_cast<int>(it - nt.tokens.begin());
}

// Index of the token containing byte `pos` of the folded (or phonetic) string.
int TokenContaining(const NormalizedText& nt, uint32_t pos, bool phonetic) {
  auto key = [phonetic](const Token& t) { return phonetic ? t.phon_begin : t.norm_begin; };
  auto it = std::upper_bound(nt.tokens.begin(), nt.tokens.end(), pos,
                             [&](uint32_t p, const Token& t) { return p < key(t); });
  if (it == nt.tokens.begin()) return -1;
  return static_cast<int>(it - nt.tokens.begin()) - 1;
}

bool IsLatinClass(Script s) { return s == Script::kLatin || s == Script::kOther; }

bool SameScriptClass(Script a, Script b) {
  const bool la = a == Script::kLatin || a == Script::kOther;
  const bool lb = b == Script::kLatin || b == Script::kOther;
  return la == lb && (la || a == b);
}

// Does masked token `t` ('*' = any one letter) match `term` of the same length?
bool MaskMatches(std::string_view t, std::string_view term) {
  if (t.size() != term.size()) return false;
  for (size_t i = 0; i < t.size(); ++i)
    if (t[i] != '*' && t[i] != term[i]) return false;
  return true;
}

// One hit per stretch of text, the most specific one: several entries often
// match the same words (a term listed for hi-Latn and ur-Latn, a spelling
// variant met through its skeleton), and a phrase often contains a word entry
// ("randi ki aulad" contains "randi"). Keeps, per token range, the entry of
// highest severity (ties: the first in lexicon order), then drops every hit
// whose range lies inside a longer hit's: the phrase's categories win. Hits
// end sorted by first token. O(n log n): n is bounded by the match caps.
void ResolveHits(const Lexicon& lexicon, std::vector<internal::Hit>* hits) {
  auto& h = *hits;
  std::sort(h.begin(), h.end(), [&](const internal::Hit& a, const internal::Hit& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.last != b.last) return a.last > b.last;  // longer first
    const int sa = lexicon.entries[a.entry].severity, sb = lexicon.entries[b.entry].severity;
    if (sa != sb) return sa > sb;
    return a.entry < b.entry;
  });
  size_t out = 0;
  bool any = false;
  uint32_t max_last = 0;
  for (size_t i = 0; i < h.size(); ++i) {
    if (any && h[i].first == h[out - 1].first && h[i].last == h[out - 1].last) continue;  // same range
    if (any && max_last >= h[i].last) continue;  // inside an earlier, longer hit
    max_last = any ? std::max(max_last, h[i].last) : h[i].last;
    any = true;
    h[out++] = h[i];
  }
  h.resize(out);
}

}  // namespace

Result<std::shared_ptr<const Detector>> Detector::Build(const DetectOptions& options, Lexicon lexicon, Model model) {
  if (model.weights.size() != (size_t{1} << model.bucket_bits) * kLabelCount)
    return Status::InvalidArgument("model weights do not match its bucket_bits");
  std::shared_ptr<Detector> d(new Detector());
  d->options_ = options;
  d->lexicon_ = std::move(lexicon);
  d->model_ = std::move(model);
  d->compiled_ = std::make_unique<Compiled>();
  Compiled& c = *d->compiled_;
  std::vector<std::string> folded_lits, phon_lits;
  NormalizedText nt;
  for (uint32_t i = 0; i < d->lexicon_.entries.size(); ++i) {
    const LexiconEntry& e = d->lexicon_.entries[i];
    // Entries built in code may lack forms: the term is its only spelling.
    std::vector<std::string> own;
    if (e.forms.empty()) {
      BB_ASSIGN_OR_RETURN(own, ExpandTerm(e.term));
    }
    const std::vector<std::string>& forms = e.forms.empty() ? own : e.forms;
    Script entry_script = Script::kOther;
    for (size_t k = 0; k < forms.size(); ++k) {
      const std::string& form = forms[k];
      d->normalizer_.Normalize(form, &nt);
      Script script = nt.tokens.empty() ? Script::kOther : nt.tokens[0].script;
      if (k == 0) entry_script = script;
      std::string folded = d->normalizer_.NormalizeTerm(form);
      if (folded.empty()) return Status::InvalidArgument(e.origin + ": term '" + form + "' has no letters");
      if (e.allow) {
        c.allow.insert(folded);
        continue;
      }
      std::string lit = " " + folded + (e.prefix ? "" : " ");
      c.folded.push_back({i, static_cast<uint32_t>(lit.size())});
      folded_lits.push_back(lit);
      if (nt.tokens.size() == 1 && script == Script::kLatin && folded.size() >= 3)
        c.masked[folded[0]].emplace_back(folded, i);
      std::string phon = d->normalizer_.PhoneticTerm(form);
      size_t letters = static_cast<size_t>(std::count_if(phon.begin(), phon.end(), [](char ch) { return ch != ' '; }));
      // Skeletons fold the free spelling of romanised South Asian words and of
      // native scripts; English and Filipino have a standard spelling, and
      // their skeletons meet innocent words ("cretin" = "certain").
      const bool romanised = e.lang.size() > 5 && e.lang.compare(e.lang.size() - 5, 5, "-Latn") == 0;
      const bool phonetic_ok = romanised || !IsLatinClass(script);
      if (phonetic_ok && !phon.empty() && phon != folded && letters >= options.min_phonetic_len) {
        std::string plit = " " + phon + (e.prefix ? "" : " ");
        c.phonetic.push_back({i, static_cast<uint32_t>(plit.size())});
        phon_lits.push_back(plit);
      }
    }
    c.entry_script.push_back(entry_script);
    LabelMask floor = 0;
    if (!e.allow && e.severity >= options.floor_min_severity) floor |= Bit(Label::kAbusive);
    if (!e.allow && e.severity >= options.label_floor_min_severity)
      floor |= e.labels & static_cast<LabelMask>(~Bit(Label::kAbusive));
    c.entry_floor.push_back(floor);
  }
  BB_ASSIGN_OR_RETURN(c.folded_db, CompileLiterals(folded_lits, d->lexicon_, c.folded));
  BB_ASSIGN_OR_RETURN(c.phonetic_db, CompileLiterals(phon_lits, d->lexicon_, c.phonetic));
  for (hs_database_t* db : {c.folded_db, c.phonetic_db}) {
    if (db && hs_alloc_scratch(db, &c.proto_scratch) != HS_SUCCESS)
      return Status::Internal("cannot allocate vectorscan scratch");
  }
  return std::shared_ptr<const Detector>(std::move(d));
}

Detector::~Detector() = default;

Result<std::shared_ptr<const Detector>> Detector::Load(const std::string& model_path, const std::string& lexicon_dir,
                                                       const DetectOptions& options) {
  BB_ASSIGN_OR_RETURN(Model model, Model::Load(model_path));
  BB_ASSIGN_OR_RETURN(Lexicon lexicon, LoadLexiconDir(lexicon_dir));
  return Build(options, std::move(lexicon), std::move(model));
}

void Detector::Match(std::string_view text, Scratch& scratch) const {
  Scratch::Impl& s = *scratch.impl_;
  NormalizedText& nt = s.nt;
  normalizer_.Normalize(text, &nt);
  s.hits.clear();
  const Compiled& c = *compiled_;
  for (int pass = 0; pass < 2; ++pass) {
    const bool phon = pass == 1;
    hs_database_t* db = phon ? c.phonetic_db : c.folded_db;
    const std::string& str = phon ? nt.phonetic : nt.text;
    if (!db || str.empty()) continue;
    s.raw.clear();
    hs_scan(db, str.data(), static_cast<unsigned>(str.size()), 0, s.hs, OnMatch, &s.raw);
    const auto& patterns = phon ? c.phonetic : c.folded;
    for (auto [pid, to] : s.raw) {
      const Compiled::Pattern& p = patterns[pid];
      const LexiconEntry& e = lexicon_.entries[p.entry];
      int first = TokenStartingAt(nt, to - p.len + 1, phon);
      int last = TokenContaining(nt, e.prefix ? to - 1 : to - 2, phon);
      if (first < 0 || last < first) continue;
      const Token& lt = nt.tokens[static_cast<size_t>(last)];
      if ((e.prefix || phon) && c.allow.count(std::string(nt.folded(lt)))) continue;
      const Script token_script = nt.tokens[static_cast<size_t>(first)].script;
      if (phon && !SameScriptClass(c.entry_script[p.entry], token_script)) continue;
      // A native-script term meets only words written in its script: its
      // transliteration is often an innocent romanised or English word
      // (साले = "sale", چودو = "chodo", "leave it"); romanised entries cover
      // the romanised forms.
      if (!IsLatinClass(c.entry_script[p.entry]) && token_script != c.entry_script[p.entry]) continue;
      s.hits.push_back({p.entry, static_cast<uint32_t>(first), static_cast<uint32_t>(last)});
    }
  }
  // Masked tokens: '*' stands for one letter.
  for (uint32_t i = 0; i < nt.tokens.size(); ++i) {
    const Token& t = nt.tokens[i];
    if (!(t.flags & normalize::kFlagMasked)) continue;
    std::string_view f = nt.folded(t);
    size_t stars = static_cast<size_t>(std::count(f.begin(), f.end(), '*'));
    if (f.empty() || f[0] == '*' || stars * 2 > f.size()) continue;
    auto it = c.masked.find(f[0]);
    if (it == c.masked.end()) continue;
    for (const auto& [term, entry] : it->second) {
      const bool prefix = lexicon_.entries[entry].prefix;
      if (prefix ? f.size() >= term.size() && MaskMatches(f.substr(0, term.size()), term)
                 : f.size() == term.size() && MaskMatches(f, term)) {
        s.hits.push_back({entry, i, i});
        break;
      }
    }
  }
  ResolveHits(lexicon_, &s.hits);
  s.hit_entries.clear();
  for (const auto& h : s.hits) s.hit_entries.push_back(h.entry);
}

void Detector::Scan(std::string_view text, Scratch& scratch, Verdict* out) const {
  Match(text, scratch);
  Scratch::Impl& s = *scratch.impl_;
  const NormalizedText& nt = s.nt;
  s.features.clear();
  ExtractFeatures(nt, lexicon_, s.hit_entries, model_.bucket_bits, &s.features);
  std::array<int32_t, kLabelCount> acc{};
  const int8_t* w = model_.weights.data();
  for (uint32_t b : s.features) {
    const int8_t* row = w + size_t{b} * kLabelCount;
    for (size_t l = 0; l < kLabelCount; ++l) acc[l] += row[l];
  }
  out->labels = 0;
  out->spans.clear();
  for (size_t l = 0; l < kLabelCount; ++l)
    out->scores[l] = internal::Sigmoid(model_.bias[l] + model_.scale[l] * static_cast<float>(acc[l]));
  // In a language the model was trained on, it decides the specific labels
  // a floor does not cover (DetectOptions::trained_floor_labels).
  internal::GuessLanguage(nt, out);
  LabelMask floor_allowed = 0xFF;
  for (const auto& [lang, labels] : options_.trained_floor_labels)
    if (lang == out->lang) floor_allowed = labels | Bit(Label::kAbusive);
  for (const auto& h : s.hits) {
    const LexiconEntry& e = lexicon_.entries[h.entry];
    for (size_t l = 0; l < kLabelCount; ++l) {
      if (!(e.labels & (1u << l))) continue;
      if (compiled_->entry_floor[h.entry] & floor_allowed & (1u << l))
        out->scores[l] = std::max(out->scores[l], options_.lexicon_floor);
      out->spans.push_back({nt.tokens[h.first].begin, nt.tokens[h.last].end, static_cast<Label>(l), e.severity,
                            h.entry});
    }
  }
  const std::array<float, kLabelCount>& threshold = model_.ThresholdsFor(LangGroup(out->lang));
  for (size_t l = 0; l < kLabelCount; ++l)
    if (out->scores[l] >= threshold[l]) out->labels |= static_cast<LabelMask>(1u << l);
  // Something over a specific label's threshold is abusive too.
  if (out->labels) {
    out->labels |= Bit(Label::kAbusive);
    out->scores[0] = std::max(out->scores[0], threshold[0]);
  }
  std::stable_sort(out->spans.begin(), out->spans.end(),
                   [](const Span& a, const Span& b) { return a.begin < b.begin; });
}

Verdict Detector::Scan(std::string_view text, Scratch& scratch) const {
  Verdict v;
  Scan(text, scratch, &v);
  return v;
}

void Detector::Analyze(std::string_view text, Scratch& scratch, std::vector<uint32_t>* features) const {
  Match(text, scratch);
  features->clear();
  ExtractFeatures(scratch.impl_->nt, lexicon_, scratch.impl_->hit_entries, model_.bucket_bits, features);
}

std::string Detector::Dump() const {
  std::ostringstream o;
  size_t allow = 0, prefix = 0;
  for (const auto& e : lexicon_.entries) {
    allow += e.allow;
    prefix += e.prefix;
  }
  size_t masked = 0;
  for (const auto& [len, v] : compiled_->masked) masked += v.size();
  o << "model " << model_.version << ": " << (size_t{1} << model_.bucket_bits) << " buckets x " << kLabelCount
    << " labels, int8\n";
  for (size_t l = 0; l < kLabelCount; ++l)
    o << "  " << LabelName(static_cast<Label>(l)) << ": bias " << model_.bias[l] << " scale " << model_.scale[l]
      << " threshold " << model_.threshold[l] << "\n";
  if (model_.has_group_thresholds) {
    for (size_t g = 0; g < kLangGroupCount; ++g) {
      o << "  thresholds for " << LangGroupName(g) << ":";
      for (size_t l = 0; l < kLabelCount; ++l) o << " " << model_.group_threshold[g][l];
      o << "\n";
    }
  }
  o << "lexicon: " << lexicon_.entries.size() << " entries (" << allow << " allow, " << prefix << " prefix)\n";
  o << "  folded literals: " << compiled_->folded.size() << "\n";
  o << "  phonetic literals: " << compiled_->phonetic.size() << " (skeletons >= " << options_.min_phonetic_len
    << " letters)\n";
  o << "  masked-token candidates: " << masked << "\n";
  return o.str();
}

}  // namespace byteback::detect
