// routes_evidence.cc: an incident's evidence log over HTTP: uploads
// (screenshots read by OCR become scored messages), the signed chain, the
// originals, and complaint packs (ZIP with the PDF report for a destination's
// template). Who may do what is the incidents module's rule; every view of
// evidence is audited there. See docs/API.md#evidence and docs/EVIDENCE.md.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "core/utf8.h"
#include "crypto/crypto.h"
#include "detect/detect.h"
#include "evidence/evidence.h"
#include "incidents/incidents.h"
#include "ocr/ocr.h"
#include "report/report.h"
#include "server/http_internal.h"
#include "server/server_internal.h"
#include "shield/shield.h"

namespace byteback::server {
namespace {

namespace inc = byteback::incidents;

constexpr FieldSpec kPackFieldItem[] = {
    {.name = "key", .type = JsonType::kString, .required = true, .max_length = 64},
    {.name = "value", .type = JsonType::kString, .required = true, .max_length = 2000},
};
// template: a file of data/complaints (pk-fia, x, ...); fields: the
// template's answers; redact: a case-study copy without names and handles.
constexpr FieldSpec kPackFields[] = {
    {.name = "template", .type = JsonType::kString, .max_length = 64},
    {.name = "fields", .type = JsonType::kObjectArray, .max_length = 100, .items = kPackFieldItem},
    {.name = "summary", .type = JsonType::kString, .max_length = 20000},
    {.name = "redact", .type = JsonType::kBoolean},
};

constexpr FieldSpec kCaseStudyFields[] = {
    {.name = "consent", .type = JsonType::kBoolean, .required = true},
    {.name = "summary", .type = JsonType::kString, .max_length = 20000},
};

nlohmann::json EntryJson(const evidence::ChainEntry& e) {
  return {{"seq", e.item.seq},         {"kind", std::string(evidence::ItemKindName(e.item.kind))},
          {"sha256", e.item.sha256},   {"captured_at", e.item.captured_at},
          {"captured_by", e.item.captured_by}, {"name", e.item.name},
          {"mime", e.item.mime},       {"size", e.item.size},
          {"prev_hash", e.prev_hash},  {"hash", e.hash}};
}

std::string DayOf(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string TimeOf(int64_t t) {
  if (t <= 0) return "";
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

Status Upload(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  inc::Incidents& incidents = *ctx.server.services.incidents;
  inc::NewEvidence up;
  up.name = UploadFileName(ctx);
  up.declared_mime = ctx.req.get_header_value("Content-Type");
  up.bytes = std::move(ctx.raw_body);
  if (up.bytes.empty()) return Status::InvalidArgument("the upload is empty");
  BB_ASSIGN_OR_RETURN(evidence::ChainEntry entry, incidents.AddEvidence(*ctx.principal, id, up));
  nlohmann::json out = {{"entry", EntryJson(entry)}};
  // A screenshot's text becomes a message of the incident, scored, so it can
  // be searched and triaged; the image stays in the log as captured.
  if (entry.item.kind == evidence::ItemKind::kScreenshot && ctx.server.services.ocr != nullptr) {
    auto read = ctx.server.services.ocr->Recognize(up.bytes);
    if (!read.ok()) {
      out["ocr"] = {{"error", read.status().message()}};
    } else {
      out["ocr"] = {{"text", read->text}, {"confidence", read->mean_confidence}};
      std::string text = read->text;
      while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
      if (!text.empty()) {
        inc::NewMessage m;
        m.text = utf8::TruncateToBoundary(text, inc::kMaxMessageTextBytes);
        m.source = "ocr";
        m.url = "evidence:" + std::to_string(entry.item.seq);
        if (ctx.server.services.shield != nullptr) {
          detect::Verdict v;
          ctx.server.services.shield->Scan(m.text, &v);
          m.score = ScoreOfVerdict(v);
          out["ocr"]["labels"] = m.score.labels;
        }
        // The image is already recorded: a failure here is reported, not fatal.
        auto ids = incidents.AddMessages(*ctx.principal, id, {m});
        if (ids.ok()) {
          out["ocr"]["message_id"] = ids->front();
        } else {
          out["ocr"]["error"] = "the text was read but not filed: " + ids.status().message();
        }
      }
    }
  }
  WriteJson(ctx.res, out, 201);
  return Status::Ok();
}

Status List(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(nlohmann::json out, EvidenceLogJson(ctx, id));
  WriteJson(ctx.res, out);
  return Status::Ok();
}

Status Get(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(int64_t seq, ctx.PathId("seq"));
  BB_ASSIGN_OR_RETURN(inc::EvidenceContent c,
                      ctx.server.services.incidents->GetEvidence(*ctx.principal, id, static_cast<uint64_t>(seq)));
  // Always a download, never rendered by the browser in our origin.
  ctx.res.set_header("Content-Disposition", "attachment; filename=\"evidence-" + std::to_string(id) + "-" +
                                                std::to_string(seq) + "\"");
  ctx.res.set_header("X-Evidence-SHA256", c.entry.item.sha256);
  ctx.res.status = 200;
  ctx.res.set_content(std::move(c.bytes), c.entry.item.mime);
  return Status::Ok();
}

Result<std::string> ReportPdf(RouteContext& ctx, int64_t id, const std::vector<evidence::ChainEntry>& entries,
                              const evidence::SignedHead& head) {
  inc::Incidents& incidents = *ctx.server.services.incidents;
  BB_ASSIGN_OR_RETURN(inc::Incident incident, incidents.Get(*ctx.principal, id));
  report::ReportInput in;
  in.title = "Complaint: online harassment of a journalist";
  in.summary = GetString(ctx.body, "summary", incident.description);
  const std::string template_id = GetString(ctx.body, "template");
  std::vector<std::string> categories;
  if (!incident.category.empty()) categories.push_back(incident.category);
  if (!template_id.empty()) {
    if (template_id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos) {
      return Status::InvalidArgument("template: unknown template '" + template_id.substr(0, 40) + "'");
    }
    auto t = report::LoadTemplate(ctx.server.options.complaints_dir + "/" + template_id + ".toml");
    if (!t.ok()) {
      if (t.status().code() == StatusCode::kNotFound) {
        return Status::InvalidArgument("template: no complaint template '" + template_id + "'");
      }
      return t.status();
    }
    in.destination = t->name;
    std::map<std::string, std::string> values;
    if (Has(ctx.body, "fields")) {
      for (const auto& f : ctx.body["fields"]) values[GetString(f, "key")] = GetString(f, "value");
    }
    BB_ASSIGN_OR_RETURN(in.fields, report::FillFields(*t, values));
    in.rules_broken = report::RulesFor(*t, categories);
  }
  // Messages: all of them, with the evidence hash of each.
  std::map<int64_t, std::string> message_hash;
  for (const auto& e : entries) {
    if (e.item.kind == evidence::ItemKind::kMessage) {
      // name is "message-<id>.json"
      const std::string& n = e.item.name;
      int64_t mid = std::atoll(n.substr(8).c_str());
      message_hash[mid] = e.item.sha256;
    }
  }
  std::map<std::pair<std::string, std::string>, int64_t> handles;
  std::map<std::string, int64_t> days;
  for (int64_t offset = 0;; offset += inc::kMaxListLimit) {
    BB_ASSIGN_OR_RETURN(auto page, incidents.ListMessages(*ctx.principal, id, offset, inc::kMaxListLimit));
    for (const inc::Message& m : page) {
      report::ReportMessage r;
      r.time = TimeOf(m.sent_at > 0 ? m.sent_at : m.added_at);
      r.platform = m.platform;
      r.author = m.author_handle;
      r.url = m.url;
      r.text = m.text;
      r.lang = m.score.lang;
      r.sha256 = message_hash[m.id];
      size_t i = 0;
      const std::string& sc = m.score.scores;
      while (i < sc.size()) {
        size_t j = sc.find(',', i);
        if (j == std::string::npos) j = sc.size();
        std::string kv = sc.substr(i, j - i);
        size_t eq = kv.find('=');
        if (eq != std::string::npos) r.scores.push_back({kv.substr(0, eq), std::strtof(kv.c_str() + eq + 1, nullptr)});
        i = j + 1;
      }
      i = 0;
      const std::string& lb = m.score.labels;
      while (i < lb.size()) {
        size_t j = lb.find(',', i);
        if (j == std::string::npos) j = lb.size();
        if (j > i) r.labels.push_back(lb.substr(i, j - i));
        i = j + 1;
      }
      in.messages.push_back(std::move(r));
      if (!m.author_handle.empty()) ++handles[{m.author_handle, m.platform}];
      ++days[DayOf(m.sent_at > 0 ? m.sent_at : m.added_at)];
    }
    if (page.size() < static_cast<size_t>(inc::kMaxListLimit)) break;
  }
  for (const auto& [k, n] : handles) in.handles.push_back({k.first, k.second, n});
  std::sort(in.handles.begin(), in.handles.end(),
            [](const report::HandleCount& a, const report::HandleCount& b) { return a.count > b.count; });
  for (const auto& [d, n] : days) in.per_day.push_back({d, n});
  if (incident.occurred_at > 0) in.timeline.push_back({TimeOf(incident.occurred_at), "The abuse began"});
  in.timeline.push_back({TimeOf(incident.created_at), "Incident recorded in Byte Back"});
  for (const auto& e : entries) {
    if (e.item.kind != evidence::ItemKind::kMessage) {
      in.timeline.push_back({e.item.captured_at, "Evidence item " + std::to_string(e.item.seq) + " captured: " +
                                                    e.item.name});
    }
  }
  in.chain_head = head.head;
  in.signature = head.signature;
  in.public_key = head.public_key;
  in.generated_at = TimeOf(ctx.server.services.accounts->Now());
  in.redact = GetBool(ctx.body, "redact");
  if (in.redact) {
    in.title = "Case study: online harassment of a journalist";
    in.summary = GetString(ctx.body, "summary", incident.outcome.empty() ? incident.description
                                                                        : incident.description + "\n\nOutcome: " +
                                                                              incident.outcome);
    if (!incident.pseudonym.empty()) in.redact_names.push_back(incident.pseudonym);
    for (const auto& [k, v] : in.fields) in.redact_names.push_back(v);
  }
  return report::RenderPdf(in);
}

Status Pack(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  if (ctx.server.services.signer == nullptr) return Status::Unavailable("no signing key on this server");
  inc::Incidents& incidents = *ctx.server.services.incidents;
  BB_ASSIGN_OR_RETURN(auto entries, incidents.ListEvidence(*ctx.principal, id));
  if (entries.empty()) return Status::FailedPrecondition("this incident has no evidence yet");
  BB_ASSIGN_OR_RETURN(evidence::Chain chain, evidence::Chain::FromEntries(entries));
  BB_ASSIGN_OR_RETURN(evidence::SignedHead head,
                      evidence::SignHead("incident-" + std::to_string(id), chain, *ctx.server.services.signer));
  BB_ASSIGN_OR_RETURN(std::string pdf, ReportPdf(ctx, id, entries, head));
  BB_ASSIGN_OR_RETURN(std::string zip, incidents.BuildPack(*ctx.principal, id, *ctx.server.services.signer, pdf));
  ctx.res.set_header("Content-Disposition",
                     "attachment; filename=\"complaint-pack-incident-" + std::to_string(id) + ".zip\"");
  ctx.res.status = 200;
  ctx.res.set_content(std::move(zip), "application/zip");
  return Status::Ok();
}

// A case study: the report of a closed incident with names, handles, links
// and hashes removed, for training modules and the press-freedom report.
// Only the journalist it is about may make one, and only by saying yes.
Status CaseStudy(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  inc::Incidents& incidents = *ctx.server.services.incidents;
  BB_ASSIGN_OR_RETURN(inc::Incident incident, incidents.Get(*ctx.principal, id));
  if (incident.owner_user_id != ctx.principal->user_id) {
    return Status::PermissionDenied("only the journalist the incident is about may turn it into a case study");
  }
  if (!GetBool(ctx.body, "consent")) {
    return Status::InvalidArgument("consent: a case study needs her explicit consent (\"consent\": true)");
  }
  if (incident.status != inc::IncidentStatus::kClosed) {
    return Status::FailedPrecondition("a case study is written from a closed incident");
  }
  BB_ASSIGN_OR_RETURN(auto entries, incidents.ListEvidence(*ctx.principal, id));
  evidence::SignedHead none;
  ctx.body["redact"] = true;
  ctx.body.erase("template");
  BB_ASSIGN_OR_RETURN(std::string pdf, ReportPdf(ctx, id, entries, none));
  ctx.res.set_header("Content-Disposition", "attachment; filename=\"case-study-" + std::to_string(id) + ".pdf\"");
  ctx.res.status = 200;
  ctx.res.set_content(std::move(pdf), "application/pdf");
  return Status::Ok();
}

Status Templates(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(auto list, report::LoadTemplates(ctx.server.options.complaints_dir));
  nlohmann::json out = nlohmann::json::array();
  for (const report::Template& t : list) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : t.fields) {
      fields.push_back({{"key", f.key}, {"label", f.label}, {"required", f.required}, {"help", f.help}});
    }
    out.push_back({{"id", t.id},
                   {"kind", t.kind == report::TemplateKind::kPolice ? "police" : "platform"},
                   {"name", t.name},
                   {"country", t.country},
                   {"submit_url", t.submit_url},
                   {"checked", t.checked},
                   {"notes", t.notes},
                   {"fields", fields}});
  }
  WriteJson(ctx.res, {{"templates", out}});
  return Status::Ok();
}

}  // namespace

Result<nlohmann::json> EvidenceLogJson(RouteContext& ctx, int64_t id) {
  BB_ASSIGN_OR_RETURN(auto entries, ctx.server.services.incidents->ListEvidence(*ctx.principal, id));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : entries) items.push_back(EntryJson(e));
  nlohmann::json out = {{"items", items}};
  if (ctx.server.services.signer != nullptr && !entries.empty()) {
    BB_ASSIGN_OR_RETURN(evidence::Chain chain, evidence::Chain::FromEntries(entries));
    BB_ASSIGN_OR_RETURN(evidence::SignedHead head,
                        evidence::SignHead("incident-" + std::to_string(id), chain, *ctx.server.services.signer));
    out["signed_head"] = {{"incident_id", head.incident_id}, {"count", head.count}, {"head", head.head},
                          {"public_key", head.public_key}, {"signature", head.signature}};
  }
  return out;
}

