// cmd_serve.cc: `byteback serve` runs the web app and API until SIGTERM or
// SIGINT.
//
// Signals: SIGINT, SIGTERM and SIGHUP are blocked in every thread before any
// thread starts; one signal thread waits for them with sigwait(), so no work
// happens in a signal handler. SIGINT/SIGTERM call Server::Stop(), which lets
// requests in flight finish. SIGHUP reloads the Shield (model file, lexicon
// folder, community terms): a bad file is logged and the old detector keeps
// serving. A second thread checks every kCommunityPollSeconds whether another
// server sharing the database changed the community lexicon.
#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/commands.h"
#include "cli/config.h"
#include "cli/runtime.h"
#include "cli/shield_paths.h"
#include "ocr/ocr.h"
#include "server/server.h"
#include "shield/shield.h"

namespace byteback::cli {
namespace {

constexpr int kCommunityPollSeconds = 30;

Result<server::ServerOptions> ServerOptionsFrom(const Config& c) {
  server::ServerOptions o;
  BB_RETURN_IF_ERROR(c.SplitListen(&o.host, &o.port));
  o.worker_threads = c.threads;
  o.max_body_bytes = c.max_body_bytes;
  o.max_upload_bytes = c.max_upload_bytes;
  o.quick_exit_url = c.quick_exit_url;
  o.cookie_secure = c.cookie_secure == "true"    ? server::CookieSecure::kAlways
                    : c.cookie_secure == "false" ? server::CookieSecure::kNever
                                                 : server::CookieSecure::kAuto;
  o.version = VersionString();
  return o;
}

void PrintSetupLink(const std::string& token, const server::ServerOptions& o) {
  std::string host = o.host == "0.0.0.0" || o.host == "::" ? "127.0.0.1" : o.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  std::printf(
      "\n  No admin account exists yet. Create the first admin within 24 hours at:\n\n"
      "    http://%s:%d/setup#token=%s\n\n"
      "  (one-time link; run `byteback admin setup-token` for a new one)\n\n",
      host.c_str(), o.port, token.c_str());
  std::fflush(stdout);
}

Status RunServe(const ConfigFlags& flags) {
  BB_ASSIGN_OR_RETURN(Config config, LoadConfig(flags, [](const char* n) { return std::getenv(n); }));
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  BB_ASSIGN_OR_RETURN(server::ServerOptions options, ServerOptionsFrom(config));

  // Block the signals before any thread exists, so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  BB_ASSIGN_OR_RETURN(auto rt, OpenRuntime(config, MigratePolicy::kApply));
  server::Services services;
  services.store = rt->store.get();
  services.keyring = rt->keyring.get();
  services.accounts = rt->accounts.get();
  services.incidents = rt->incidents.get();
  shield::ShieldOptions shield_options;
  shield_options.model_path = ResolveModelPath(config.model);
  shield_options.lexicon_dir = ResolveLexiconDir(config.lexicons);
  auto opened = shield::Shield::Open(shield_options, rt->store.get(), rt->accounts.get());
  if (!opened.ok()) {
    return Status(opened.status().code(),
                  "cannot load the Shield (model " + shield_options.model_path + ", lexicons " +
                      shield_options.lexicon_dir + "): " + opened.status().message());
  }
  std::unique_ptr<shield::Shield> shield = std::move(opened).value();
  services.shield = shield.get();
  services.signer = rt->signer.get();
  options.complaints_dir = ResolveComplaintsDir();
  // Screenshots are read in the languages of the region; without tesseract's
  // data they are still kept as evidence, only not read.
  std::unique_ptr<ocr::Recognizer> recognizer;
  {
    ocr::Options oo;
    oo.languages = {"eng", "hin", "urd"};  // Journey 1: Urdu, Hindi, English screenshots
    auto r = ocr::Recognizer::Create(oo);
    if (r.ok()) {
      recognizer = std::move(r).value();
      services.ocr = recognizer.get();
    } else {
      spdlog::warn("screenshots will be stored but not read: {}", r.status().message());
    }
  }
  spdlog::info("shield: model {} from {}, {} lexicon entries ({} community)",
               shield->info().model_version, shield_options.model_path,
               shield->info().lexicon_entries, shield->info().community_terms);
  BB_ASSIGN_OR_RETURN(auto srv, server::Server::Create(options, services));

  BB_ASSIGN_OR_RETURN(std::optional<std::string> setup, rt->accounts->EnsureSetupToken());
  if (setup) PrintSetupLink(*setup, options);

  std::thread signal_thread([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        auto info = shield->Reload("SIGHUP");
        if (info.ok()) {
          spdlog::info("SIGHUP: shield reloaded, generation {}, model {}, {} lexicon entries",
                       info->generation, info->model_version, info->lexicon_entries);
        } else {
          spdlog::error("SIGHUP: shield reload rejected, the previous one keeps serving: {}",
                        info.status().ToString());
        }
        continue;
      }
      spdlog::info("signal {}: finishing requests in flight, then stopping", sig);
      srv->Stop();
      return;
    }
  });
  std::mutex poll_mu;
  std::condition_variable poll_cv;
  bool stopping = false;
  std::thread poll_thread([&] {
    std::unique_lock<std::mutex> lock(poll_mu);
    while (!poll_cv.wait_for(lock, std::chrono::seconds(kCommunityPollSeconds), [&] { return stopping; })) {
      lock.unlock();
      auto changed = shield->RefreshIfChanged();
      if (!changed.ok()) {
        spdlog::warn("shield: community lexicon check failed: {}", changed.status().ToString());
      } else if (*changed) {
        spdlog::info("shield: community lexicon changed elsewhere, reloaded (generation {})",
                     shield->info().generation);
      }
      lock.lock();
    }
  });
  spdlog::info("byteback serving on http://{}:{} (database {})", options.host, options.port,
               rt->store->backend());
  Status served = srv->Listen();
  {
    std::lock_guard<std::mutex> lock(poll_mu);
    stopping = true;
  }
  poll_cv.notify_all();
  poll_thread.join();
  if (!served.ok()) {
    // Wake the signal thread so it can be joined.
    pthread_kill(signal_thread.native_handle(), SIGTERM);
  }
  signal_thread.join();
  spdlog::info("byteback stopped");
  return served;
}

}  // namespace

void RegisterServe(CLI::App& app) {
  auto flags = std::make_shared<ConfigFlags>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the web app and the API (stops cleanly on SIGTERM/SIGINT)");
  AddConfigFlags(cmd, flags.get());
  cmd->callback([flags] {
    if (Status s = RunServe(*flags); !s.ok()) Fail(s);
  });
}

}  // namespace byteback::cli
