// routes_openapi.cc: GET /api/v1/openapi.json, an OpenAPI 3.1 document
// generated from the route table itself, so it cannot drift from the code:
// paths and methods, path and query parameters, request bodies from each
// route's FieldSpec table (types, required fields, lengths, ranges), who may
// call it, and the error shapes. Response bodies are described for the
// Shield's routes (score, analyze), where clients need them most.
#include "server/http_internal.h"
#include "server/server_internal.h"

namespace byteback::server {
namespace {

using nlohmann::json;

json SchemaOf(std::span<const FieldSpec> fields);

json FieldSchema(const FieldSpec& f) {
  json s;
  switch (f.type) {
    case JsonType::kString:
      s = {{"type", "string"}, {"maxLength", f.max_length ? f.max_length : kDefaultMaxStringBytes}};
      break;
    case JsonType::kInteger:
      s = {{"type", "integer"}};
      if (f.min_value != std::numeric_limits<int64_t>::min()) s["minimum"] = f.min_value;
      if (f.max_value != std::numeric_limits<int64_t>::max()) s["maximum"] = f.max_value;
      break;
    case JsonType::kBoolean: s = {{"type", "boolean"}}; break;
    case JsonType::kStringArray:
      s = {{"type", "array"},
           {"items", {{"type", "string"}}},
           {"maxItems", f.max_length ? f.max_length : kDefaultMaxArrayItems}};
      break;
    case JsonType::kObjectArray:
      s = {{"type", "array"},
           {"items", SchemaOf(f.items)},
           {"maxItems", f.max_length ? f.max_length : kDefaultMaxArrayItems}};
      break;
  }
  return s;
}

json SchemaOf(std::span<const FieldSpec> fields) {
  json props = json::object();
  json required = json::array();
  for (const FieldSpec& f : fields) {
    props[std::string(f.name)] = FieldSchema(f);
    if (f.required) required.push_back(std::string(f.name));
  }
  json s = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) s["required"] = required;
  return s;
}

json ScoresSchema() {
  json props = json::object();
  for (const char* l : {"abusive", "gendered", "threat", "insult", "identity"}) {
    props[l] = {{"type", "number"}, {"minimum", 0}, {"maximum", 1}};
  }
  return {{"type", "object"}, {"properties", props}};
}

json VerdictSchema() {
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "string"}}},
            {"lang", {{"type", "string"}, {"description", "BCP-47 guess: en, hi, hi-Latn, ur, ur-Latn, bn, ..."}}},
            {"scores", ScoresSchema()},
            {"labels", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"severity", {{"type", "integer"}, {"minimum", 0}, {"maximum", 3}}},
            {"spans",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"begin", {{"type", "integer"}, {"description", "UTF-8 byte offset"}}},
                  {"end", {{"type", "integer"}}},
                  {"label", {{"type", "string"}}},
                  {"severity", {{"type", "integer"}}}}}}}}}}}};
}

json AnalyzeRequestSchema() {
  json text_entry = {{"type", "object"},
                     {"properties", {{"text", {{"type", "string"}, {"maxLength", 20480}}},
                                     {"type", {{"type", "string"}, {"enum", {"PLAIN_TEXT"}}}}}}};
  json attr = {{"type", "object"},
               {"properties", {{"scoreType", {{"type", "string"}, {"enum", {"PROBABILITY"}}}},
                               {"scoreThreshold", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}}}}};
  return {{"type", "object"},
          {"description", "Perspective's AnalyzeCommentRequest; snake_case names are accepted too."},
          {"required", {"comment", "requestedAttributes"}},
          {"properties",
           {{"comment", text_entry},
            {"context", {{"type", "object"}}},
            {"requestedAttributes",
             {{"type", "object"},
              {"propertyNames",
               {{"enum", {"TOXICITY", "SEVERE_TOXICITY", "INSULT", "PROFANITY", "THREAT", "IDENTITY_ATTACK",
                          "SEXUALLY_EXPLICIT", "GENDERED_ABUSE"}}}},
              {"additionalProperties", attr}}},
            {"spanAnnotations", {{"type", "boolean"}}},
            {"languages", {{"type", "array"}, {"items", {{"type", "string"}}}, {"maxItems", 20}}},
            {"doNotStore", {{"type", "boolean"}, {"description", "Nothing is ever stored by this endpoint."}}},
            {"clientToken", {{"type", "string"}}},
            {"sessionId", {{"type", "string"}}},
            {"communityId", {{"type", "string"}}}}}};
}

