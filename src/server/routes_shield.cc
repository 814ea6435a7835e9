// routes_shield.cc: the native scoring API, the Shield's status and reload,
// and the community lexicon. See docs/API.md#shield and docs/SHIELD.md.
#include <spdlog/spdlog.h>

#include "core/json_text.h"
#include "detect/detect.h"
#include "server/http_internal.h"
#include "server/server_internal.h"
#include "shield/shield.h"

namespace byteback::server {
namespace {

namespace sh = byteback::shield;

// Longest text scored in one message (the Perspective API's limit too).
constexpr size_t kMaxScoreTextBytes = 20 * 1024;
constexpr size_t kMaxBatch = 1000;
constexpr size_t kMaxMessageIdBytes = 200;

constexpr FieldSpec kScoreItem[] = {
    {.name = "id", .type = JsonType::kString, .max_length = kMaxMessageIdBytes},
    {.name = "text", .type = JsonType::kString, .required = true, .max_length = kMaxScoreTextBytes},
};
constexpr FieldSpec kScoreFields[] = {
    {.name = "text", .type = JsonType::kString, .max_length = kMaxScoreTextBytes},
    {.name = "messages", .type = JsonType::kObjectArray, .max_length = kMaxBatch, .items = kScoreItem},
};
constexpr FieldSpec kProposeFields[] = {
    {.name = "term", .type = JsonType::kString, .required = true, .max_length = sh::kMaxTermBytes},
    {.name = "lang", .type = JsonType::kString, .required = true, .max_length = 16},
    {.name = "categories", .type = JsonType::kString, .max_length = 100},
    {.name = "severity", .type = JsonType::kInteger, .min_value = 1, .max_value = 3},
    {.name = "notes", .type = JsonType::kString, .max_length = sh::kMaxNotesBytes},
    {.name = "country", .type = JsonType::kString, .max_length = 2},
};
constexpr FieldSpec kReasonFields[] = {
    {.name = "reason", .type = JsonType::kString, .max_length = sh::kMaxReasonBytes},
};

Result<sh::Shield*> ShieldOf(RouteContext& ctx) {
  if (ctx.server.services.shield == nullptr) {
    return Status::Unavailable("the Shield is not loaded on this server");
  }
  return ctx.server.services.shield;
}

nlohmann::json InfoJson(const sh::DetectorInfo& i) {
  return {{"generation", i.generation},           {"model_version", i.model_version},
          {"lexicon_entries", i.lexicon_entries}, {"community_terms", i.community_terms},
          {"community_version", i.community_version}, {"loaded_at", i.loaded_at}};
}

nlohmann::json TermJson(const sh::Term& t) {
  nlohmann::json j = {{"id", t.id},
                      {"term", t.term},
                      {"lang", t.lang},
                      {"categories", t.categories},
                      {"severity", t.severity},
                      {"notes", t.notes},
                      {"country", t.country},
                      {"status", std::string(sh::TermStatusName(t.status))},
                      {"proposed_by", t.proposed_by},
                      {"proposed_at", t.proposed_at},
                      {"decided_by", nullptr},
                      {"decided_at", t.decided_at},
                      {"reason", t.reason}};
  if (t.decided_by) j["decided_by"] = *t.decided_by;
  return j;
}

nlohmann::json VersionJson(const sh::Version& v) {
  return {{"version", v.version},       {"created_at", v.created_at},
          {"created_by", v.created_by}, {"action", v.action},
          {"term_id", v.term_id},       {"rolled_back_to", v.rolled_back_to},
          {"active_term_ids", v.active_ids}};
}

Status Score(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(sh::Shield * shield, ShieldOf(ctx));
  const bool single = Has(ctx.body, "text");
  const bool batch = Has(ctx.body, "messages");
  if (single == batch) {
    return Status::InvalidArgument("send either 'text' (one message) or 'messages' (a batch of up to " +
                                   std::to_string(kMaxBatch) + ")");
  }
  if (batch && ctx.body["messages"].empty()) {
    return Status::InvalidArgument("field 'messages': must not be empty");
  }
  // One detector for the whole batch, even if a reload happens meanwhile.
  std::shared_ptr<const detect::Detector> det = shield->detector();
  detect::Verdict v;
  // The response is written directly: a JSON tree of 1,000 results costs
  // more than scanning them (docs/BENCHMARKS.md, service).
  std::string out = "{\"model_version\":";
  json_text::AppendString(det->model().version, &out);
  out += ",\"results\":[";
  auto add = [&](const std::string& text, const std::string* id) {
    sh::Shield::ScanWith(det, text, &v);
    if (out.back() != '[') out.push_back(',');
    AppendVerdictJson(v, id, &out);
  };
  if (single) {
    add(ctx.body["text"].get_ref<const std::string&>(), nullptr);
  } else {
    out.reserve(ctx.body["messages"].size() * 160);
    for (const nlohmann::json& m : ctx.body["messages"]) {
      auto it = m.find("id");
      add(m["text"].get_ref<const std::string&>(),
          it == m.end() ? nullptr : &it->get_ref<const std::string&>());
    }
  }
  out += "]}";
  ctx.res.status = 200;
  ctx.res.set_content(std::move(out), "application/json");
  return Status::Ok();
}

Status Info(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(sh::Shield * shield, ShieldOf(ctx));
  WriteJson(ctx.res, InfoJson(shield->info()));
  return Status::Ok();
}

Status Reload(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(sh::Shield * shield, ShieldOf(ctx));
  auto info = shield->Reload("admin request");
  if (!info.ok()) {
    spdlog::warn("shield reload rejected, still serving generation {}: {}",
                 shield->info().generation, info.status().ToString());
    // The files are at fault, not the request: say what is wrong.
    return Status::FailedPrecondition("reload rejected, the previous model and lexicons keep serving: " +
                                      info.status().message());
  }
  spdlog::info("shield reloaded by admin: generation {}, model {}", info->generation,
               info->model_version);
  WriteJson(ctx.res, InfoJson(*info));
  return Status::Ok();
}

Status Propose(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(sh::Shield * shield, ShieldOf(ctx));
  sh::NewTerm t;
  t.term = GetString(ctx.body, "term");
  t.lang = GetString(ctx.body, "lang");
  t.categories = GetString(ctx.body, "categories");
  t.severity = static_cast<int>(GetInt(ctx.body, "severity", 2));
  t.notes = GetString(ctx.body, "notes");
  t.country = GetString(ctx.body, "country");
  BB_ASSIGN_OR_RETURN(sh::Term out, shield->Propose(*ctx.principal, t));
  WriteJson(ctx.res, TermJson(out), 201);
  return Status::Ok();
}

Status ListTerms(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(sh::Shield * shield, ShieldOf(ctx));
  sh::TermQuery q;
  if (auto s = ctx.QueryString("status")) {
    BB_ASSIGN_OR_RETURN(q.status, sh::ParseTermStatus(*s));
  }
  q.lang = ctx.QueryString("lang").value_or("");
  q.country = ctx.QueryString("country").value_or("");
  BB_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, sh::kMaxListLimit));
  BB_ASSIGN_OR_RETURN(auto before, ctx.QueryInt("before", 1, INT64_MAX));
  q.limit = static_cast<int>(limit.value_or(100));
  q.before_id = before.value_or(0);
  BB_ASSIGN_OR_RETURN(auto terms, shield->List(*ctx.principal, q));
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& t : terms) arr.push_back(TermJson(t));
  WriteJson(ctx.res, {{"terms", std::move(arr)}});
  return Status::Ok();
}

