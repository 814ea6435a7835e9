// routes_incidents.cc: incidents and their messages. Any signed-in user may
// call these routes; the incidents module decides, per incident, who may see
// it (owner, admin, coordinator, focal person in scope) and audits views and
// denials itself. See docs/API.md#incidents.
#include "core/json_text.h"
#include "detect/detect.h"
#include "incidents/incidents.h"
#include "server/http_internal.h"
#include "server/server_internal.h"
#include "shield/shield.h"

namespace byteback::server {
namespace {

namespace inc = byteback::incidents;

constexpr int64_t kMaxId = INT64_MAX;

constexpr FieldSpec kCreateFields[] = {
    {.name = "title", .type = JsonType::kString, .required = true, .max_length = inc::kMaxTitleBytes},
    {.name = "description", .type = JsonType::kString, .max_length = inc::kMaxDescriptionBytes},
    {.name = "category", .type = JsonType::kString, .max_length = inc::kMaxCategoryBytes},
    {.name = "severity", .type = JsonType::kString, .max_length = 16},
    {.name = "owner_user_id", .type = JsonType::kInteger, .min_value = 1},
    {.name = "org_id", .type = JsonType::kInteger, .min_value = 1},
    {.name = "country", .type = JsonType::kString, .max_length = 2},
    {.name = "visibility", .type = JsonType::kString, .max_length = 16},
    {.name = "pseudonym", .type = JsonType::kString, .max_length = inc::kMaxPseudonymBytes},
    {.name = "language", .type = JsonType::kString, .max_length = 16},
    {.name = "platforms", .type = JsonType::kString, .max_length = 200},
    {.name = "target_kind", .type = JsonType::kString, .max_length = 8},
    {.name = "target", .type = JsonType::kString, .max_length = inc::kMaxTargetBytes},
    {.name = "occurred_at", .type = JsonType::kInteger, .min_value = 0},
};
constexpr FieldSpec kUpdateFields[] = {
    {.name = "title", .type = JsonType::kString, .max_length = inc::kMaxTitleBytes},
    {.name = "description", .type = JsonType::kString, .max_length = inc::kMaxDescriptionBytes},
    {.name = "category", .type = JsonType::kString, .max_length = inc::kMaxCategoryBytes},
    {.name = "severity", .type = JsonType::kString, .max_length = 16},
    {.name = "visibility", .type = JsonType::kString, .max_length = 16},
    {.name = "pseudonym", .type = JsonType::kString, .max_length = inc::kMaxPseudonymBytes},
    {.name = "language", .type = JsonType::kString, .max_length = 16},
    {.name = "platforms", .type = JsonType::kString, .max_length = 200},
    {.name = "target_kind", .type = JsonType::kString, .max_length = 8},
    {.name = "target", .type = JsonType::kString, .max_length = inc::kMaxTargetBytes},
    {.name = "outcome", .type = JsonType::kString, .max_length = inc::kMaxOutcomeBytes},
    {.name = "occurred_at", .type = JsonType::kInteger, .min_value = 0},
};
// The trusted person by id, or by the e-mail of their account (the owner
// knows that, not the id).
constexpr FieldSpec kReviewerFields[] = {
    {.name = "user_id", .type = JsonType::kInteger, .min_value = 1},
    {.name = "email", .type = JsonType::kString, .max_length = 320},
};
constexpr FieldSpec kComplaintFields[] = {
    {.name = "destination", .type = JsonType::kString, .required = true, .max_length = inc::kMaxDestinationBytes},
    {.name = "filed_at", .type = JsonType::kInteger, .min_value = 0},
    {.name = "reference", .type = JsonType::kString, .max_length = inc::kMaxReferenceBytes},
    {.name = "follow_up_at", .type = JsonType::kInteger, .min_value = 0},
};
constexpr FieldSpec kComplaintUpdateFields[] = {
    {.name = "reference", .type = JsonType::kString, .max_length = inc::kMaxReferenceBytes},
    {.name = "response", .type = JsonType::kString, .max_length = inc::kMaxResponseBytes},
    {.name = "follow_up_at", .type = JsonType::kInteger, .min_value = 0},
    {.name = "status", .type = JsonType::kString, .max_length = 16},
};
constexpr FieldSpec kStatusFields[] = {
    {.name = "status", .type = JsonType::kString, .required = true, .max_length = 16},
};
constexpr FieldSpec kMessageFields[] = {
    {.name = "text", .type = JsonType::kString, .required = true,
     .max_length = inc::kMaxMessageTextBytes},
    {.name = "author_handle", .type = JsonType::kString, .max_length = inc::kMaxHandleBytes},
    {.name = "platform", .type = JsonType::kString, .max_length = inc::kMaxPlatformBytes},
    {.name = "url", .type = JsonType::kString, .max_length = inc::kMaxUrlBytes},
    {.name = "sent_at", .type = JsonType::kInteger, .min_value = 0},
    {.name = "source", .type = JsonType::kString, .max_length = 64},
};
// `messages` (structured) or `paste` (one message per line), or both.
constexpr FieldSpec kAddMessagesFields[] = {
    {.name = "messages", .type = JsonType::kObjectArray,
     .max_length = inc::kMaxMessagesPerCall, .items = kMessageFields},
    {.name = "paste", .type = JsonType::kString, .max_length = 1 << 20},
    {.name = "urls", .type = JsonType::kString, .max_length = 1 << 20},
    {.name = "platform", .type = JsonType::kString, .max_length = inc::kMaxPlatformBytes},
};

inc::Incidents& Inc(RouteContext& ctx) { return *ctx.server.services.incidents; }

nlohmann::json IncidentJson(const inc::Incident& i) {
  nlohmann::json j = {{"id", i.id},
                      {"owner_user_id", i.owner_user_id},
                      {"org_id", nullptr},
                      {"country", i.country},
                      {"title", i.title},
                      {"description", i.description},
                      {"category", i.category},
                      {"severity", std::string(inc::SeverityName(i.severity))},
                      {"status", std::string(inc::IncidentStatusName(i.status))},
                      {"created_by", i.created_by},
                      {"created_at", i.created_at},
                      {"updated_at", i.updated_at},
                      {"message_count", i.message_count},
                      {"visibility", std::string(inc::VisibilityName(i.visibility))},
                      {"pseudonym", i.pseudonym},
                      {"language", i.language},
                      {"platforms", i.platforms},
                      {"target_kind", i.target_kind},
                      {"target", i.target},
                      {"occurred_at", i.occurred_at},
                      {"outcome", i.outcome},
                      {"reviewer_ids", i.reviewer_ids}};
  if (i.org_id) j["org_id"] = *i.org_id;
  return j;
}

nlohmann::json ComplaintJson(const inc::Complaint& c) {
  return {{"id", c.id},
          {"incident_id", c.incident_id},
          {"destination", c.destination},
          {"filed_at", c.filed_at},
          {"reference", c.reference},
          {"response", c.response},
          {"follow_up_at", c.follow_up_at},
          {"status", std::string(inc::ComplaintStatusName(c.status))},
          {"created_by", c.created_by},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

// The Shield's verdict in the form the incident keeps.
}  // namespace

inc::MessageScore ScoreOfVerdict(const detect::Verdict& v) {
  inc::MessageScore s;
  s.lang = v.lang;
  for (size_t l = 0; l < detect::kLabelCount; ++l) {
    auto label = static_cast<detect::Label>(l);
    if (!s.scores.empty()) s.scores.push_back(',');
    s.scores.append(detect::LabelName(label)).push_back('=');
    json_text::AppendFixed(v.scores[l], 4, /*trim=*/false, &s.scores);  // "abusive=0.8500"
    if (v.has(label)) s.labels += (s.labels.empty() ? "" : ",") + std::string(detect::LabelName(label));
  }
  for (const detect::Span& sp : v.spans) s.max_severity = std::max(s.max_severity, sp.severity);
  return s;
}

namespace {

nlohmann::json MessageJson(const inc::Message& m) {
  return {{"id", m.id},           {"incident_id", m.incident_id},
          {"text", m.text},       {"author_handle", m.author_handle},
          {"platform", m.platform}, {"url", m.url},
          {"sent_at", m.sent_at}, {"added_by", m.added_by},
          {"added_at", m.added_at}, {"lang", m.score.lang},
          {"scores", m.score.scores}, {"labels", m.score.labels},
          {"severity", m.score.max_severity}, {"source", m.source}};
}

Status Create(RouteContext& ctx) {
  inc::NewIncident ni;
  ni.title = GetString(ctx.body, "title");
  ni.description = GetString(ctx.body, "description");
  ni.category = GetString(ctx.body, "category");
  if (Has(ctx.body, "severity")) {
    BB_ASSIGN_OR_RETURN(ni.severity, inc::ParseSeverity(GetString(ctx.body, "severity")));
  }
  if (Has(ctx.body, "owner_user_id")) ni.owner_user_id = GetInt(ctx.body, "owner_user_id");
  if (Has(ctx.body, "org_id")) ni.org_id = GetInt(ctx.body, "org_id");
  if (Has(ctx.body, "country")) ni.country = GetString(ctx.body, "country");
  if (Has(ctx.body, "visibility")) {
    BB_ASSIGN_OR_RETURN(ni.visibility, inc::ParseVisibility(GetString(ctx.body, "visibility")));
  }
  ni.pseudonym = GetString(ctx.body, "pseudonym");
  ni.language = GetString(ctx.body, "language");
  ni.platforms = GetString(ctx.body, "platforms");
  ni.target_kind = GetString(ctx.body, "target_kind", "self");
  ni.target = GetString(ctx.body, "target");
  ni.occurred_at = GetInt(ctx.body, "occurred_at");
  BB_ASSIGN_OR_RETURN(inc::Incident i, Inc(ctx).Create(*ctx.principal, ni));
  WriteJson(ctx.res, {{"incident", IncidentJson(i)}}, 201);
  return Status::Ok();
}

Status List(RouteContext& ctx) {
  inc::ListQuery q;
  BB_ASSIGN_OR_RETURN(q.org_id, ctx.QueryInt("org_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(q.owner_user_id, ctx.QueryInt("owner_user_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> before, ctx.QueryInt("before_id", 1, kMaxId));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> limit, ctx.QueryInt("limit", 1, inc::kMaxListLimit));
  q.before_id = before.value_or(0);
  q.limit = static_cast<int>(limit.value_or(100));
  q.country = ctx.QueryString("country");
  if (auto st = ctx.QueryString("status")) {
    BB_ASSIGN_OR_RETURN(q.status, inc::ParseIncidentStatus(*st));
  }
  BB_ASSIGN_OR_RETURN(std::vector<inc::Incident> list, Inc(ctx).List(*ctx.principal, q));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& i : list) out.push_back(IncidentJson(i));
  WriteJson(ctx.res, {{"incidents", out}});
  return Status::Ok();
}

Status Get(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(inc::Incident i, Inc(ctx).Get(*ctx.principal, id));
  WriteJson(ctx.res, {{"incident", IncidentJson(i)}});
  return Status::Ok();
}

Status SetStatus(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(inc::IncidentStatus st,
                      inc::ParseIncidentStatus(GetString(ctx.body, "status")));
  BB_RETURN_IF_ERROR(Inc(ctx).SetStatus(*ctx.principal, id, st));
  WriteJson(ctx.res, {{"id", id}, {"status", std::string(inc::IncidentStatusName(st))}});
  return Status::Ok();
}

// The non-blank lines of `text`, trimmed.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string::npos) j = text.size();
    const size_t b = text.find_first_not_of(" \t\r", i);
    size_t e = j;
    while (e > i && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r')) --e;
    if (b != std::string::npos && b < e) out.push_back(text.substr(b, e - b));
    i = j + 1;
  }
  return out;
}

Status AddMessages(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  std::vector<inc::NewMessage> messages;
  if (Has(ctx.body, "messages")) {
    for (const nlohmann::json& m : ctx.body["messages"]) {
      inc::NewMessage n;
      n.text = GetString(m, "text");
      n.author_handle = GetString(m, "author_handle");
      n.platform = GetString(m, "platform");
      n.url = GetString(m, "url");
      n.sent_at = GetInt(m, "sent_at");
      n.source = GetString(m, "source", "api");
      messages.push_back(std::move(n));
    }
  }
  // A pasted list: one message per non-blank line.
  for (const std::string& line : Lines(GetString(ctx.body, "paste"))) {
    inc::NewMessage n;
    n.text = line;
    n.platform = GetString(ctx.body, "platform");
    n.source = "paste";
    messages.push_back(std::move(n));
  }
  // Links to abusive posts, one per line: each becomes a message that records
  // the link (the platform is read from the host).
  for (const std::string& line : Lines(GetString(ctx.body, "urls"))) {
    BB_ASSIGN_OR_RETURN(std::string platform, PlatformOfUrl(line));
    inc::NewMessage n;
    n.text = line;
    n.url = line;
    n.platform = platform;
    n.source = "url";
    messages.push_back(std::move(n));
  }
  if (messages.empty()) return Status::InvalidArgument("send 'messages', a non-empty 'paste' or 'urls'");
  if (messages.size() > inc::kMaxMessagesPerCall) {
    return Status::InvalidArgument("at most " + std::to_string(inc::kMaxMessagesPerCall) +
                                   " messages per call");
  }
  // Scored on the way in, with one detector for the whole batch.
  if (ctx.server.services.shield != nullptr) {
    auto det = ctx.server.services.shield->detector();
    detect::Verdict v;
    for (inc::NewMessage& m : messages) {
      shield::Shield::ScanWith(det, m.text, &v);
      m.score = ScoreOfVerdict(v);
    }
  }
  BB_ASSIGN_OR_RETURN(std::vector<int64_t> ids, Inc(ctx).AddMessages(*ctx.principal, id, messages));
  WriteJson(ctx.res, {{"ids", ids}}, 201);
  return Status::Ok();
}

}  // namespace

Result<std::string> PlatformOfUrl(const std::string& url) {
  auto lower = url;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t scheme = lower.find("://");
  if (scheme == std::string::npos || (lower.compare(0, scheme, "https") != 0 && lower.compare(0, scheme, "http") != 0)) {
    return Status::InvalidArgument("'" + url.substr(0, 80) + "' is not an http(s) link");
  }
  if (url.size() > inc::kMaxUrlBytes) return Status::InvalidArgument("a link is longer than 2048 bytes");
  std::string host = lower.substr(scheme + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  host = host.substr(host.find('@') == std::string::npos ? 0 : host.find('@') + 1);
  host = host.substr(0, host.find(':'));
  if (host.rfind("www.", 0) == 0 || host.rfind("m.", 0) == 0 || host.rfind("mobile.", 0) == 0) {
    host = host.substr(host.find('.') + 1);
  }
  static const std::pair<const char*, const char*> kHosts[] = {
      {"x.com", "x"},           {"twitter.com", "x"},         {"facebook.com", "facebook"},
      {"fb.com", "facebook"},   {"instagram.com", "instagram"}, {"youtube.com", "youtube"},
      {"youtu.be", "youtube"},  {"t.me", "telegram"},         {"tiktok.com", "tiktok"},
      {"wa.me", "whatsapp"},    {"threads.net", "threads"},   {"reddit.com", "reddit"},
  };
  for (const auto& [h, p] : kHosts) {
    if (host == h) return std::string(p);
  }
  return std::string("web");
}

namespace {

Status Update(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  inc::IncidentUpdate u;
  auto str = [&](const char* name, std::optional<std::string>* out) {
    if (Has(ctx.body, name)) *out = GetString(ctx.body, name);
  };
  str("title", &u.title);
  str("description", &u.description);
  str("category", &u.category);
  str("language", &u.language);
  str("platforms", &u.platforms);
  str("target_kind", &u.target_kind);
  str("target", &u.target);
  str("outcome", &u.outcome);
  str("pseudonym", &u.pseudonym);
  if (Has(ctx.body, "severity")) {
    BB_ASSIGN_OR_RETURN(u.severity, inc::ParseSeverity(GetString(ctx.body, "severity")));
  }
  if (Has(ctx.body, "visibility")) {
    BB_ASSIGN_OR_RETURN(u.visibility, inc::ParseVisibility(GetString(ctx.body, "visibility")));
  }
  if (Has(ctx.body, "occurred_at")) u.occurred_at = GetInt(ctx.body, "occurred_at");
  BB_ASSIGN_OR_RETURN(inc::Incident i, Inc(ctx).Update(*ctx.principal, id, u));
  WriteJson(ctx.res, {{"incident", IncidentJson(i)}});
  return Status::Ok();
}

Status Delete(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_RETURN_IF_ERROR(Inc(ctx).Delete(*ctx.principal, id));
  WriteJson(ctx.res, {{"deleted", id}});
  return Status::Ok();
}

Status Export(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(inc::IncidentExport e, Inc(ctx).Export(*ctx.principal, id));
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& m : e.messages) messages.push_back(MessageJson(m));
  nlohmann::json complaints = nlohmann::json::array();
  for (const auto& c : e.complaints) complaints.push_back(ComplaintJson(c));
  nlohmann::json reviewers = nlohmann::json::array();
  for (const auto& r : e.reviewers) {
    reviewers.push_back({{"user_id", r.user_id}, {"granted_by", r.granted_by}, {"granted_at", r.granted_at},
                         {"revoked_at", r.revoked_at ? nlohmann::json(*r.revoked_at) : nlohmann::json()}});
  }
  // The evidence log too: every entry of the hash chain and its signed head
  // (the originals themselves: GET .../evidence/{seq}, or the complaint pack).
  BB_ASSIGN_OR_RETURN(nlohmann::json evidence, EvidenceLogJson(ctx, id));
  ctx.res.set_header("Content-Disposition",
                     "attachment; filename=\"incident-" + std::to_string(id) + ".json\"");
  WriteJson(ctx.res, {{"format", "byteback-incident-export/1"},
                      {"incident", IncidentJson(e.incident)},
                      {"messages", messages},
                      {"complaints", complaints},
                      {"reviewers", reviewers},
                      {"evidence", evidence}});
  return Status::Ok();
}

// The name and e-mail of a reviewer, for the people who may see the
// incident (the owner chose them). Empty when the account is gone.
nlohmann::json ReviewerIdentity(RouteContext& ctx, int64_t user_id) {
  auto u = ctx.server.services.accounts->FindUser(user_id);
  if (!u.ok()) return {{"display_name", ""}, {"email", ""}};
  return {{"display_name", u->display_name}, {"email", u->email}};
}

Status AddReviewer(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  const bool by_id = Has(ctx.body, "user_id"), by_email = Has(ctx.body, "email");
  if (by_id == by_email) return Status::InvalidArgument("give either 'user_id' or 'email'");
  int64_t user = 0;
  if (by_id) {
    user = GetInt(ctx.body, "user_id");
  } else {
    // Ownership is checked first, so nobody learns which e-mails have
    // accounts without the right to share this incident.
    BB_ASSIGN_OR_RETURN(inc::Incident incident, Inc(ctx).Get(*ctx.principal, id));
    if (incident.owner_user_id != ctx.principal->user_id) {
      return Status::PermissionDenied("only the journalist the incident is about names its reviewers");
    }
    auto u = ctx.server.services.accounts->FindUserByEmail(GetString(ctx.body, "email"));
    if (!u.ok()) {
      if (u.status().code() == StatusCode::kNotFound) {
        return Status::NotFound("no Byte Back account uses this e-mail; invite them first");
      }
      return u.status();
    }
    user = u->id;
  }
  BB_RETURN_IF_ERROR(Inc(ctx).AddReviewer(*ctx.principal, id, user));
  nlohmann::json out = {{"incident_id", id}, {"user_id", user}};
  out.update(ReviewerIdentity(ctx, user));
  WriteJson(ctx.res, out, 201);
  return Status::Ok();
}

Status RemoveReviewer(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(int64_t user, ctx.PathId("user_id"));
  BB_RETURN_IF_ERROR(Inc(ctx).RemoveReviewer(*ctx.principal, id, user));
  WriteJson(ctx.res, {{"incident_id", id}, {"user_id", user}, {"removed", true}});
  return Status::Ok();
}

Status ListReviewers(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(auto list, Inc(ctx).ListReviewers(*ctx.principal, id));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : list) {
    nlohmann::json j = {{"user_id", r.user_id}, {"granted_by", r.granted_by}, {"granted_at", r.granted_at},
                        {"active", !r.revoked_at.has_value()}};
    j.update(ReviewerIdentity(ctx, r.user_id));
    out.push_back(std::move(j));
  }
  WriteJson(ctx.res, {{"reviewers", out}});
  return Status::Ok();
}

Status AddComplaint(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  inc::NewComplaint c;
  c.destination = GetString(ctx.body, "destination");
  c.filed_at = GetInt(ctx.body, "filed_at");
  c.reference = GetString(ctx.body, "reference");
  if (Has(ctx.body, "follow_up_at")) c.follow_up_at = GetInt(ctx.body, "follow_up_at");
  BB_ASSIGN_OR_RETURN(inc::Complaint out, Inc(ctx).AddComplaint(*ctx.principal, id, c));
  WriteJson(ctx.res, {{"complaint", ComplaintJson(out)}}, 201);
  return Status::Ok();
}

Status ListComplaints(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(auto list, Inc(ctx).ListComplaints(*ctx.principal, id));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : list) out.push_back(ComplaintJson(c));
  WriteJson(ctx.res, {{"complaints", out}});
  return Status::Ok();
}

