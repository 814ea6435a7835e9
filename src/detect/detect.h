// detect.h: multilingual abuse detection over normalised text (the Shield).
//
// Flow: lexicons (TSV, see docs/ENGINE.md#lexicons) and a model file (see
// docs/ENGINE.md#model-file) are loaded once; Detector::Build() compiles the
// lexicon terms into vectorscan databases (over the folded and the phonetic
// forms of normalize::NormalizedText) and freezes everything. The Detector is
// immutable and shared by all threads. Each thread owns a Scratch and calls
// Scan(), which normalises the message, matches the lexicons, hashes features
// into the linear model and returns a Verdict: a language guess, a 0-1 score
// per label, the labels over the thresholds calibrated for the message's
// language group, and byte spans of
// what triggered in the ORIGINAL text. To change lexicons or the model at run
// time, Build() a new Detector and swap the shared_ptr; scans already running
// finish on the old one.
//
// Thread safety: concurrent Scan() calls on one Detector need no external
// synchronization. A Scratch must be used by one thread at a time. Model and
// Lexicon are plain values.
#ifndef BYTEBACK_DETECT_DETECT_H_
#define BYTEBACK_DETECT_DETECT_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "normalize/normalize.h"

namespace byteback::detect {

// ---- labels ----------------------------------------------------------------
enum class Label : uint8_t { kAbusive = 0, kGendered, kThreat, kInsult, kIdentity };
inline constexpr size_t kLabelCount = 5;
// "abusive", "gendered", "threat", "insult", "identity".
std::string_view LabelName(Label label);
std::optional<Label> ParseLabel(std::string_view name);
// Bit set of labels: bit i = Label(i).
using LabelMask = uint8_t;
inline constexpr LabelMask Bit(Label l) { return static_cast<LabelMask>(1u << static_cast<int>(l)); }

// ---- lexicons --------------------------------------------------------------
// One lexicon line. See docs/ENGINE.md#lexicons for the file format.
struct LexiconEntry {
  std::string term;     // as written, without the trailing '*'
  // The spellings `term` stands for: itself, or every combination of its
  // `{a|b|c}` alternation groups ("randi {ki|ke} aulad" gives two forms).
  std::vector<std::string> forms;
  std::string lang;     // BCP-47, e.g. "hi-Latn"
  LabelMask labels = 0; // always includes abusive for non-allow entries
  int severity = 1;     // 1 mild, 2 strong, 3 severe
  bool prefix = false;  // term ended in '*': matches words starting with it
  bool allow = false;   // allow-list entry: never flagged by prefix/phonetic matching
  std::string origin;   // "file:line", for error messages and dumps
};

struct Lexicon {
  std::vector<LexiconEntry> entries;
};

// Most forms one term may expand to through its `{a|b}` groups.
inline constexpr size_t kMaxTermForms = 4096;

// Expands the `{a|b|c}` alternation groups of a term into every combination,
// in order. InvalidArgument for an unbalanced or nested brace, an empty group
// or more than kMaxTermForms forms.
Result<std::vector<std::string>> ExpandTerm(std::string_view term);

// Appends the entries of one TSV file's text to `lexicon`. InvalidArgument
// naming "origin:line" for a bad header, a wrong column count, an unknown
// category, a severity outside 1-3, a bad alternation group or invalid
// UTF-8. Blank lines and lines starting with '#' are skipped.
Status ParseLexicon(std::string_view tsv, std::string_view origin, Lexicon* lexicon);
// Reads every *.tsv below `dir` (sorted by path, so the order is stable).
// NotFound when `dir` does not exist or holds no .tsv file.
Result<Lexicon> LoadLexiconDir(const std::string& dir);

// ---- model -----------------------------------------------------------------
// Magic and format version of model files; loaders reject other versions.
inline constexpr char kModelMagic[8] = {'B', 'B', 'S', 'H', 'I', 'E', 'L', 'D'};
inline constexpr uint32_t kModelFormatVersion = 1;
// Limits of what Model::Parse accepts (a corrupt header cannot ask for more).
inline constexpr uint32_t kMinBucketBits = 10;
inline constexpr uint32_t kMaxBucketBits = 24;

// Language groups with thresholds of their own (Model::group_threshold):
// English; romanised South Asian text (hi-Latn, ur-Latn, bn-Latn, ...);
// native scripts (hi, ur, bn, ta, ne, si); everything else (und, tl).
inline constexpr size_t kLangGroupCount = 4;
// The group of a Verdict::lang.
size_t LangGroup(std::string_view lang);
// Names used in the model header: "en", "latn", "native", "other".
std::string_view LangGroupName(size_t group);

// A multi-label linear model over hashed features: weight(bucket, label) =
// q[bucket * kLabelCount + label] * scale[label], quantised to int8.
struct Model {
  std::string version;       // e.g. "shield-2026.11-2"; reported with every verdict
  uint32_t bucket_bits = 20;
  std::array<float, kLabelCount> bias{};
  std::array<float, kLabelCount> scale{};
  std::array<float, kLabelCount> threshold{0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
  // Per language group (LangGroup of the verdict's language), when
  // calibrated: the datasets' base rates differ by language, so one
  // threshold per label cannot suit all. Optional in the file ("groups" in
  // the header); without it every group uses `threshold`.
  bool has_group_thresholds = false;
  std::array<std::array<float, kLabelCount>, kLangGroupCount> group_threshold{};
  // The thresholds Scan() applies to a message of language group `group`.
  const std::array<float, kLabelCount>& ThresholdsFor(size_t group) const {
    return has_group_thresholds ? group_threshold[group] : threshold;
  }
  std::string info_json = "{}";  // training provenance (data files, seed, counts)
  std::vector<int8_t> weights;   // (1 << bucket_bits) * kLabelCount

  // Serialises to the file format (magic, version, JSON header, weights,
  // checksum).
  std::string Serialize() const;
  // Parses a serialised model. InvalidArgument for a foreign magic,
  // FailedPrecondition for an unknown format version ("model format N is
  // newer than this byteback (1)"), Corruption for a truncated file or a
  // checksum mismatch.
  static Result<Model> Parse(std::string_view bytes);
  static Result<Model> Load(const std::string& path);
  Status Save(const std::string& path) const;
};

// ---- verdicts --------------------------------------------------------------
struct Span {
  uint32_t begin = 0;  // byte offsets in the original text, [begin, end)
  uint32_t end = 0;
  Label label = Label::kAbusive;
  int severity = 1;
  uint32_t entry = 0;  // index into the Detector's lexicon entries
};

struct Verdict {
  std::string lang = "und";  // BCP-47 guess: en, hi, hi-Latn, ur, ur-Latn, bn, ...
  normalize::Script script = normalize::Script::kOther;
  std::array<float, kLabelCount> scores{};
  LabelMask labels = 0;      // labels whose score reached the threshold
  std::vector<Span> spans;   // one per (matched term, label), in text order
  bool has(Label l) const { return (labels & Bit(l)) != 0; }
};

struct DetectOptions {
  // Phonetic-skeleton matches need a skeleton at least this long: 3-letter
  // skeletons collide with innocent words everywhere. 4-letter ones (gndu:
  // gaandoo; kute: kuttey; rndi: randii) meet almost only abusive words in
  // the training data; the innocent ones (cute, banegi, sheela) are on the
  // allow list (data/lexicons/allow.tsv). With 5, 7 of 29 romanised
  // spelling variants of tests/detect/data/obfuscated.tsv were missed.
  size_t min_phonetic_len = 4;
  // A lexicon hit of at least this severity lifts the scores of its labels
  // to at least lexicon_floor (so a known slur is reported even where the
  // model has seen little data, e.g. Sinhala).
  int floor_min_severity = 2;
  // The same for the specific labels (gendered, threat, insult, identity).
  // Raising it to 3 trades gendered recall (reddit-misogyny dev F1 0.52 ->
  // 0.38) for identity precision (davidson 0.32 -> 0.44): see BENCHMARKS.md.
  int label_floor_min_severity = 2;
  // The languages the model was trained on, each with the specific labels a
  // lexicon hit lifts in a message of that language (Verdict::lang); the
  // model decides the others. The training sets disagree on whether a slur
  // is an insult or an identity attack (RUHSOLD and Davidson count hate and
  // insult as exclusive classes), and floors on insult/identity cost
  // precision in romanised Hindi/Urdu (BENCHMARKS.md). English lifts
  // insult too: a listed strong insult is an insult, whatever the model
  // learned from Davidson, whose "offensive" tweets are mostly slurs
  // (Davidson insult dev F1 0.920 -> 0.942). A language not listed here
  // (bn, ne, si, tl, ur script, und) lifts every label of the entry.
  std::vector<std::pair<std::string, LabelMask>> trained_floor_labels = {
      {"en", Bit(Label::kGendered) | Bit(Label::kThreat) | Bit(Label::kInsult)},
      {"hi", Bit(Label::kGendered) | Bit(Label::kThreat)},
      {"hi-Latn", Bit(Label::kGendered) | Bit(Label::kThreat)},
      {"ur-Latn", Bit(Label::kGendered) | Bit(Label::kThreat)},
      {"ta", Bit(Label::kGendered) | Bit(Label::kThreat)}};
  float lexicon_floor = 0.85f;
};

class Scratch;

class Detector {
 public:
  // Compiles `lexicon` and takes `model`. InvalidArgument naming the entry
  // (file:line) that vectorscan cannot compile, or for a model whose weight
  // table does not match its bucket_bits.
  static Result<std::shared_ptr<const Detector>> Build(const DetectOptions& options, Lexicon lexicon,
                                                       Model model);
  // Loads the model file and the lexicon folder, then Build().
  static Result<std::shared_ptr<const Detector>> Load(const std::string& model_path,
                                                      const std::string& lexicon_dir,
                                                      const DetectOptions& options = {});
  ~Detector();
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;