Status GetTerm(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(sh::Shield * shield, ShieldOf(ctx));
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(sh::Term t, shield->Get(*ctx.principal, id));
  WriteJson(ctx.res, TermJson(t));
  return Status::Ok();
}

// approve, reject, retire: a decision, then the term and the Shield's state.
template <typename Fn>
Status Decide(RouteContext& ctx, Fn fn) {
  BB_ASSIGN_OR_RETURN(sh::Shield * shield, ShieldOf(ctx));
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(sh::Term t, fn(*shield, id));
  WriteJson(ctx.res, {{"term", TermJson(t)}, {"shield", InfoJson(shield->info())}});
  return Status::Ok();
}

Status ListVersions(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(sh::Shield * shield, ShieldOf(ctx));
  BB_ASSIGN_OR_RETURN(auto limit, ctx.QueryInt("limit", 1, sh::kMaxListLimit));
  BB_ASSIGN_OR_RETURN(auto versions, shield->Versions(*ctx.principal, static_cast<int>(limit.value_or(50))));
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& v : versions) arr.push_back(VersionJson(v));
  WriteJson(ctx.res, {{"versions", std::move(arr)}, {"shield", InfoJson(shield->info())}});
  return Status::Ok();
}

Status Rollback(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(sh::Shield * shield, ShieldOf(ctx));
  BB_ASSIGN_OR_RETURN(int64_t version, ctx.PathId("version"));
  BB_ASSIGN_OR_RETURN(sh::Version v, shield->Rollback(*ctx.principal, version));
  WriteJson(ctx.res, {{"version", VersionJson(v)}, {"shield", InfoJson(shield->info())}});
  return Status::Ok();
}

}  // namespace