json AnalyzeResponseSchema() {
  json score = {{"type", "object"},
                {"properties", {{"value", {{"type", "number"}}}, {"type", {{"type", "string"}}}}}};
  json span = {{"type", "object"},
               {"properties", {{"begin", {{"type", "integer"}, {"description", "UTF-16 code units"}}},
                               {"end", {{"type", "integer"}}},
                               {"score", score}}}};
  return {{"type", "object"},
          {"properties",
           {{"attributeScores",
             {{"type", "object"},
              {"additionalProperties",
               {{"type", "object"},
                {"properties", {{"summaryScore", score}, {"spanScores", {{"type", "array"}, {"items", span}}}}}}}}},
            {"languages", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"detectedLanguages", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"clientToken", {{"type", "string"}}}}}};
}

json ErrorSchema() {
  return {{"type", "object"},
          {"required", {"error"}},
          {"properties",
           {{"error",
             {{"type", "object"},
              {"properties", {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}};
}

json GoogleErrorSchema() {
  return {{"type", "object"},
          {"properties",
           {{"error",
             {{"type", "object"},
              {"properties", {{"code", {{"type", "integer"}}},
                              {"message", {{"type", "string"}}},
                              {"status", {{"type", "string"}}},
                              {"details", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}}}}};
}

json Security(Access a) {
  if (a == Access::kPublic) return json::array();
  return json::array({{{"session", json::array()}}, {{"apiKey", json::array()}}, {{"bearer", json::array()}}});
}

}  // namespace

json OpenApiDocument(const ServerImpl& s) {
  json paths = json::object();
  for (const RouteSummary& r : s.RouteTable()) {
    // Web pages are not part of the API.
    if (r.pattern.rfind("/api/", 0) != 0 && r.pattern.rfind("/v1alpha1/", 0) != 0 &&
        r.pattern != "/healthz" && r.pattern != "/readyz" && r.pattern != "/metrics" &&
        r.pattern != "/$discovery/rest") {
      continue;
    }
    json op = json::object();
    op["summary"] = r.summary.empty() ? r.method + " " + r.pattern : r.summary;
    op["x-byteback-access"] = std::string(r.access == Access::kPublic ? "public" : AccessName(r.access));
    op["security"] = Security(r.access);
    json params = json::array();
    size_t i = 0;
    while ((i = r.pattern.find('{', i)) != std::string::npos) {
      size_t j = r.pattern.find('}', i);
      params.push_back({{"name", r.pattern.substr(i + 1, j - i - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "integer"}, {"minimum", 1}}}});
      i = j;
    }
    for (const std::string& q : r.query) {
      params.push_back({{"name", q}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    const bool body = r.method == "POST" || r.method == "PUT" || r.method == "PATCH";
    if (body && r.raw_body && r.pattern == "/v1alpha1/comments:analyze") {
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", AnalyzeRequestSchema()}}}}}};
    } else if (body && !r.fields.empty()) {
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", SchemaOf(r.fields)}}}}}};
    }
    json ok_schema = {{"type", "object"}};
    if (r.pattern == "/api/v1/score") {
      ok_schema = {{"type", "object"},
                   {"properties", {{"model_version", {{"type", "string"}}},
                                   {"results", {{"type", "array"}, {"items", VerdictSchema()}}}}}};
    } else if (r.pattern == "/v1alpha1/comments:analyze") {
      ok_schema = AnalyzeResponseSchema();
    }
    json err = {{"content", {{"application/json", {{"schema", r.google_errors ? GoogleErrorSchema() : ErrorSchema()}}}}}};
    json responses = {{"200", {{"description", "OK"}, {"content", {{"application/json", {{"schema", ok_schema}}}}}}}};
    if (r.pattern == "/metrics") {
      responses["200"] = {{"description", "Prometheus text format"}};
    }
    for (const char* code : {"400", "401", "403", "404", "429", "500", "503"}) {
      json e = err;
      e["description"] = "Error";
      responses[code] = e;
    }
    op["responses"] = responses;
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[r.pattern][method] = op;
  }
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "Byte Back API"},
            {"version", s.options.version},
            {"description", "Byte Back: abuse detection, evidence and solidarity for journalists under attack. "
                            "Generated from the server's route table; see docs/API.md."}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie},
                           {"description", "Writes also need the X-CSRF-Token header."}}},
              {"apiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-API-Key"}}},
              {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

void AddOpenApiRoutes(ServerImpl& s) {
  s.AddRoute({.method = "GET", .pattern = "/api/v1/openapi.json", .access = Access::kPublic,
              .handler = [](RouteContext& ctx) {
                WriteJson(ctx.res, OpenApiDocument(ctx.server));
                return Status::Ok();
              },
              .summary = "This document (OpenAPI 3.1)"});
}

}  // namespace byteback::server
