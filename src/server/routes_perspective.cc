// routes_perspective.cc: a drop-in replacement for the Perspective API
// (Google Jigsaw's commentanalyzer v1alpha1, shut down at the end of 2026).
//
// POST /v1alpha1/comments:analyze takes Perspective's AnalyzeCommentRequest
// (camelCase or snake_case field names, as Google's JSON front end accepts)
// and answers with its AnalyzeCommentResponse, scored by the Shield. Errors
// have Google's shape and Perspective's messages and error types. Nothing of
// a request is stored, whatever doNotStore says (docs/API.md#perspective).
// GET /$discovery/rest serves a discovery document for Google's client
// libraries, so a client built with discovery needs only a new base URL.
//
// Attribute mapping (docs/API.md#perspective-attributes): TOXICITY =
// abusive; INSULT, THREAT, IDENTITY_ATTACK = the labels of the same name;
// SEXUALLY_EXPLICIT and GENDERED_ABUSE (ours) = gendered; SEVERE_TOXICITY
// and PROFANITY are derived from abusive and the severity of the lexicon
// terms found. Span offsets are in UTF-16 code units, as JavaScript clients
// index strings.
#include <algorithm>
#include <cmath>
#include <set>

#include "core/utf8.h"
#include "detect/detect.h"
#include "server/http_internal.h"
#include "server/server_internal.h"
#include "shield/shield.h"

