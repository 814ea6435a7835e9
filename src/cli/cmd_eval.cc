// cmd_eval.cc: `byteback eval` reports precision, recall and F1 per label and
// macro-F1 of a model on labelled JSONL. --split dev|train evaluates only the
// hashed split that `byteback train` held out (or trained on).
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/shield_paths.h"
#include "detect/detect.h"

namespace byteback::cli {
namespace {

struct EvalArgs {
  std::vector<std::string> data;
  std::string model, lexicons, split = "all";
  int dev_percent = 10;
  bool json = false;
};

Status RunEval(const EvalArgs& a) {
  if (a.split != "all" && a.split != "dev" && a.split != "train")
    return Status::InvalidArgument("--split must be all, dev or train");
  BB_ASSIGN_OR_RETURN(auto detector, LoadShield(a.model, a.lexicons));
  std::vector<detect::Example> examples;
  for (const auto& path : a.data) {
    BB_ASSIGN_OR_RETURN(auto ex, detect::ReadExamples(path));
    for (auto& e : ex) {
      bool dev = detect::InDevSplit(e.text, a.dev_percent);
      if (a.split == "all" || (a.split == "dev") == dev) examples.push_back(std::move(e));
    }
  }
  detect::EvalReport r = detect::Evaluate(*detector, examples);
  if (a.json)
    std::printf("%s\n", r.ToJson().c_str());
  else
    std::printf("model %s\n%s", detector->model().version.c_str(), r.ToText().c_str());
  return Status::Ok();
}

}  // namespace

void RegisterEval(CLI::App& app) {
  auto a = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand("eval", "Precision, recall and F1 per label of a model on labelled JSONL");
  cmd->add_option("--data", a->data, "labelled JSONL file (repeatable)")->required();
  cmd->add_option("--model", a->model, "model file (default: data/models/shield.bbm)");
  cmd->add_option("--lexicons", a->lexicons, "lexicon folder (default: data/lexicons)");
  cmd->add_option("--split", a->split, "all, or only the hashed dev/train split")->capture_default_str();
  cmd->add_option("--dev-percent", a->dev_percent, "size of the hashed dev split")->capture_default_str();
  cmd->add_flag("--json", a->json, "print one JSON object");
  cmd->callback([a] {
    if (Status s = RunEval(*a); !s.ok()) Fail(s);
  });
}

}  // namespace byteback::cli
