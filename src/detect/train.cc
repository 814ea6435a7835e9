// train.cc: examples, deterministic training, threshold calibration and
// evaluation.
//
// Training is multi-label logistic regression over the hashed features of
// features.cc, optimised with AdaGrad in a fixed, seeded order (the same data
// and seed give a byte-identical model file). A label missing from an
// example is unknown: it gets no gradient. After training, weights are
// quantised to int8 with one scale per label, and thresholds are chosen on
// the dev examples to maximise F1 per label, scanning with the final,
// quantised Detector (lexicon floors included) so calibration sees exactly
// what users will see.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "core/utf8.h"
#include "detect/detect.h"
#include "detect/detect_internal.h"

namespace byteback::detect {
namespace {

std::string IdToString(const nlohmann::json& id) {
  if (id.is_string()) return id.get<std::string>();
  if (id.is_number_integer()) return std::to_string(id.get<int64_t>());
  return id.dump();
}

// One dev observation for calibration.
struct Obs {
  float score;
  bool positive;
  uint32_t group;  // dataset (Example::source)
  uint8_t lang;    // LangGroup of the verdict's language
};

// Weighted mean over datasets of the F1 when a message is flagged at its
// language group's threshold. A dataset weighs positives^power: 0 counts
// each dataset once (pooled F1 would let the big, mostly-abusive sets push
// thresholds down until ordinary messages are flagged); 0.5 lets an F1
// measured on 23 positives (reddit insult) sway the threshold less than one
// measured on 1,900, as its error is larger.
double MeanF1(const std::vector<Obs>& obs, uint32_t groups, const std::array<float, kLangGroupCount>& t,
              float power) {
  std::vector<int64_t> tp(groups), fp(groups), pos(groups);
  for (const Obs& o : obs) {
    pos[o.group] += o.positive;
    if (o.score >= t[o.lang]) (o.positive ? tp : fp)[o.group] += 1;
  }
  double sum = 0, weights = 0;
  for (uint32_t g = 0; g < groups; ++g) {
    if (pos[g] == 0) continue;
    const double w = std::pow(double(pos[g]), double(power));
    sum += w * 2.0 * double(tp[g]) / double(2 * tp[g] + fp[g] + (pos[g] - tp[g]));
    weights += w;
  }
  return weights > 0 ? sum / weights : 0.0;
}

// Thresholds per language group: starting from the global one, each language
// group (en, latn, native) with enough dev data (200 annotated messages, 20 positive) in turn gets
// the threshold that maximises the mean F1 over datasets; two rounds. The
// same grid as BestThreshold.
std::array<float, kLangGroupCount> BestGroupThresholds(const std::vector<Obs>& obs, uint32_t groups, float global,
                                                       float min_threshold, float power) {
  std::array<float, kLangGroupCount> t;
  t.fill(global);
  std::array<int64_t, kLangGroupCount> count{}, pos{};
  for (const Obs& o : obs) {
    count[o.lang] += 1;
    pos[o.lang] += o.positive;
  }
  for (int round = 0; round < 2; ++round) {
    // The last group ("other": und, tl) is no language the dev data speaks
    // for: it gets the highest of the others' thresholds, below.
    for (size_t g = 0; g + 1 < kLangGroupCount; ++g) {
      if (count[g] < 200 || pos[g] < 20) continue;
      float best = t[g];
      double best_score = MeanF1(obs, groups, t, power);
      for (float c = min_threshold; c <= 0.95f + 1e-6f; c += 0.005f) {
        std::array<float, kLangGroupCount> trial = t;
        trial[g] = c;
        double score = MeanF1(obs, groups, trial, power);
        if (score > best_score + 1e-12) {
          best_score = score;
          best = c;
        }
      }
      t[g] = best;
    }
  }
  // Text whose language the guesser cannot tell gets the strictest bar.
  t[kLangGroupCount - 1] = *std::max_element(t.begin(), t.end() - 1);
  return t;
}

// Picks the threshold that maximises MeanF1 with one threshold for all.
// Candidates: a grid over [min_threshold, 0.95]; ties keep the lowest. When
// no candidate finds a single true positive the data says nothing about the
// label: `no_evidence` (before, the grid's lowest candidate won the tie of
// zeros, and the model's `threat` flagged "bitch" alone at 0.30).
float BestThreshold(const std::vector<Obs>& obs, uint32_t groups, float min_threshold, float no_evidence,
                    float power) {
  if (obs.empty()) return 0.5f;
  float best = 0.5f;
  double best_score = -1;
  for (float t = min_threshold; t <= 0.95f + 1e-6f; t += 0.005f) {
    std::array<float, kLangGroupCount> all;
    all.fill(t);
    const double score = MeanF1(obs, groups, all, power);
    if (score > best_score) {
      best_score = score;
      best = t;
    }
  }
  return best_score > 0 ? best : no_evidence;
}

}  // namespace

Result<Example> ParseExample(std::string_view line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument("not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument("expected a JSON object");
  Example e;
  auto text = j.find("text");
  if (text == j.end() || !text->is_string()) return Status::InvalidArgument("missing string field \"text\"");
  e.text = text->get<std::string>();
  if (auto id = j.find("id"); id != j.end()) e.id = IdToString(*id);
  if (auto src = j.find("source"); src != j.end() && src->is_string()) e.source = src->get<std::string>();
  if (auto labels = j.find("labels"); labels != j.end()) {
    if (!labels->is_object()) return Status::InvalidArgument("\"labels\" must be an object");
    for (auto& [k, v] : labels->items()) {
      auto l = ParseLabel(k);
      if (!l) continue;  // labels this engine does not model
      if (!v.is_number() || (v.get<double>() != 0 && v.get<double>() != 1))
        return Status::InvalidArgument("label \"" + k + "\" must be 0 or 1");
      e.known |= Bit(*l);
      if (v.get<double>() == 1) e.positive |= Bit(*l);
    }
  }
  return e;
}

Result<std::vector<Example>> ReadExamples(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read '" + path + "'");
  std::vector<Example> out;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line == "\r") continue;
    Result<Example> e = ParseExample(line);
    if (!e.ok()) return Status::InvalidArgument(path + ":" + std::to_string(n) + ": " + e.status().message());
    if (e->source.empty()) e->source = path;
    out.push_back(std::move(e).value());
  }
  return out;
}