namespace byteback::server {
namespace {

using nlohmann::json;
using detect::Label;

// Perspective's own limit on comment.text (20 KB since August 2020).
constexpr size_t kMaxCommentBytes = 20 * 1024;
constexpr size_t kMaxLanguages = 20;
constexpr size_t kMaxTokenBytes = 1024;  // clientToken, sessionId, communityId

enum class Attr {
  kToxicity,
  kSevereToxicity,
  kInsult,
  kProfanity,
  kThreat,
  kIdentityAttack,
  kSexuallyExplicit,
  kGenderedAbuse,
};
struct AttrName {
  std::string_view name;
  Attr attr;
};
constexpr AttrName kAttributes[] = {
    {"TOXICITY", Attr::kToxicity},
    {"SEVERE_TOXICITY", Attr::kSevereToxicity},
    {"INSULT", Attr::kInsult},
    {"PROFANITY", Attr::kProfanity},
    {"THREAT", Attr::kThreat},
    {"IDENTITY_ATTACK", Attr::kIdentityAttack},
    {"SEXUALLY_EXPLICIT", Attr::kSexuallyExplicit},
    {"GENDERED_ABUSE", Attr::kGenderedAbuse},
};

// An error a Perspective client expects: HTTP 400 with errorType.
struct ApiError {
  std::string message;
  std::string type;  // COMMENT_EMPTY, ..., INVALID_REQUEST
};

float Score(const detect::Verdict& v, Label l) { return v.scores[static_cast<size_t>(l)]; }

float AttributeScore(Attr a, const detect::Verdict& v) {
  int max_severity = 0;
  for (const detect::Span& s : v.spans) max_severity = std::max(max_severity, s.severity);
  const float abusive = Score(v, Label::kAbusive);
  switch (a) {
    case Attr::kToxicity: return abusive;
    case Attr::kInsult: return Score(v, Label::kInsult);
    case Attr::kThreat: return Score(v, Label::kThreat);
    case Attr::kIdentityAttack: return Score(v, Label::kIdentity);
    case Attr::kSexuallyExplicit:
    case Attr::kGenderedAbuse: return Score(v, Label::kGendered);
    case Attr::kSevereToxicity: {
      // Severe: a severe (3) term keeps the abusive score, a strong (2) term
      // most of it; threats and identity attacks are severe by nature.
      const float factor = max_severity >= 3 ? 1.0f : max_severity == 2 ? 0.75f : 0.5f;
      return std::max({abusive * factor, Score(v, Label::kThreat), Score(v, Label::kIdentity)});
    }
    case Attr::kProfanity:
      // Profanity is about words: full weight only when a listed term is there.
      return v.spans.empty() ? abusive * 0.5f : abusive;
  }
  return 0.0f;
}

json ScoreJson(float value) {
  // Seven significant digits, as Perspective prints them.
  double rounded = std::round(static_cast<double>(value) * 1e7) / 1e7;
  return {{"value", rounded}, {"type", "PROBABILITY"}};
}

// The field `camel` or its snake_case spelling; both present is an error.
Result<const json*> Field(const json& obj, const char* camel, const char* snake) {
  auto a = obj.find(camel);
  auto b = snake ? obj.find(snake) : obj.end();
  if (a != obj.end() && b != obj.end()) {
    return Status::InvalidArgument(std::string("Invalid JSON payload received. Both \"") + camel +
                                   "\" and \"" + snake + "\" are set.");
  }
  if (a != obj.end() && !a->is_null()) return &*a;
  if (b != obj.end() && !b->is_null()) return &*b;
  return static_cast<const json*>(nullptr);
}

Status CheckKnown(const json& obj, std::initializer_list<const char*> known, const std::string& where) {
  for (const auto& [key, value] : obj.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (!ok) {
      return Status::InvalidArgument("Invalid JSON payload received. Unknown name \"" +
                                     key.substr(0, 64) + "\"" + where + ": Cannot find field.");
    }
  }
  return Status::Ok();
}

Status TypeError(const std::string& field, const char* want) {
  return Status::InvalidArgument("Invalid JSON payload received. Invalid value at '" + field +
                                 "': expected " + want + ".");
}

Result<std::string> OptionalString(const json& obj, const char* camel, const char* snake,
                                   size_t max) {
  BB_ASSIGN_OR_RETURN(const json* v, Field(obj, camel, snake));
  if (v == nullptr) return std::string();
  if (!v->is_string()) return TypeError(camel, "a string");
  std::string s = v->get<std::string>();
  if (s.size() > max) {
    return Status::InvalidArgument(std::string(camel) + " is longer than " + std::to_string(max) +
                                   " bytes.");
  }
  return s;
}

// A comment-like object {text, type}: checks the type is PLAIN_TEXT.
Result<std::string> TextEntry(const json& entry, const std::string& field, ApiError* api) {
  if (!entry.is_object()) return TypeError(field, "an object");
  BB_RETURN_IF_ERROR(CheckKnown(entry, {"text", "type"}, " at '" + field + "'"));
  std::string text;
  if (auto t = entry.find("text"); t != entry.end() && !t->is_null()) {
    if (!t->is_string()) return TypeError(field + ".text", "a string");
    text = t->get<std::string>();
  }
  if (auto t = entry.find("type"); t != entry.end() && !t->is_null()) {
    if (!t->is_string()) return TypeError(field + ".type", "a string");
    const std::string type = t->get<std::string>();
    if (type == "HTML") {
      *api = {"Currently, only 'PLAIN_TEXT' comments are supported", "INVALID_REQUEST"};
    } else if (type != "PLAIN_TEXT" && type != "TEXT_TYPE_UNSPECIFIED") {
      *api = {"Unknown text type", "INVALID_REQUEST"};
    }
  }
  return text;
}

// A language tag of a request: "hi", "HI", "hi-Latn" -> primary "hi".
std::string PrimaryTag(std::string tag) {
  tag = tag.substr(0, tag.find_first_of("-_"));
  for (char& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return tag;
}

// Languages the Shield has lexicons for (primary tags), from the detector.
std::set<std::string> SupportedLanguages(const detect::Detector& det) {
  std::set<std::string> out;
  for (const detect::LexiconEntry& e : det.lexicon().entries) {
    if (!e.allow) out.insert(PrimaryTag(e.lang));
  }
  out.insert("en");
  return out;
}

// [begin, end) byte ranges of the sentences of `text`, trimmed; a sentence
// ends after . ! ? । ॥ ۔ ؟ (and runs of them) followed by a space, and at a
// line break.
std::vector<std::pair<size_t, size_t>> Sentences(std::string_view text) {
  auto is_end = [](char32_t c) {
    return c == '.' || c == '!' || c == '?' || c == 0x0964 || c == 0x0965 || c == 0x06D4 ||
           c == 0x061F;
  };
  auto is_space = [](char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::vector<std::pair<size_t, size_t>> raw;
  size_t start = 0, pos = 0;
  while (pos < text.size()) {
    char32_t c = utf8::Decode(text, &pos);
    if (c == '\n') {
      raw.push_back({start, pos});
      start = pos;
      continue;
    }
    if (!is_end(c)) continue;
    size_t after = pos;
    while (after < text.size()) {  // a run: "?!", "..."
      size_t next = after;
      char32_t d = utf8::Decode(text, &next);
      if (!is_end(d)) break;
      after = next;
    }
    size_t peek = after;
    if (after == text.size() || is_space(utf8::Decode(text, &peek))) {
      raw.push_back({start, after});
      start = after;
    }
    pos = after;
  }
  if (start < text.size()) raw.push_back({start, text.size()});
  std::vector<std::pair<size_t, size_t>> out;
  for (auto [b, e] : raw) {
    while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r' || text[b] == '\n')) ++b;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r' ||
                     text[e - 1] == '\n')) {
      --e;
    }
    if (e > b) out.push_back({b, e});
  }
  return out;
}

struct Requested {
  Attr attr;
  std::string name;
  std::optional<double> threshold;
};

Status Analyze(RouteContext& ctx) {
  auto* shield = ctx.server.services.shield;
  if (shield == nullptr) return Status::Unavailable("the Shield is not loaded on this server");
  if (ctx.req.has_param("alt") && ctx.req.get_param_value("alt") != "json") {
    return Status::InvalidArgument("only alt=json is supported");
  }
  ApiError api;
  auto reject = [&](const ApiError& e) {
    WriteGoogleHttpError(ctx.res, 400, e.message, e.type);
    return Status::Ok();
  };
  BB_ASSIGN_OR_RETURN(json body, ParseJsonObject(ctx.raw_body));
  BB_RETURN_IF_ERROR(CheckKnown(
      body,
      {"comment", "context", "requestedAttributes", "requested_attributes", "spanAnnotations",
       "span_annotations", "languages", "doNotStore", "do_not_store", "clientToken", "client_token",
       "sessionId", "session_id", "communityId", "community_id"},
      ""));

  // comment
  auto comment = body.find("comment");
  if (comment == body.end() || comment->is_null()) {
    return reject({"Comment must be non-empty.", "COMMENT_EMPTY"});
  }
  BB_ASSIGN_OR_RETURN(std::string text, TextEntry(*comment, "comment", &api));
  if (!api.message.empty()) return reject(api);
  if (text.size() > kMaxCommentBytes) return reject({"Comment text too long.", "COMMENT_TOO_LONG"});
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return reject({"Comment must be non-empty.", "COMMENT_EMPTY"});
  }