  // Scans the original `text`. Never fails: empty or invalid input gives a
  // low-scored Verdict. Does not allocate once `scratch` has warmed up
  // (except for the spans and lang of `out`, which reuse their capacity).
  void Scan(std::string_view text, Scratch& scratch, Verdict* out) const;
  Verdict Scan(std::string_view text, Scratch& scratch) const;

  // The feature buckets of `text` as Scan() computes them (for training and
  // debugging). Same scratch rules as Scan().
  void Analyze(std::string_view text, Scratch& scratch, std::vector<uint32_t>* features) const;

  const Model& model() const { return model_; }
  const Lexicon& lexicon() const { return lexicon_; }
  const normalize::Normalizer& normalizer() const { return normalizer_; }
  // A human-readable dump of the compiled form (pattern counts per database,
  // model header), for debugging.
  std::string Dump() const;

 private:
  friend class Scratch;
  Detector() = default;
  // Normalises `text` into the scratch and fills its lexicon hits.
  void Match(std::string_view text, Scratch& scratch) const;

  DetectOptions options_;
  Lexicon lexicon_;
  Model model_;
  normalize::Normalizer normalizer_;

 public:
  struct Compiled;  // the vectorscan databases and lookup tables (detector.cc)

 private:
  std::unique_ptr<Compiled> compiled_;
};

// Per-thread scratch for Detector::Scan: normalised text, vectorscan scratch
// and feature buffers. Built for one Detector; usable with another Detector
// built from the same lexicon shapes only after Reset().
class Scratch {
 public:
  explicit Scratch(const Detector& detector);
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

