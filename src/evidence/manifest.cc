// manifest.cc: manifest.json and chain.json, written and parsed strictly.
// See docs/EVIDENCE.md#pack-layout. The parsers take attacker-controlled
// bytes (tests/fuzz/evidence_fuzz.cc): every field must be present with the
// right type, unknown fields are refused, strings and counts are bounded,
// and nlohmann exceptions never escape.
#include <nlohmann/json.hpp>

#include <set>

#include "evidence/evidence.h"
#include "evidence/evidence_internal.h"

namespace byteback::evidence {
namespace {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

constexpr std::string_view kPackFormat = "byteback-evidence-pack";
constexpr std::string_view kChainFormat = "byteback-evidence-chain";
constexpr int kVersion = 1;
constexpr size_t kMaxHashField = 128;

// Reads the fields of one JSON object, recording which were used so that
// unknown ones can be refused. Errors are InvalidArgument "<where>.<key>: ...".
class Fields {
 public:
  Fields(const json& obj, std::string where)
      : obj_(obj), where_(std::move(where)) {}

  Result<std::string> Str(const char* key, size_t max, bool allow_empty) {
    BB_ASSIGN_OR_RETURN(const json* v, Get(key));
    if (!v->is_string()) return Err(key, "must be a string");
    std::string s = v->get<std::string>();
    if (Status st = internal::CheckText("value", s, max, allow_empty); !st.ok())
      return Err(key, st.message());
    return s;
  }
  Result<uint64_t> Uint(const char* key) {
    BB_ASSIGN_OR_RETURN(const json* v, Get(key));
    if (!v->is_number_unsigned()) return Err(key, "must be an unsigned integer");
    return v->get<uint64_t>();
  }
  Result<const json*> Get(const char* key) {
    auto it = obj_.find(key);
    if (it == obj_.end()) return Err(key, "missing");
    used_.insert(key);
    return &*it;
  }
  bool Has(const char* key) const { return obj_.contains(key); }
  // InvalidArgument naming the first field that was not read.
  Status NoUnknown() const {
    for (auto it = obj_.begin(); it != obj_.end(); ++it)
      if (!used_.count(it.key()))
        return Status::InvalidArgument(where_ + ": unknown field '" + it.key() +
                                       "'");
    return Status::Ok();
  }
  Status Err(const char* key, const std::string& what) const {
    return Status::InvalidArgument(where_ + "." + key + ": " + what);
  }

 private:
  const json& obj_;
  std::string where_;
  std::set<std::string> used_;
};

Result<json> ParseObject(std::string_view text, const std::string& file) {
  if (text.size() > kMaxMetadataBytes)
    return Status::ResourceExhausted(file + ": larger than " +
                                     std::to_string(kMaxMetadataBytes) + " bytes");
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    return Status::InvalidArgument(file + ": not valid JSON: " + e.what());
  }
  if (!j.is_object())
    return Status::InvalidArgument(file + ": not a JSON object");
  return j;
}

// Reads an entry (item fields, prev_hash, hash; and "file" when with_file).
Status ReadEntry(const json& obj, const std::string& where, bool with_file,
                 ChainEntry* e, std::string* file) {
  if (!obj.is_object()) return Status::InvalidArgument(where + ": not an object");
  Fields f(obj, where);
  EvidenceItem& it = e->item;
  BB_ASSIGN_OR_RETURN(it.seq, f.Uint("seq"));
  BB_ASSIGN_OR_RETURN(std::string kind, f.Str("kind", 32, false));
  Result<ItemKind> k = ParseItemKind(kind);
  if (!k.ok()) return f.Err("kind", k.status().message());
  it.kind = *k;
  if (with_file) {
    BB_ASSIGN_OR_RETURN(*file, f.Str("file", 512, false));
  }
  BB_ASSIGN_OR_RETURN(it.sha256, f.Str("sha256", kMaxHashField, false));
  BB_ASSIGN_OR_RETURN(it.captured_at, f.Str("captured_at", 64, false));
  BB_ASSIGN_OR_RETURN(it.captured_by, f.Str("captured_by", kMaxIdBytes, false));
  BB_ASSIGN_OR_RETURN(it.name, f.Str("name", kMaxNameBytes, true));
  BB_ASSIGN_OR_RETURN(it.mime, f.Str("mime", kMaxMimeBytes, false));
  BB_ASSIGN_OR_RETURN(it.size, f.Uint("size"));
  BB_ASSIGN_OR_RETURN(e->prev_hash, f.Str("prev_hash", kMaxHashField, false));
  BB_ASSIGN_OR_RETURN(e->hash, f.Str("hash", kMaxHashField, false));
  return f.NoUnknown();
}

// The fields common to both files: format, version, incident, count, head,
// public key, signature.
Status ReadHeader(Fields& f, std::string_view format, PackManifest* m) {
  BB_ASSIGN_OR_RETURN(std::string fmt, f.Str("format", 64, false));
  if (fmt != format)
    return f.Err("format", "is '" + fmt + "', want '" + std::string(format) + "'");
  BB_ASSIGN_OR_RETURN(uint64_t version, f.Uint("version"));
  if (version != kVersion)
    return f.Err("version", "unsupported version " + std::to_string(version) +
                                " (this program reads version 1)");
  m->version = kVersion;
  BB_ASSIGN_OR_RETURN(m->incident_id, f.Str("incident_id", kMaxIdBytes, false));
  BB_ASSIGN_OR_RETURN(m->count, f.Uint("count"));
  BB_ASSIGN_OR_RETURN(m->head, f.Str("head", kMaxHashField, false));
  BB_ASSIGN_OR_RETURN(m->public_key, f.Str("public_key", kMaxHashField, false));
  BB_ASSIGN_OR_RETURN(m->signature, f.Str("signature", 256, false));
  return Status::Ok();
}

Status ReadEntries(Fields& f, const char* key, bool with_file,
                   PackManifest* m, const std::string& file) {
  BB_ASSIGN_OR_RETURN(const json* arr, f.Get(key));
  if (!arr->is_array()) return f.Err(key, "must be an array");
  if (arr->size() > kMaxItems)
    return f.Err(key, "more than " + std::to_string(kMaxItems) + " items");
  for (size_t i = 0; i < arr->size(); ++i) {
    ChainEntry e;
    std::string name;
    BB_RETURN_IF_ERROR(ReadEntry((*arr)[i],
                                 file + "." + key + "[" + std::to_string(i) + "]",
                                 with_file, &e, &name));
    m->entries.push_back(std::move(e));
    if (with_file) m->files.push_back(std::move(name));
  }
  return Status::Ok();
}

ojson EntryJson(const ChainEntry& e, const std::string* file) {
  ojson j;
  j["seq"] = e.item.seq;
  j["kind"] = std::string(ItemKindName(e.item.kind));
  if (file != nullptr) j["file"] = *file;
  j["sha256"] = e.item.sha256;
  j["captured_at"] = e.item.captured_at;
  j["captured_by"] = e.item.captured_by;
  j["name"] = e.item.name;
  j["mime"] = e.item.mime;
  j["size"] = e.item.size;
  j["prev_hash"] = e.prev_hash;
  j["hash"] = e.hash;
  return j;
}

ojson HeaderJson(const PackManifest& m, std::string_view format) {
  ojson j;
  j["format"] = std::string(format);
  j["version"] = kVersion;
  j["incident_id"] = m.incident_id;
  j["count"] = m.count;
  j["head"] = m.head;
  j["public_key"] = m.public_key;
  j["signature"] = m.signature;
  return j;
}

}  // namespace