bool InDevSplit(std::string_view text, int dev_percent) {
  return static_cast<int>(internal::Hash(text, 7) % 100) < dev_percent;
}

bool InCalibrationSplit(std::string_view text, int percent) {
  return static_cast<int>(internal::Hash(text, 13) % 100) < percent;
}

namespace {

// The weights (quantised) and bias of a model trained on `train`; no
// thresholds yet.
Result<Model> FitWeights(const std::vector<const Example*>& train, const Lexicon& lexicon,
                         const TrainOptions& options) {
  const size_t buckets = size_t{1} << options.bucket_bits;
  Model zero;
  zero.bucket_bits = options.bucket_bits;
  zero.weights.assign(buckets * kLabelCount, 0);
  BB_ASSIGN_OR_RETURN(auto analyzer, Detector::Build({}, lexicon, zero));
  Scratch scratch(*analyzer);

  // Features of every training example, computed once.
  std::vector<std::vector<uint32_t>> feats(train.size());
  for (size_t i = 0; i < train.size(); ++i) {
    analyzer->Analyze(train[i]->text, scratch, &feats[i]);
    // A training-only feature per dataset soaks up each dataset's base rate
    // and annotation habits; scans never see it, so the other weights keep
    // the evidence that holds across datasets.
    if (options.source_features)
      feats[i].push_back(static_cast<uint32_t>(internal::Hash(train[i]->source, 11)) & static_cast<uint32_t>(buckets - 1));
  }

  // The bias is the score of a text with no known features. It is held at
  // the low prior from the start (options.fixed_bias): the training sets are
  // mostly abusive, and a learned bias would say "abusive" for text the model
  // knows nothing about (a language it has not seen, a single unknown word).
  // Held during training, the weights learn what the bias cannot, so scores
  // on known text stay calibrated (capping a learned bias afterwards, the
  // older way, deflated every score and pushed the thresholds to their floor).
  const float prior_logit = std::log(options.unknown_prior / (1.0f - options.unknown_prior));
  // options.average_runs > 1: that many runs with seeds seed, seed+1, ...,
  // their weights (and biases) averaged: the order of the examples moves
  // single dev F1s by a few hundredths, the average much less.
  const int runs = std::max(1, options.average_runs);
  std::vector<float> wsum(runs > 1 ? buckets * kLabelCount : 0, 0.0f);
  std::array<float, kLabelCount> bsum{};
  std::vector<float> w, g;
  std::array<float, kLabelCount> bias{}, gbias{};
  for (int run = 0; run < runs; ++run) {
  w.assign(buckets * kLabelCount, 0.0f);
  g.assign(buckets * kLabelCount, 1e-6f);
  bias.fill(0.0f);
  if (options.fixed_bias) bias.fill(prior_logit);
  gbias.fill(1e-6f);
  // Step size: AdaGrad's, times a linear decay to 5% over all epochs when
  // options.decay_step (fastText's schedule).
  const double total_steps = double(options.epochs) * double(train.size());
  double step = 0;
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(options.seed + uint64_t(run));
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    for (size_t idx : order) {
      const Example& ex = *train[idx];
      const float lr =
          options.decay_step ? options.learning_rate * float(std::max(0.05, 1.0 - step / total_steps)) : options.learning_rate;
      step += 1;
      if (!ex.known) continue;
      const auto& f = feats[idx];
      for (size_t l = 0; l < kLabelCount; ++l) {
        if (!(ex.known & (1u << l))) continue;
        float z = bias[l];
        for (uint32_t b : f) z += w[size_t{b} * kLabelCount + l];
        const float y = (ex.positive & (1u << l)) ? 1.0f : 0.0f;
        const float grad = internal::Sigmoid(z) - y;
        for (uint32_t b : f) {
          size_t k = size_t{b} * kLabelCount + l;
          float gk = grad + options.l2 * w[k];
          g[k] += gk * gk;
          w[k] -= lr * gk / std::sqrt(g[k]);
        }
        if (options.fixed_bias) continue;
        gbias[l] += grad * grad;
        bias[l] -= lr * grad / std::sqrt(gbias[l]);
      }
    }
  }
  if (runs > 1) {
    for (size_t k = 0; k < w.size(); ++k) wsum[k] += w[k];
    for (size_t l = 0; l < kLabelCount; ++l) bsum[l] += bias[l];
  }
  }  // runs
  if (runs > 1) {
    for (size_t k = 0; k < w.size(); ++k) w[k] = wsum[k] / float(runs);
    for (size_t l = 0; l < kLabelCount; ++l) bias[l] = bsum[l] / float(runs);
  }