Status UpdateComplaint(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  inc::ComplaintUpdate u;
  if (Has(ctx.body, "reference")) u.reference = GetString(ctx.body, "reference");
  if (Has(ctx.body, "response")) u.response = GetString(ctx.body, "response");
  if (Has(ctx.body, "follow_up_at")) u.follow_up_at = GetInt(ctx.body, "follow_up_at");
  if (Has(ctx.body, "status")) {
    BB_ASSIGN_OR_RETURN(u.status, inc::ParseComplaintStatus(GetString(ctx.body, "status")));
  }
  BB_ASSIGN_OR_RETURN(inc::Complaint out, Inc(ctx).UpdateComplaint(*ctx.principal, id, u));
  WriteJson(ctx.res, {{"complaint", ComplaintJson(out)}});
  return Status::Ok();
}

Status DueComplaints(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(auto list, Inc(ctx).DueComplaints(*ctx.principal, ctx.server.services.accounts->Now()));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : list) out.push_back(ComplaintJson(c));
  WriteJson(ctx.res, {{"complaints", out}});
  return Status::Ok();
}

Status ListMessages(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(int64_t id, ctx.PathId("id"));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> offset, ctx.QueryInt("offset", 0, kMaxId));
  BB_ASSIGN_OR_RETURN(std::optional<int64_t> limit, ctx.QueryInt("limit", 1, inc::kMaxListLimit));
  BB_ASSIGN_OR_RETURN(std::vector<inc::Message> list,
                      Inc(ctx).ListMessages(*ctx.principal, id, offset.value_or(0),
                                            static_cast<int>(limit.value_or(inc::kMaxListLimit))));
  // Safe viewing: the text of a message the Shield flagged is withheld
  // unless the reader asks for it (?reveal=true), so nothing abusive is
  // shown unasked; scores, labels and severity tell what it is.
  const std::string reveal = ctx.QueryString("reveal").value_or("false");
  if (reveal != "true" && reveal != "false") {
    return Status::InvalidArgument("query parameter 'reveal': true or false");
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : list) {
    nlohmann::json j = MessageJson(m);
    const bool flagged = ("," + m.score.labels + ",").find(",abusive,") != std::string::npos;
    j["hidden"] = flagged && reveal != "true";
    if (j["hidden"].get<bool>()) j["text"] = "";
    out.push_back(std::move(j));
  }
  WriteJson(ctx.res, {{"messages", out}});
  return Status::Ok();
}

}  // namespace