Result<PackManifest> ParseManifest(std::string_view text) {
  BB_ASSIGN_OR_RETURN(json j, ParseObject(text, "manifest.json"));
  PackManifest m;
  try {
    Fields f(j, "manifest.json");
    BB_RETURN_IF_ERROR(ReadHeader(f, kPackFormat, &m));
    BB_ASSIGN_OR_RETURN(m.generated_at, f.Str("generated_at", 64, false));
    BB_RETURN_IF_ERROR(ReadEntries(f, "items", true, &m, "manifest.json"));
    BB_ASSIGN_OR_RETURN(const json* report, f.Get("report"));
    if (!report->is_null()) {
      if (!report->is_object()) return f.Err("report", "must be an object or null");
      Fields r(*report, "manifest.json.report");
      BB_ASSIGN_OR_RETURN(m.report_file, r.Str("file", 512, false));
      BB_ASSIGN_OR_RETURN(m.report_sha256, r.Str("sha256", kMaxHashField, false));
      BB_ASSIGN_OR_RETURN(m.report_signature, r.Str("signature", 256, false));
      BB_RETURN_IF_ERROR(r.NoUnknown());
    }
    BB_RETURN_IF_ERROR(f.NoUnknown());
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("manifest.json: ") + e.what());
  }
  return m;
}

Result<PackManifest> ParseChainJson(std::string_view text) {
  BB_ASSIGN_OR_RETURN(json j, ParseObject(text, "chain.json"));
  PackManifest m;
  try {
    Fields f(j, "chain.json");
    BB_RETURN_IF_ERROR(ReadHeader(f, kChainFormat, &m));
    BB_RETURN_IF_ERROR(ReadEntries(f, "entries", false, &m, "chain.json"));
    BB_RETURN_IF_ERROR(f.NoUnknown());
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("chain.json: ") + e.what());
  }
  return m;
}

std::string ManifestJson(const PackManifest& m) {
  ojson j = HeaderJson(m, kPackFormat);
  j["generated_at"] = m.generated_at;
  ojson items = ojson::array();
  for (size_t i = 0; i < m.entries.size(); ++i)
    items.push_back(EntryJson(m.entries[i], i < m.files.size() ? &m.files[i]
                                                               : nullptr));
  j["items"] = std::move(items);
  if (m.report_file.empty()) {
    j["report"] = nullptr;
  } else {
    ojson r;
    r["file"] = m.report_file;
    r["sha256"] = m.report_sha256;
    r["signature"] = m.report_signature;
    j["report"] = std::move(r);
  }
  return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string ChainJson(const PackManifest& m) {
  ojson j = HeaderJson(m, kChainFormat);
  ojson entries = ojson::array();
  for (const ChainEntry& e : m.entries) entries.push_back(EntryJson(e, nullptr));
  j["entries"] = std::move(entries);
  return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

}  // namespace byteback::evidence