  Model m;
  m.version = options.version;
  m.bucket_bits = options.bucket_bits;
  // A learned bias (fixed_bias off) is capped at the prior: a verdict must
  // come from evidence in the text.
  for (size_t l = 0; l < kLabelCount; ++l) m.bias[l] = std::min(bias[l], prior_logit);
  m.weights.assign(buckets * kLabelCount, 0);
  for (size_t l = 0; l < kLabelCount; ++l) {
    float max_abs = 0;
    for (size_t b = 0; b < buckets; ++b) max_abs = std::max(max_abs, std::fabs(w[b * kLabelCount + l]));
    m.scale[l] = max_abs > 0 ? max_abs / 127.0f : 1.0f;
    for (size_t b = 0; b < buckets; ++b) {
      float q = std::round(w[b * kLabelCount + l] / m.scale[l]);
      m.weights[b * kLabelCount + l] = static_cast<int8_t>(std::clamp(q, -127.0f, 127.0f));
    }
  }
  return m;
}

}  // namespace

Result<Model> Train(const std::vector<Example>& train, const std::vector<Example>& dev, const Lexicon& lexicon,
                    const TrainOptions& options) {
  if (train.empty()) return Status::InvalidArgument("no training examples");
  if (options.bucket_bits < kMinBucketBits || options.bucket_bits > kMaxBucketBits)
    return Status::InvalidArgument("bucket_bits must be between 10 and 24");
  std::vector<const Example*> rows;
  rows.reserve(train.size() + dev.size());
  for (const Example& e : train) rows.push_back(&e);
  BB_ASSIGN_OR_RETURN(Model m, FitWeights(rows, lexicon, options));

  // Calibrate thresholds with the final, quantised detector, on raw scores
  // (lexicon floors included; thresholds out of reach, so no label lifts
  // `abusive`). The specific labels first; then `abusive`, counting as
  // flagged every message that a specific label flags, as Scan() does.
  Model probe = m;
  probe.threshold.fill(2.0f);
  BB_ASSIGN_OR_RETURN(auto final_detector, Detector::Build({}, lexicon, std::move(probe)));
  Scratch s2(*final_detector);
  struct DevScore {
    std::array<float, kLabelCount> score;
    LabelMask known, positive;
    uint32_t group;
    uint8_t lang;
  };
  std::vector<DevScore> scored;
  scored.reserve(dev.size());
  std::map<std::string, uint32_t> groups;
  Verdict v;
  for (const Example& ex : dev) {
    final_detector->Scan(ex.text, s2, &v);
    uint32_t group = groups.emplace(ex.source, static_cast<uint32_t>(groups.size())).first->second;
    scored.push_back({v.scores, ex.known, ex.positive, group, static_cast<uint8_t>(LangGroup(v.lang))});
  }
  auto observations = [&](size_t l, bool implied) {
    std::vector<Obs> obs;
    for (const DevScore& d : scored) {
      if (!(d.known & (1u << l))) continue;
      float score = d.score[l];
      if (implied)
        for (size_t k = 1; k < kLabelCount; ++k)
          if (d.score[k] >= m.ThresholdsFor(d.lang)[k]) score = 2.0f;  // flagged whatever the threshold
      obs.push_back({score, (d.positive & (1u << l)) != 0, d.group, d.lang});
    }
    return obs;
  };
  std::array<size_t, kLabelCount> annotated{};
  const uint32_t ngroups = static_cast<uint32_t>(groups.size());
  m.has_group_thresholds = options.group_thresholds;
  auto calibrate = [&](size_t l) {
    std::vector<Obs> obs = observations(l, l == 0);
    annotated[l] = obs.size();
    const float power = options.dataset_weight_power;
    m.threshold[l] = BestThreshold(obs, ngroups, options.min_threshold, options.no_evidence_threshold, power);
    std::array<float, kLangGroupCount> t;
    t.fill(m.threshold[l]);
    if (options.group_thresholds) t = BestGroupThresholds(obs, ngroups, m.threshold[l], options.min_threshold, power);
    for (size_t g = 0; g < kLangGroupCount; ++g) m.group_threshold[g][l] = t[g];
  };
  for (size_t l = 1; l < kLabelCount; ++l) calibrate(l);
  calibrate(0);
  // options.refit: the thresholds stay, the weights are learned again from
  // the training and calibration examples together (the calibration slice
  // is then no longer unseen, so the thresholds come from the first model).
  if (options.refit && !dev.empty()) {
    for (const Example& e : dev) rows.push_back(&e);
    BB_ASSIGN_OR_RETURN(Model full, FitWeights(rows, lexicon, options));
    full.threshold = m.threshold;
    full.group_threshold = m.group_threshold;
    full.has_group_thresholds = m.has_group_thresholds;
    m = std::move(full);
  }
  nlohmann::json info;
  if (options.refit) info["refit"] = true;
  info["train_examples"] = train.size();
  info["calibration_examples"] = dev.size();
  info["seed"] = options.seed;
  info["epochs"] = options.epochs;
  info["learning_rate"] = options.learning_rate;
  info["fixed_bias"] = options.fixed_bias;
  info["decay_step"] = options.decay_step;
  info["group_thresholds"] = options.group_thresholds;
  info["dataset_weight_power"] = options.dataset_weight_power;
  if (options.average_runs > 1) info["average_runs"] = options.average_runs;
  for (size_t l = 0; l < kLabelCount; ++l)
    info["calibration_annotated"][std::string(LabelName(static_cast<Label>(l)))] = annotated[l];
  m.info_json = info.dump();
  return m;
}