void AddEvidenceRoutes(ServerImpl& s) {
  auto add = [&s](Route r) {
    r.module_audits_denials = true;
    s.AddRoute(std::move(r));
  };
  add({.method = "POST", .pattern = "/api/v1/incidents/{id}/evidence", .access = Access::kSignedIn,
       .handler = Upload, .query = {"name"}, .summary = "Add a file (screenshot, export) to the evidence log",
       .upload = true});
  add({.method = "GET", .pattern = "/api/v1/incidents/{id}/evidence", .access = Access::kSignedIn,
       .handler = List, .summary = "The evidence log with its signed head"});
  add({.method = "GET", .pattern = "/api/v1/incidents/{id}/evidence/{seq}", .access = Access::kSignedIn,
       .handler = Get, .summary = "One original, as captured (audited)"});
  add({.method = "POST", .pattern = "/api/v1/incidents/{id}/pack", .access = Access::kSignedIn,
       .handler = Pack, .fields = kPackFields,
       .summary = "A complaint pack: ZIP with manifest, originals, signed chain and the PDF report"});
  add({.method = "POST", .pattern = "/api/v1/incidents/{id}/case-study", .access = Access::kSignedIn,
       .handler = CaseStudy, .fields = kCaseStudyFields,
       .summary = "A case study PDF of a closed incident, names removed, with the owner's consent"});
  s.AddRoute({.method = "GET", .pattern = "/api/v1/complaint-templates", .access = Access::kSignedIn,
              .handler = Templates, .summary = "Police and platform complaint templates"});
}

}  // namespace byteback::server