  // context: accepted and validated, not used by the model (as Perspective).
  if (auto c = body.find("context"); c != body.end() && !c->is_null()) {
    if (!c->is_object()) return TypeError("context", "an object");
    BB_RETURN_IF_ERROR(CheckKnown(*c, {"entries", "articleAndParentComment", "article_and_parent_comment"},
                                  " at 'context'"));
    BB_ASSIGN_OR_RETURN(const json* ap, Field(*c, "articleAndParentComment", "article_and_parent_comment"));
    auto entries = c->find("entries");
    const bool has_entries = entries != c->end() && !entries->is_null();
    if (has_entries && ap != nullptr) {
      return reject({"Context can have either entries or article_and_parent_comment, but both fields "
                     "were populated.",
                     "INVALID_REQUEST"});
    }
    if (has_entries) {
      if (!entries->is_array()) return TypeError("context.entries", "an array");
      for (size_t i = 0; i < entries->size(); ++i) {
        BB_RETURN_IF_ERROR(TextEntry((*entries)[i], "context.entries[" + std::to_string(i) + "]", &api).status());
      }
    }
    if (ap != nullptr) {
      if (!ap->is_object()) return TypeError("context.articleAndParentComment", "an object");
      BB_RETURN_IF_ERROR(CheckKnown(*ap, {"article", "parentComment", "parent_comment"},
                                    " at 'context.articleAndParentComment'"));
      BB_ASSIGN_OR_RETURN(const json* parent, Field(*ap, "parentComment", "parent_comment"));
      if (auto a = ap->find("article"); a != ap->end() && !a->is_null()) {
        BB_RETURN_IF_ERROR(TextEntry(*a, "context.articleAndParentComment.article", &api).status());
      }
      if (parent != nullptr) {
        BB_RETURN_IF_ERROR(TextEntry(*parent, "context.articleAndParentComment.parentComment", &api).status());
      }
    }
    if (!api.message.empty()) return reject(api);
  }