double EvalReport::macro_f1() const {
  double sum = 0;
  int n = 0;
  for (const auto& l : labels) {
    if (l.support() == 0) continue;
    sum += l.f1();
    ++n;
  }
  return n ? sum / n : 0.0;
}

std::string EvalReport::ToJson() const {
  nlohmann::json j;
  j["examples"] = examples;
  for (size_t l = 0; l < kLabelCount; ++l) {
    const LabelMetrics& m = labels[l];
    if (m.support() == 0) continue;
    j["labels"][std::string(LabelName(static_cast<Label>(l)))] = {
        {"precision", m.precision()}, {"recall", m.recall()}, {"f1", m.f1()}, {"tp", m.tp},
        {"fp", m.fp},                 {"fn", m.fn},           {"tn", m.tn},   {"annotated", m.support()}};
  }
  j["macro_f1"] = macro_f1();
  return j.dump();
}

std::string EvalReport::ToText() const {
  std::ostringstream o;
  o << "label      precision  recall   f1      annotated\n";
  char buf[128];
  for (size_t l = 0; l < kLabelCount; ++l) {
    const LabelMetrics& m = labels[l];
    if (m.support() == 0) continue;
    std::snprintf(buf, sizeof buf, "%-10s %-10.4f %-8.4f %-7.4f %lld\n",
                  std::string(LabelName(static_cast<Label>(l))).c_str(), m.precision(), m.recall(), m.f1(),
                  static_cast<long long>(m.support()));
    o << buf;
  }
  std::snprintf(buf, sizeof buf, "macro-F1   %.4f over %lld examples\n", macro_f1(), static_cast<long long>(examples));
  o << buf;
  return o.str();
}

EvalReport Evaluate(const Detector& detector, const std::vector<Example>& examples) {
  EvalReport r;
  Scratch scratch(detector);
  Verdict v;
  for (const Example& ex : examples) {
    detector.Scan(ex.text, scratch, &v);
    ++r.examples;
    for (size_t l = 0; l < kLabelCount; ++l) {
      if (!(ex.known & (1u << l))) continue;
      const bool y = ex.positive & (1u << l), p = v.labels & (1u << l);
      LabelMetrics& m = r.labels[l];
      (y ? (p ? m.tp : m.fn) : (p ? m.fp : m.tn)) += 1;
    }
  }
  return r;
}

}  // namespace byteback::detect
