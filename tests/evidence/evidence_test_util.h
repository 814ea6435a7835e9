// evidence_test_util.h: a sample incident's evidence, a signer in a temp
// dir, and helpers to rewrite a pack's members (the tampering tests).
#ifndef BYTEBACK_TESTS_EVIDENCE_EVIDENCE_TEST_UTIL_H_
#define BYTEBACK_TESTS_EVIDENCE_EVIDENCE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "crypto/crypto.h"
#include "evidence/evidence.h"
#include "evidence/evidence_internal.h"
#include "testing/temp_dir.h"

namespace byteback::evidence::testutil {

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void WriteAll(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

inline std::unique_ptr<crypto::Signer> MakeSigner(const std::string& path) {
  auto s = crypto::Signer::LoadOrCreate(path);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

inline EvidenceItem Item(uint64_t seq, ItemKind kind, const std::string& bytes,
                         const std::string& name, const std::string& mime) {
  EvidenceItem it;
  it.seq = seq;
  it.kind = kind;
  it.sha256 = crypto::Sha256Hex(bytes);
  it.captured_at = "2026-11-2" + std::to_string(seq % 10) + "T09:30:00Z";
  it.captured_by = "journalist-7";
  it.name = name;
  it.mime = mime;
  it.size = bytes.size();
  return it;
}

// Five items of every kind, with Hindi, Urdu and Bengali text.
inline PackInput SampleInput() {
  PackInput in;
  in.incident_id = "inc-7f3a";
  in.generated_at = "2026-11-25T10:00:00Z";
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(300, '\x07');
  const std::string pdf = "%PDF-1.4\n% a platform's reply\n%%EOF\n";
  const std::vector<std::tuple<ItemKind, std::string, std::string, std::string>> raw = {
      {ItemKind::kMessage, "तुम्हें सबक सिखाएंगे", "x-dm-1.txt", "text/plain"},
      {ItemKind::kScreenshot, png, "screenshot.png", "image/png"},
      {ItemKind::kFile, pdf, "reply.pdf", "application/pdf"},
      {ItemKind::kNote, "تم کو سبق سکھائیں گے — আমরা দেখে নেব", "", "text/plain"},
      {ItemKind::kUrl, "https://x.example/status/123", "post", "text/plain"}};
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto& [kind, bytes, name, mime] = raw[i];
    in.items.push_back(Item(i + 1, kind, bytes, name, mime));
    in.contents.push_back(bytes);
  }
  return in;
}

// Every member of the pack at `path`, in order.
inline std::vector<internal::ZipMember> ReadMembers(const std::string& path) {
  std::vector<internal::ZipMember> out;
  auto zip = SafeArchive::Open(path);
  EXPECT_TRUE(zip.ok()) << zip.status().ToString();
  if (!zip.ok()) return out;
  for (const ArchiveEntry& e : zip->entries()) {
    auto data = zip->Read(e, 1 << 30);
    EXPECT_TRUE(data.ok());
    out.push_back({e.name, data.ok() ? *data : "", true, 0});
  }
  return out;
}

inline void WriteMembers(const std::string& path,
                         const std::vector<internal::ZipMember>& members) {
  auto zip = internal::ZipBytes(members);
  ASSERT_TRUE(zip.ok()) << zip.status().ToString();
  WriteAll(path, *zip);
}

inline internal::ZipMember* FindMember(std::vector<internal::ZipMember>& ms,
                                       const std::string& name) {
  for (auto& m : ms)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace byteback::evidence::testutil

#endif  // BYTEBACK_TESTS_EVIDENCE_EVIDENCE_TEST_UTIL_H_
