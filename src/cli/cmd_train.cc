// cmd_train.cc: `byteback train` trains a Shield model on labelled JSONL
// (format: data/models/README.md). Without --dev, each --data file is cut
// three ways by hashes of the text, so the same command always gives the
// same model: the dev split (--dev-percent, detect::InDevSplit) is held out
// for `eval --split dev` and used for nothing else; of the rest, a
// calibration slice (--calibration-percent, detect::InCalibrationSplit)
// sets the thresholds, and the model trains on what remains. Thresholds
// tuned on the rows they are scored on would flatter every dev figure.
// With --dev, the model trains on all of --data and calibrates on --dev.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/shield_paths.h"
#include "detect/detect.h"

namespace byteback::cli {
namespace {

struct TrainArgs {
  std::vector<std::string> data, dev;
  std::string out, lexicons, version = "shield-dev";
  int dev_percent = 10, calibration_percent = 10;
  detect::TrainOptions options;
};

Status RunTrain(TrainArgs a) {
  BB_ASSIGN_OR_RETURN(detect::Lexicon lexicon, detect::LoadLexiconDir(ResolveLexiconDir(a.lexicons)));
  std::vector<detect::Example> train, dev;
  size_t held_out = 0;
  for (const auto& path : a.data) {
    BB_ASSIGN_OR_RETURN(auto examples, detect::ReadExamples(path));
    for (auto& e : examples) {
      if (!a.dev.empty())
        train.push_back(std::move(e));
      else if (detect::InDevSplit(e.text, a.dev_percent))
        ++held_out;
      else if (detect::InCalibrationSplit(e.text, a.calibration_percent))
        dev.push_back(std::move(e));
      else
        train.push_back(std::move(e));
    }
  }
  for (const auto& path : a.dev) {
    BB_ASSIGN_OR_RETURN(auto examples, detect::ReadExamples(path));
    for (auto& e : examples) dev.push_back(std::move(e));
  }
  std::fprintf(stderr, "training on %zu examples, calibrating on %zu, %zu held out (dev split)\n", train.size(),
               dev.size(), held_out);
  a.options.version = a.version;
  BB_ASSIGN_OR_RETURN(detect::Model model, detect::Train(train, dev, lexicon, a.options));
  BB_RETURN_IF_ERROR(model.Save(a.out));
  std::fprintf(stderr, "wrote %s (%s); thresholds:", a.out.c_str(), model.version.c_str());
  for (size_t l = 0; l < detect::kLabelCount; ++l)
    std::fprintf(stderr, " %s=%.3f", std::string(detect::LabelName(static_cast<detect::Label>(l))).c_str(),
                 static_cast<double>(model.threshold[l]));
  std::fprintf(stderr, "\n");
  return Status::Ok();
}

}  // namespace

void RegisterTrain(CLI::App& app) {
  auto a = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train a Shield model on labelled JSONL files");
  cmd->add_option("--data", a->data, "labelled JSONL training file (repeatable)")->required();
  cmd->add_option("--dev", a->dev, "JSONL file for threshold calibration (repeatable; default: a hashed "
                                   "--calibration-percent of --data)");
  cmd->add_option("--dev-percent", a->dev_percent,
                  "without --dev: hashed share of --data held out from training and calibration (the dev split "
                  "of eval --split dev); 0 for none")
      ->capture_default_str()->check(CLI::Range(0, 50));
  cmd->add_option("--calibration-percent", a->calibration_percent,
                  "without --dev: hashed share of the rest of --data that calibrates the thresholds")
      ->capture_default_str()->check(CLI::Range(1, 50));
  cmd->add_option("--out", a->out, "model file to write")->required();
  cmd->add_option("--lexicons", a->lexicons, "lexicon folder (default: data/lexicons)");
  cmd->add_option("--model-version", a->version, "version string stored in the model")->capture_default_str();
  cmd->add_option("--seed", a->options.seed, "random seed")->capture_default_str();
  cmd->add_option("--epochs", a->options.epochs, "passes over the data")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_flag("--source-features", a->options.source_features, "per-dataset training-only features");
  cmd->add_option("--learning-rate", a->options.learning_rate, "AdaGrad step")->capture_default_str();
  cmd->add_flag("!--learned-bias", a->options.fixed_bias,
                "learn the bias and cap it afterwards instead of holding it at the prior");
  cmd->add_flag("!--constant-step", a->options.decay_step, "no linear decay of the step");
  cmd->add_flag("!--one-threshold", a->options.group_thresholds, "no thresholds per language group");
  cmd->add_option("--dataset-weight-power", a->options.dataset_weight_power,
                  "calibration: a dev dataset weighs (positives)^this")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--average-runs", a->options.average_runs,
                  "train this many times (seeds seed, seed+1, ...) and average the weights")
      ->capture_default_str()->check(CLI::Range(1, 32));
  cmd->add_option("--min-threshold", a->options.min_threshold, "calibrated thresholds are never below this")
      ->capture_default_str()->check(CLI::Range(0.05, 0.95));
  cmd->add_flag("--refit", a->options.refit,
                "after calibrating, train again on the training and calibration rows, keeping the thresholds");
  cmd->add_option("--bucket-bits", a->options.bucket_bits, "log2 of the hashed feature buckets")
      ->capture_default_str()->check(CLI::Range(10, 24));
  cmd->callback([a] {
    if (Status s = RunTrain(*a); !s.ok()) Fail(s);
  });
}

}  // namespace byteback::cli