  // requestedAttributes
  BB_ASSIGN_OR_RETURN(const json* attrs, Field(body, "requestedAttributes", "requested_attributes"));
  if (attrs == nullptr || (attrs->is_object() && attrs->empty())) {
    return reject({"Missing requested_attributes", "NO_REQUESTED_ATTRIBUTES"});
  }
  if (!attrs->is_object()) return TypeError("requestedAttributes", "an object");
  std::vector<Requested> requested;
  for (const auto& [name, config] : attrs->items()) {
    auto it = std::find_if(std::begin(kAttributes), std::end(kAttributes),
                           [&](const AttrName& a) { return a.name == name; });
    if (it == std::end(kAttributes)) {
      return reject({"Unknown requested attribute: " + name.substr(0, 64), "INVALID_REQUEST"});
    }
    Requested r{it->attr, name, std::nullopt};
    if (!config.is_null()) {
      const std::string field = "requestedAttributes." + name;
      if (!config.is_object()) return TypeError(field, "an object");
      BB_RETURN_IF_ERROR(CheckKnown(config, {"scoreType", "score_type", "scoreThreshold", "score_threshold"},
                                    " at '" + field + "'"));
      BB_ASSIGN_OR_RETURN(std::string type, OptionalString(config, "scoreType", "score_type", 64));
      if (!type.empty() && type != "PROBABILITY") {
        return reject({"Requested score type " + type + " is not supported by attribute " + name,
                       "INVALID_REQUEST"});
      }
      BB_ASSIGN_OR_RETURN(const json* th, Field(config, "scoreThreshold", "score_threshold"));
      if (th != nullptr) {
        if (!th->is_number()) return TypeError(field + ".scoreThreshold", "a number");
        double t = th->get<double>();
        if (!(t >= 0.0 && t <= 1.0)) {
          return reject({"scoreThreshold must be between 0 and 1", "INVALID_REQUEST"});
        }
        r.threshold = t;
      }
    }
    requested.push_back(std::move(r));
  }

  // languages
  std::shared_ptr<const detect::Detector> det = shield->detector();
  const std::set<std::string> supported = SupportedLanguages(*det);
  std::vector<std::string> languages;
  if (auto l = body.find("languages"); l != body.end() && !l->is_null()) {
    if (!l->is_array()) return TypeError("languages", "an array of strings");
    if (l->size() > kMaxLanguages) {
      return reject({"Too many languages (at most " + std::to_string(kMaxLanguages) + ")",
                     "INVALID_REQUEST"});
    }
    for (const json& x : *l) {
      if (!x.is_string()) return TypeError("languages", "an array of strings");
      languages.push_back(x.get<std::string>().substr(0, 35));
    }
  }
  BB_ASSIGN_OR_RETURN(const json* spans_flag, Field(body, "spanAnnotations", "span_annotations"));
  BB_ASSIGN_OR_RETURN(const json* dns, Field(body, "doNotStore", "do_not_store"));
  if (spans_flag != nullptr && !spans_flag->is_boolean()) return TypeError("spanAnnotations", "a boolean");
  if (dns != nullptr && !dns->is_boolean()) return TypeError("doNotStore", "a boolean");
  BB_ASSIGN_OR_RETURN(std::string client_token, OptionalString(body, "clientToken", "client_token", kMaxTokenBytes));
  BB_RETURN_IF_ERROR(OptionalString(body, "sessionId", "session_id", kMaxTokenBytes).status());
  BB_RETURN_IF_ERROR(OptionalString(body, "communityId", "community_id", kMaxTokenBytes).status());
  const bool want_spans = spans_flag != nullptr && spans_flag->get<bool>();