void AppendVerdictJson(const detect::Verdict& v, const std::string* id, std::string* out) {
  out->push_back('{');
  if (id != nullptr) {
    *out += "\"id\":";
    json_text::AppendString(*id, out);
    out->push_back(',');
  }
  *out += "\"lang\":";
  json_text::AppendString(v.lang, out);
  *out += ",\"scores\":{";
  for (size_t i = 0; i < detect::kLabelCount; ++i) {
    if (i > 0) out->push_back(',');
    out->push_back('"');
    *out += detect::LabelName(static_cast<detect::Label>(i));
    *out += "\":";
    json_text::AppendFixed(v.scores[i], 4, /*trim=*/true, out);
  }
  *out += "},\"labels\":[";
  bool first = true;
  for (size_t i = 0; i < detect::kLabelCount; ++i) {
    auto l = static_cast<detect::Label>(i);
    if (!v.has(l)) continue;
    if (!first) out->push_back(',');
    first = false;
    out->push_back('"');
    *out += detect::LabelName(l);
    out->push_back('"');
  }
  int severity = 0;
  for (const detect::Span& s : v.spans) severity = std::max(severity, s.severity);
  *out += "],\"severity\":";
  json_text::AppendInt(severity, out);
  *out += ",\"spans\":[";
  for (size_t i = 0; i < v.spans.size(); ++i) {
    const detect::Span& s = v.spans[i];
    if (i > 0) out->push_back(',');
    *out += "{\"begin\":";
    json_text::AppendInt(s.begin, out);
    *out += ",\"end\":";
    json_text::AppendInt(s.end, out);
    *out += ",\"label\":\"";
    *out += detect::LabelName(s.label);
    *out += "\",\"severity\":";
    json_text::AppendInt(s.severity, out);
    out->push_back('}');
  }
  *out += "]}";
}

void AddShieldRoutes(ServerImpl& s) {
  s.AddRoute({.method = "POST", .pattern = "/api/v1/score", .access = Access::kSignedIn,
              .handler = Score, .fields = kScoreFields});
  s.AddRoute({.method = "GET", .pattern = "/api/v1/shield", .access = Access::kSignedIn,
              .handler = Info});
  s.AddRoute({.method = "POST", .pattern = "/api/v1/admin/shield/reload", .access = Access::kAdmin,
              .handler = Reload});
  s.AddRoute({.method = "POST", .pattern = "/api/v1/lexicon/terms", .access = Access::kManagers,
              .handler = Propose, .fields = kProposeFields});
  s.AddRoute({.method = "GET", .pattern = "/api/v1/lexicon/terms", .access = Access::kManagers,
              .handler = ListTerms, .query = {"status", "lang", "country", "limit", "before"}});
  s.AddRoute({.method = "GET", .pattern = "/api/v1/lexicon/terms/{id}", .access = Access::kManagers,
              .handler = GetTerm});
  s.AddRoute({.method = "POST", .pattern = "/api/v1/lexicon/terms/{id}/approve", .access = Access::kStaff,
              .handler = [](RouteContext& ctx) {
                return Decide(ctx, [&](sh::Shield& sh, int64_t id) { return sh.Approve(*ctx.principal, id); });
              }});
  s.AddRoute({.method = "POST", .pattern = "/api/v1/lexicon/terms/{id}/reject", .access = Access::kStaff,
              .handler = [](RouteContext& ctx) {
                return Decide(ctx, [&](sh::Shield& sh, int64_t id) {
                  return sh.Reject(*ctx.principal, id, GetString(ctx.body, "reason"));
                });
              },
              .fields = kReasonFields});
  s.AddRoute({.method = "POST", .pattern = "/api/v1/lexicon/terms/{id}/retire", .access = Access::kStaff,
              .handler = [](RouteContext& ctx) {
                return Decide(ctx, [&](sh::Shield& sh, int64_t id) {
                  return sh.Retire(*ctx.principal, id, GetString(ctx.body, "reason"));
                });
              },
              .fields = kReasonFields});
  s.AddRoute({.method = "GET", .pattern = "/api/v1/lexicon/versions", .access = Access::kManagers,
              .handler = ListVersions, .query = {"limit"}});
  s.AddRoute({.method = "POST", .pattern = "/api/v1/lexicon/versions/{version}/rollback",
              .access = Access::kStaff, .handler = Rollback});
}

}  // namespace byteback::server