void AddIncidentRoutes(ServerImpl& s) {
  auto add = [&s](Route r) {
    r.module_audits_denials = true;
    s.AddRoute(std::move(r));
  };
  add({"POST", "/api/v1/incidents", Access::kSignedIn, Create, kCreateFields});
  add({"GET", "/api/v1/incidents", Access::kSignedIn, List, {},
       {"org_id", "owner_user_id", "before_id", "limit", "country", "status"}});
  add({"GET", "/api/v1/incidents/{id}", Access::kSignedIn, Get});
  add({"POST", "/api/v1/incidents/{id}/status", Access::kSignedIn, SetStatus, kStatusFields});
  add({"POST", "/api/v1/incidents/{id}/messages", Access::kSignedIn, AddMessages,
       kAddMessagesFields});
  add({"GET", "/api/v1/incidents/{id}/messages", Access::kSignedIn, ListMessages, {},
       {"offset", "limit", "reveal"}});
  add({"PATCH", "/api/v1/incidents/{id}", Access::kSignedIn, Update, kUpdateFields});
  add({"DELETE", "/api/v1/incidents/{id}", Access::kSignedIn, Delete});
  add({"GET", "/api/v1/incidents/{id}/export", Access::kSignedIn, Export});
  add({"GET", "/api/v1/incidents/{id}/reviewers", Access::kSignedIn, ListReviewers});
  add({"POST", "/api/v1/incidents/{id}/reviewers", Access::kSignedIn, AddReviewer, kReviewerFields});
  add({"DELETE", "/api/v1/incidents/{id}/reviewers/{user_id}", Access::kSignedIn, RemoveReviewer});
  add({"GET", "/api/v1/incidents/{id}/complaints", Access::kSignedIn, ListComplaints});
  add({"POST", "/api/v1/incidents/{id}/complaints", Access::kSignedIn, AddComplaint, kComplaintFields});
  add({"PATCH", "/api/v1/complaints/{id}", Access::kSignedIn, UpdateComplaint, kComplaintUpdateFields});
  add({"GET", "/api/v1/complaints/due", Access::kSignedIn, DueComplaints});
}

}  // namespace byteback::server