 private:
  friend class Detector;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- features (shared by training and scanning) ----------------------------
// Appends the hashed feature buckets of `nt` (with the lexicon hits `hits`:
// one entry index per hit) to `out`. See docs/ENGINE.md#features.
void ExtractFeatures(const normalize::NormalizedText& nt, const Lexicon& lexicon,
                     const std::vector<uint32_t>& hits, uint32_t bucket_bits, std::vector<uint32_t>* out);

// ---- training and evaluation ------------------------------------------------
// One labelled example (docs: ../shared/data/README.md format). A label absent
// from `known` is unknown and gets no gradient.
struct Example {
  std::string id;
  std::string text;
  std::string source;
  LabelMask known = 0;
  LabelMask positive = 0;
};

// Parses one JSONL line {"id","text","labels":{...},"source"?}. InvalidArgument
// with a reason for malformed JSON, a missing text or labels of the wrong type.
Result<Example> ParseExample(std::string_view line);
// Reads a JSONL file; a malformed line is InvalidArgument naming "path:line".
Result<std::vector<Example>> ReadExamples(const std::string& path);

// Deterministic split: true when the example belongs to the dev split (about
// `dev_percent` % of texts, by a hash of the text, so every tool agrees).
// `byteback train` neither trains nor calibrates on it; `eval --split dev`
// scores it.
bool InDevSplit(std::string_view text, int dev_percent = 10);
// The calibration slice: about `percent` % of texts by a second, independent
// hash. `byteback train` calibrates thresholds on the texts of --data that
// are in it and not in the dev split, and trains on the rest.
bool InCalibrationSplit(std::string_view text, int percent = 10);

struct TrainOptions {
  uint32_t bucket_bits = 20;
  int epochs = 6;
  float learning_rate = 0.2f;  // AdaGrad step
  float l2 = 1e-7f;
  uint64_t seed = 1;
  // Highest score a text with no known features may get (caps the bias).
  float unknown_prior = 0.05f;
  // Calibrated thresholds are never below this: a message the model itself
  // finds more likely benign than not is not flagged. F1 on the mostly
  // abusive sets (Davidson 83% positive, TRAC-1 70%) rewards flagging nearly
  // everything, and with 0.25 the English bar fell to 0.31: "The embassy
  // issued a statement on Monday" was flagged. 0.5 flags 11 of 157 clean
  // messages instead of 21 at the same count of cells ahead of fastText
  // (docs/BENCHMARKS.md).
  float min_threshold = 0.5f;
  // A label no threshold can learn (no true positive in the calibration
  // data at any threshold, e.g. `threat` with a handful of examples) gets
  // this one: only lexicon floors (DetectOptions::lexicon_floor) reach it.
  float no_evidence_threshold = 0.85f;
  // Adds a training-only feature per Example::source (see train.cc).
  bool source_features = false;
  // Holds the bias at logit(unknown_prior) during training instead of
  // learning it and capping it afterwards (see train.cc).
  bool fixed_bias = true;
  // Decays the step linearly to 5% over the epochs.
  bool decay_step = true;
  // Calibrates thresholds per language group too (Model::group_threshold).
  bool group_thresholds = true;
  // Calibration maximises the mean dev F1 over datasets, each weighing
  // (its positives)^dataset_weight_power (train.cc, MeanF1).
  float dataset_weight_power = 0.25f;
  // Trains this many times (seeds seed, seed+1, ...) and averages the
  // weights (train.cc).
  int average_runs = 1;
  // After calibrating, trains again on the training and calibration
  // examples together and keeps the thresholds (train.cc).
  bool refit = false;
  std::string version = "shield-dev";
};

// Trains a model on `train` (lexicon features from `detector_lexicon`), then
// calibrates per-label thresholds on `dev` (max of the mean F1 over the dev
// datasets, Example::source; 0.5 when a label has no dev examples). Deterministic for the same inputs and seed.
Result<Model> Train(const std::vector<Example>& train, const std::vector<Example>& dev,
                    const Lexicon& lexicon, const TrainOptions& options);

struct LabelMetrics {
  int64_t tp = 0, fp = 0, fn = 0, tn = 0;
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 0.0; }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 0.0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
  int64_t support() const { return tp + fn + fp + tn; }
};

struct EvalReport {
  std::array<LabelMetrics, kLabelCount> labels;
  int64_t examples = 0;
  // Mean F1 over labels with at least one annotated example.
  double macro_f1() const;
  std::string ToJson() const;
  std::string ToText() const;
};

// Scans every example and compares labels where annotated.
EvalReport Evaluate(const Detector& detector, const std::vector<Example>& examples);

}  // namespace byteback::detect

#endif  // BYTEBACK_DETECT_DETECT_H_