  // Score. Nothing below writes anywhere: doNotStore holds for every request.
  detect::Verdict verdict;
  shield::Shield::ScanWith(det, text, &verdict);
  std::vector<std::string> detected;
  if (verdict.lang != "und") detected.push_back(verdict.lang);
  if (languages.empty()) {
    // Too little text to tell the language: Latin-script text is scored as
    // English (Perspective would fail the request); text without letters
    // fails as it does on Perspective.
    if (!detected.empty()) {
      languages.push_back(verdict.lang);
    } else if (verdict.script == normalize::Script::kLatin) {
      languages.push_back("en");
    } else {
      return reject({"Unable to detect language", "LANGUAGE_DETECTION_FAILED"});
    }
  }
  std::vector<std::string> unsupported;
  for (const std::string& l : languages) {
    if (supported.count(PrimaryTag(l)) == 0) unsupported.push_back(l);
  }
  if (!unsupported.empty()) {
    std::string list;
    for (const std::string& l : unsupported) list += (list.empty() ? "" : ", ") + l;
    return reject({"Attribute " + requested.front().name + " does not support request languages: " + list,
                   "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"});
  }

  // Per-sentence scores for spanAnnotations, with UTF-16 offsets.
  struct SentenceScore {
    size_t begin16, end16;
    detect::Verdict verdict;
  };
  std::vector<SentenceScore> sentences;
  if (want_spans) {
    size_t prev_byte = 0, prev16 = 0;
    for (auto [b, e] : Sentences(text)) {
      SentenceScore s;
      s.begin16 = prev16 + utf8::Utf16Units(std::string_view(text).substr(prev_byte, b - prev_byte));
      s.end16 = s.begin16 + utf8::Utf16Units(std::string_view(text).substr(b, e - b));
      prev_byte = e;
      prev16 = s.end16;
      shield::Shield::ScanWith(det, std::string_view(text).substr(b, e - b), &s.verdict);
      sentences.push_back(std::move(s));
    }
  }

