// model.cc: the model file. Layout (little-endian), docs/ENGINE.md#model-file:
//   8 bytes  magic "BBSHIELD"
//   u32      format version (kModelFormatVersion)
//   u32      header length H
//   H bytes  JSON header: version, bucket_bits, labels, bias, scale,
//            threshold, weights_fnv64 (hex), info
//   N bytes  int8 weights, N = (1 << bucket_bits) * kLabelCount
#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <sstream>

#include "detect/detect.h"
#include "detect/detect_internal.h"

namespace byteback::detect {
namespace {

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

uint32_t GetU32(std::string_view s, size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<unsigned char>(s[at + i])} << (8 * i);
  return v;
}

std::string WeightsChecksum(const std::vector<int8_t>& w) {
  std::string_view bytes(reinterpret_cast<const char*>(w.data()), w.size());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(internal::Hash(bytes, 0)));
  return buf;
}

template <typename A>
bool ReadFloats(const nlohmann::json& j, const char* key, A* out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array() || it->size() != kLabelCount) return false;
  for (size_t i = 0; i < kLabelCount; ++i) {
    if (!(*it)[i].is_number()) return false;
    (*out)[i] = (*it)[i].template get<float>();
  }
  return true;
}

}  // namespace

std::string Model::Serialize() const {
  nlohmann::json h;
  h["version"] = version;
  h["bucket_bits"] = bucket_bits;
  nlohmann::json labels = nlohmann::json::array();
  for (size_t i = 0; i < kLabelCount; ++i) labels.push_back(LabelName(static_cast<Label>(i)));
  h["labels"] = labels;
  h["bias"] = bias;
  h["scale"] = scale;
  h["threshold"] = threshold;
  if (has_group_thresholds) {
    nlohmann::json g = nlohmann::json::object();
    for (size_t i = 0; i < kLangGroupCount; ++i) g[std::string(LangGroupName(i))] = group_threshold[i];
    h["groups"] = g;
  }
  h["weights_fnv64"] = WeightsChecksum(weights);
  h["info"] = nlohmann::json::parse(info_json, nullptr, false);
  if (h["info"].is_discarded()) h["info"] = nlohmann::json::object();
  std::string header = h.dump();
  std::string out(kModelMagic, sizeof kModelMagic);
  PutU32(&out, kModelFormatVersion);
  PutU32(&out, static_cast<uint32_t>(header.size()));
  out += header;
  out.append(reinterpret_cast<const char*>(weights.data()), weights.size());
  return out;
}

Result<Model> Model::Parse(std::string_view bytes) {
  if (bytes.size() < 16 || std::memcmp(bytes.data(), kModelMagic, sizeof kModelMagic) != 0)
    return Status::InvalidArgument("not a Byte Back model file (bad magic number)");
  uint32_t format = GetU32(bytes, 8);
  if (format != kModelFormatVersion)
    return Status::FailedPrecondition("model format " + std::to_string(format) + " is not supported by this byteback (" +
                                      std::to_string(kModelFormatVersion) + ")");
  uint32_t hlen = GetU32(bytes, 12);
  if (bytes.size() - 16 < hlen) return Status::Corruption("model file truncated in its header");
  nlohmann::json h = nlohmann::json::parse(bytes.substr(16, hlen), nullptr, false);
  if (h.is_discarded() || !h.is_object()) return Status::Corruption("model header is not valid JSON");
  Model m;
  try {
    m.version = h.at("version").get<std::string>();
    m.bucket_bits = h.at("bucket_bits").get<uint32_t>();
    if (h.contains("info")) m.info_json = h["info"].dump();
    if (!ReadFloats(h, "bias", &m.bias) || !ReadFloats(h, "scale", &m.scale) ||
        !ReadFloats(h, "threshold", &m.threshold))
      return Status::Corruption("model header lacks bias/scale/threshold for 5 labels");
    if (auto g = h.find("groups"); g != h.end()) {
      if (!g->is_object()) return Status::Corruption("model header: \"groups\" must be an object");
      for (size_t i = 0; i < kLangGroupCount; ++i)
        if (!ReadFloats(*g, std::string(LangGroupName(i)).c_str(), &m.group_threshold[i]))
          return Status::Corruption("model header: group '" + std::string(LangGroupName(i)) +
                                    "' lacks thresholds for 5 labels");
      m.has_group_thresholds = true;
    }
    const auto& labels = h.at("labels");
    for (size_t i = 0; i < kLabelCount; ++i)
      if (labels.at(i).get<std::string>() != LabelName(static_cast<Label>(i)))
        return Status::FailedPrecondition("model labels differ from this byteback's");
    if (m.bucket_bits < kMinBucketBits || m.bucket_bits > kMaxBucketBits)
      return Status::Corruption("model bucket_bits out of range");
    size_t n = (size_t{1} << m.bucket_bits) * kLabelCount;
    if (bytes.size() - 16 - hlen != n)
      return Status::Corruption("model file truncated or padded: expected " + std::to_string(n) + " weight bytes");
    m.weights.resize(n);
    std::memcpy(m.weights.data(), bytes.data() + 16 + hlen, n);
    if (WeightsChecksum(m.weights) != h.at("weights_fnv64").get<std::string>())
      return Status::Corruption("model weights do not match their checksum");
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("model header: ") + e.what());
  }
  return m;
}

Result<Model> Model::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read model file '" + path + "'");
  std::stringstream buf;
  buf << in.rdbuf();
  Result<Model> m = Parse(buf.str());
  if (!m.ok()) return Status(m.status().code(), path + ": " + m.status().message());
  return m;
}

Status Model::Save(const std::string& path) const {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot write '" + tmp + "'");
    std::string bytes = Serialize();
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return Status::IOError("short write to '" + tmp + "'");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Status::IOError("cannot rename to '" + path + "'");
  return Status::Ok();
}

}  // namespace byteback::detect