  json scores = json::object();
  for (const Requested& r : requested) {
    json a = json::object();
    const float summary = AttributeScore(r.attr, verdict);
    if (want_spans) {
      json spans = json::array();
      for (const SentenceScore& s : sentences) {
        const float v = AttributeScore(r.attr, s.verdict);
        if (r.threshold && v < *r.threshold) continue;
        spans.push_back({{"begin", s.begin16}, {"end", s.end16}, {"score", ScoreJson(v)}});
      }
      if (!spans.empty()) a["spanScores"] = std::move(spans);
    }
    if (!r.threshold || summary >= *r.threshold) a["summaryScore"] = ScoreJson(summary);
    if (!a.empty()) scores[r.name] = std::move(a);
  }
  json out = {{"attributeScores", std::move(scores)},
              {"languages", languages},
              {"detectedLanguages", detected}};
  if (!client_token.empty()) out["clientToken"] = client_token;
  WriteJson(ctx.res, out);
  return Status::Ok();
}

// The discovery document Google's client libraries build their stubs from
// (googleapiclient.discovery.build(..., discoveryServiceUrl=...)).
Status Discovery(RouteContext& ctx) {
  const std::string version = ctx.QueryString("version").value_or("v1alpha1");
  if (version != "v1alpha1") return Status::NotFound("no discovery document for version " + version.substr(0, 20));
  std::string host = ctx.req.get_header_value("Host");
  if (host.empty() || host.find_first_of(" /\\\"<>") != std::string::npos || host.size() > 255) {
    host = ctx.server.options.host + ":" + std::to_string(ctx.server.options.port);
  }
  const std::string root = std::string(ctx.server.cookie_secure ? "https" : "http") + "://" + host + "/";
  json string_param = {{"type", "string"}, {"location", "query"}};
  json text_entry = {{"id", "TextEntry"},
                     {"type", "object"},
                     {"properties", {{"text", {{"type", "string"}}}, {"type", {{"type", "string"}}}}}};
  json score = {{"id", "Score"},
                {"type", "object"},
                {"properties", {{"value", {{"type", "number"}, {"format", "float"}}}, {"type", {{"type", "string"}}}}}};
  json doc = {
      {"kind", "discovery#restDescription"},
      {"discoveryVersion", "v1"},
      {"id", "commentanalyzer:v1alpha1"},
      {"name", "commentanalyzer"},
      {"version", "v1alpha1"},
      {"title", "Byte Back Shield (Perspective-compatible comment analyzer)"},
      {"description", "Scores comments for toxicity with the Byte Back Shield."},
      {"protocol", "rest"},
      {"rootUrl", root},
      {"servicePath", ""},
      {"baseUrl", root},
      {"batchPath", "batch"},
      {"parameters",
       {{"key", string_param},
        {"alt", {{"type", "string"}, {"location", "query"}, {"default", "json"}, {"enum", {"json"}}}},
        {"prettyPrint", {{"type", "boolean"}, {"location", "query"}, {"default", "true"}}},
        {"fields", string_param},
        {"quotaUser", string_param}}},
      {"resources",
       {{"comments",
         {{"methods",
           {{"analyze",
             {{"id", "commentanalyzer.comments.analyze"},
              {"path", "v1alpha1/comments:analyze"},
              {"flatPath", "v1alpha1/comments:analyze"},
              {"httpMethod", "POST"},
              {"parameters", json::object()},
              {"parameterOrder", json::array()},
              {"request", {{"$ref", "AnalyzeCommentRequest"}}},
              {"response", {{"$ref", "AnalyzeCommentResponse"}}},
              {"description", "Analyzes the provided text and returns scores for requested attributes."}}}}}}}}},
      {"schemas",
       {{"TextEntry", text_entry},
        {"Score", score},
        {"AnalyzeCommentRequest",
         {{"id", "AnalyzeCommentRequest"},
          {"type", "object"},
          {"properties",
           {{"comment", {{"$ref", "TextEntry"}}},
            {"context", {{"type", "object"}}},
            {"requestedAttributes", {{"type", "object"}, {"additionalProperties", {{"type", "object"}}}}},
            {"spanAnnotations", {{"type", "boolean"}}},
            {"languages", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"doNotStore", {{"type", "boolean"}}},
            {"clientToken", {{"type", "string"}}},
            {"sessionId", {{"type", "string"}}},
            {"communityId", {{"type", "string"}}}}}}},
        {"AnalyzeCommentResponse",
         {{"id", "AnalyzeCommentResponse"},
          {"type", "object"},
          {"properties",
           {{"attributeScores", {{"type", "object"}, {"additionalProperties", {{"type", "object"}}}}},
            {"languages", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"detectedLanguages", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"clientToken", {{"type", "string"}}}}}}}}}};
  WriteJson(ctx.res, doc);
  return Status::Ok();
}

}  // namespace

void AddPerspectiveRoutes(ServerImpl& s) {
  s.AddRoute({.method = "POST",
              .pattern = "/v1alpha1/comments:analyze",
              .access = Access::kSignedIn,
              .handler = Analyze,
              .query = {"key", "alt", "prettyPrint", "fields", "quotaUser"},
              .raw_body = true,
              .google_errors = true,
              .key_in_query = true});
  s.AddRoute({.method = "GET",
              .pattern = "/$discovery/rest",
              .access = Access::kPublic,
              .handler = Discovery,
              .query = {"version", "key", "alt", "prettyPrint", "fields"}});
}

}  // namespace byteback::server
