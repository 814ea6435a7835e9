// pack_test.cc: complaint packs built here, then tampered with in every way
// the issue names; VerifyPack must fail and name the item. An untouched pack
// verifies from a fresh directory holding only the pack (no server, no
// database, no signing key file).
#include <gtest/gtest.h>

#include <filesystem>

#include "evidence_test_util.h"

namespace byteback::evidence {
namespace {

namespace fs = std::filesystem;
using internal::ZipMember;
using testutil::FindMember;
using testutil::ReadMembers;
using testutil::WriteMembers;

class PackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    signer_ = testutil::MakeSigner(dir_.File("signing.key"));
    input_ = testutil::SampleInput();
    input_.report_pdf = "%PDF-1.7\n% rendered by report::RenderPdf\n%%EOF\n";
    pack_ = dir_.File("pack.zip");
    ASSERT_TRUE(WritePack(input_, *signer_, pack_).ok());
  }

  VerifyReport Verify(const std::string& path,
                      const std::optional<std::string>& key = std::nullopt) {
    auto r = VerifyPack(path, key);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : VerifyReport{};
  }

  // Applies `edit` to the parsed manifest and chain.json (the same edit to
  // both, as a careful forger would) and writes the result to a new pack.
  std::string EditMetadata(const std::function<void(PackManifest&)>& edit,
                           bool manifest = true, bool chain = true) {
    std::vector<ZipMember> ms = ReadMembers(pack_);
    ZipMember* man = FindMember(ms, "manifest.json");
    ZipMember* ch = FindMember(ms, "chain.json");
    auto m = ParseManifest(man->data);
    auto c = ParseChainJson(ch->data);
    EXPECT_TRUE(m.ok() && c.ok());
    if (manifest) {
      edit(*m);
      man->data = ManifestJson(*m);
    }
    if (chain) {
      c->entries = m->entries;  // keep the chain in step with the manifest
      if (!manifest) edit(*c);
      c->count = m->count;
      c->head = m->head;
      c->signature = m->signature;
      c->public_key = m->public_key;
      chain_text_ = ChainJson(*c);
      ch->data = chain_text_;
    }
    const std::string out = dir_.File("edited-" + std::to_string(edits_++) + ".zip");
    WriteMembers(out, ms);
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<crypto::Signer> signer_;
  PackInput input_;
  std::string pack_;
  std::string chain_text_;
  int edits_ = 0;
};

TEST_F(PackTest, LayoutHasManifestChainFilesAndReport) {
  auto zip = SafeArchive::Open(pack_);
  ASSERT_TRUE(zip.ok());
  std::vector<std::string> names;
  for (const auto& e : zip->entries()) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "manifest.json", "chain.json", "files/1-x-dm-1.txt",
                       "files/2-screenshot.png", "files/3-reply.pdf", "files/4-note.txt",
                       "files/5-post", "report.pdf"}));
  auto m = ParseManifest(*zip->Read(*zip->Find("manifest.json"), 1 << 20));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->incident_id, "inc-7f3a");
  EXPECT_EQ(m->generated_at, "2026-11-25T10:00:00Z");
  EXPECT_EQ(m->count, 5u);
  EXPECT_EQ(m->public_key, signer_->public_key_hex());
  EXPECT_EQ(m->report_file, "report.pdf");
  EXPECT_EQ(*zip->Read(*zip->Find("files/1-x-dm-1.txt"), 1 << 20), input_.contents[0]);
}

TEST_F(PackTest, UntouchedPackVerifiesOnAnotherMachine) {
  // "Another machine": a fresh directory with nothing but the pack.
  testing::TempDir elsewhere;
  const std::string copy = elsewhere.File("complaint.zip");
  fs::copy_file(pack_, copy);
  const std::string key = signer_->public_key_hex();
  signer_.reset();
  fs::remove(dir_.File("signing.key"));
  fs::remove(pack_);
  VerifyReport r = Verify(copy, key);
  EXPECT_TRUE(r.ok) << r.first_problem;
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(r.items, 5u);
  EXPECT_EQ(r.files_checked, 5u);
  EXPECT_TRUE(r.key_trusted);
  EXPECT_TRUE(r.has_report);
  EXPECT_EQ(r.incident_id, "inc-7f3a");
}

TEST_F(PackTest, ChangingOneByteOfAnyItemNamesThatItem) {
  const std::vector<ZipMember> original = ReadMembers(pack_);
  int checked = 0;
  for (size_t i = 0; i < input_.items.size(); ++i) {
    const uint64_t seq = i + 1;
    const std::string file = PackFileName(input_.items[i]);
    const size_t len = input_.contents[i].size();
    for (size_t pos : {size_t{0}, len / 2, len - 1}) {
      std::vector<ZipMember> ms = original;
      ZipMember* m = FindMember(ms, file);
      ASSERT_NE(m, nullptr) << file;
      m->data[pos] = static_cast<char>(m->data[pos] ^ 0x01);
      const std::string path = dir_.File("flip.zip");
      WriteMembers(path, ms);
      VerifyReport r = Verify(path);
      EXPECT_FALSE(r.ok);
      EXPECT_EQ(r.first_bad_seq, seq);
      EXPECT_EQ(r.first_problem, "item " + std::to_string(seq) + " (" + file + "): sha256 mismatch")
          << "byte " << pos << " of item " << seq;
      EXPECT_EQ(r.problems.size(), 1u) << r.problems.back();
      ++checked;
    }
  }
  EXPECT_EQ(checked, 15);
}

TEST_F(PackTest, ReorderingTwoItemsNamesBoth) {
  for (size_t a : {0, 2, 3}) {
    const std::string path = EditMetadata([&](PackManifest& m) {
      std::swap(m.entries[a], m.entries[a + 1]);
      std::swap(m.files[a], m.files[a + 1]);
    });
    VerifyReport r = Verify(path);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_problem, "items " + std::to_string(a + 1) + " and " +
                                   std::to_string(a + 2) + " out of order");
    EXPECT_EQ(r.first_bad_seq, a + 1);
  }
}

TEST_F(PackTest, DroppingAnItemNamesIt) {
  for (size_t drop = 0; drop < input_.items.size(); ++drop) {
    std::string path = EditMetadata([&](PackManifest& m) {
      m.entries.erase(m.entries.begin() + static_cast<long>(drop));
      m.files.erase(m.files.begin() + static_cast<long>(drop));
    });
    std::vector<ZipMember> ms = ReadMembers(path);
    std::erase_if(ms, [&](const ZipMember& z) { return z.name == PackFileName(input_.items[drop]); });
    WriteMembers(path, ms);
    VerifyReport r = Verify(path);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.first_problem, "item " + std::to_string(drop + 1) + " missing");
    EXPECT_EQ(r.first_bad_seq, drop + 1);
  }
}

TEST_F(PackTest, DroppingOnlyTheFileNamesTheItem) {
  std::vector<ZipMember> ms = ReadMembers(pack_);
  std::erase_if(ms, [](const ZipMember& z) { return z.name == "files/3-reply.pdf"; });
  WriteMembers(pack_, ms);
  VerifyReport r = Verify(pack_);
  EXPECT_EQ(r.first_problem, "item 3 (files/3-reply.pdf): file missing from the pack");
}

TEST_F(PackTest, ChangingTheManifestNamesTheItem) {
  // Only the manifest: it no longer agrees with chain.json.
  std::string path = EditMetadata([](PackManifest& m) { m.entries[1].item.captured_by = "attacker"; },
                                  true, false);
  VerifyReport r = Verify(path);
  EXPECT_EQ(r.first_problem, "item 2: manifest.json and chain.json differ (captured_by)");
  // Both files: the entry hash no longer matches its fields.
  path = EditMetadata([](PackManifest& m) { m.entries[1].item.captured_at = "2026-01-01T00:00:00Z"; });
  r = Verify(path);
  EXPECT_EQ(r.first_problem,
            "item 2 (files/2-screenshot.png): entry hash mismatch (its recorded fields changed)");
  // Both files and every hash recomputed: only the signature can tell.
  path = EditMetadata([](PackManifest& m) {
    m.entries[1].item.captured_at = "2026-01-01T00:00:00Z";
    std::string prev(kGenesisHash);
    for (ChainEntry& e : m.entries) {
      e.prev_hash = prev;
      e.hash = EntryHash(prev, e.item);
      prev = e.hash;
    }
    m.head = prev;
  });
  r = Verify(path);
  EXPECT_EQ(r.first_problem, "signature invalid");
  EXPECT_NE(std::find(r.problems.begin(), r.problems.end(), "report signature invalid"),
            r.problems.end());
  // The count.
  path = EditMetadata([](PackManifest& m) { m.count = 4; });
  r = Verify(path);
  EXPECT_EQ(r.first_problem, "count is 4 but the pack lists 5 items");
}

TEST_F(PackTest, WrongSignatureIsRefused) {
  std::string path = EditMetadata([](PackManifest& m) {
    m.signature[10] = m.signature[10] == 'a' ? 'b' : 'a';
  });
  VerifyReport r = Verify(path);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_problem, "signature invalid");
  EXPECT_EQ(r.first_bad_seq, 0u);
}

TEST_F(PackTest, WrongKeyIsRefused) {
  testing::TempDir other_dir;
  auto other = testutil::MakeSigner(other_dir.File("other.key"));
  // The genuine pack checked against someone else's key.
  VerifyReport r = Verify(pack_, other->public_key_hex());
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.key_trusted);
  EXPECT_EQ(r.first_problem, "pack signed by key " + signer_->public_key_hex() +
                                 ", not by the trusted key " + other->public_key_hex());
  // A forger re-signs a changed pack with their own key: it is internally
  // consistent, so only the trusted key exposes it.
  PackInput forged = input_;
  forged.contents[0] = "a harmless message";
  forged.items[0].sha256 = crypto::Sha256Hex(forged.contents[0]);
  forged.items[0].size = forged.contents[0].size();
  const std::string path = dir_.File("forged.zip");
  ASSERT_TRUE(WritePack(forged, *other, path).ok());
  EXPECT_TRUE(Verify(path).ok);
  r = Verify(path, signer_->public_key_hex());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.first_problem.find("not by the trusted key"), std::string::npos);
  // Swapping in another key without re-signing.
  const std::string swapped = EditMetadata([&](PackManifest& m) { m.public_key = other->public_key_hex(); });
  EXPECT_EQ(Verify(swapped).first_problem, "signature invalid");
}

TEST_F(PackTest, OneFileClaimedByManyItemsIsHashedOnce) {
  const std::string path = EditMetadata([](PackManifest& m) {
    for (auto& f : m.files) f = m.files[1];
  });
  VerifyReport r = Verify(path);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_problem, "item 1 (files/2-screenshot.png): sha256 mismatch");
  EXPECT_NE(std::find(r.problems.begin(), r.problems.end(),
                      "item 3 (files/2-screenshot.png): file already belongs to item 1"),
            r.problems.end());
}

TEST_F(PackTest, HostileCountGivesABoundedReport) {
  VerifyReport r = Verify(EditMetadata([](PackManifest& m) { m.count = 5000; }));
  EXPECT_EQ(r.first_problem, "item 6 missing");
  ASSERT_EQ(r.problems.size(), 1001u);
  EXPECT_EQ(r.problems.back().rfind("... and ", 0), 0u) << r.problems.back();
}

TEST_F(PackTest, ReportAndStrayFilesAreChecked) {
  std::vector<ZipMember> ms = ReadMembers(pack_);
  FindMember(ms, "report.pdf")->data += "x";
  ms.push_back({"files/9-extra.txt", "planted", true, 0});
  WriteMembers(pack_, ms);
  VerifyReport r = Verify(pack_);
  EXPECT_EQ(r.first_problem, "report.pdf: sha256 mismatch");
  EXPECT_EQ(r.problems.back(), "unexpected file files/9-extra.txt in the pack");
}

TEST_F(PackTest, UnusablePacksGiveAnError) {
  testutil::WriteAll(dir_.File("junk.zip"), "not a zip");
  EXPECT_EQ(VerifyPack(dir_.File("junk.zip")).status().code(), StatusCode::kInvalidArgument);
  WriteMembers(dir_.File("nomanifest.zip"), {{"files/1-a.txt", "a", true, 0}});
  auto r = VerifyPack(dir_.File("nomanifest.zip"));
  EXPECT_NE(r.status().message().find("no manifest.json"), std::string::npos);
  WriteMembers(dir_.File("badmanifest.zip"), {{"manifest.json", "{\"format\": 1}", true, 0}});
  r = VerifyPack(dir_.File("badmanifest.zip"));
  EXPECT_NE(r.status().message().find("manifest.json.format: must be a string"), std::string::npos)
      << r.status().message();
  WriteMembers(dir_.File("evil.zip"), {{"../../manifest.json", "{}", true, 0}});
  r = VerifyPack(dir_.File("evil.zip"));
  EXPECT_NE(r.status().message().find("path traversal"), std::string::npos);
  EXPECT_EQ(VerifyPack(pack_, std::string("xyz")).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(PackTest, BuildRefusesContentThatDoesNotMatchItsRecord) {
  PackInput in = input_;
  in.contents[3] += "!";
  auto r = BuildPack(in, *signer_);
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("item 4"), std::string::npos);
  in = input_;
  in.items[2].seq = 7;
  EXPECT_EQ(BuildPack(in, *signer_).status().code(), StatusCode::kInvalidArgument);
  in = input_;
  in.contents.pop_back();
  EXPECT_EQ(BuildPack(in, *signer_).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(PackTest, EmptyIncidentPackVerifies) {
  PackInput in;
  in.incident_id = "inc-empty";
  const std::string path = dir_.File("empty.zip");
  ASSERT_TRUE(WritePack(in, *signer_, path).ok());
  VerifyReport r = Verify(path, signer_->public_key_hex());
  EXPECT_TRUE(r.ok) << r.first_problem;
  EXPECT_EQ(r.head, kGenesisHash);
}

TEST_F(PackTest, HighlyCompressibleOriginalStillVerifies) {
  // 4 MiB of one character would deflate 1000:1 and trip the bomb limit:
  // packs store originals, so a genuine repetitive log still verifies.
  PackInput in;
  in.incident_id = "inc-log";
  const std::string log(4 << 20, 'a');
  in.items.push_back(testutil::Item(1, ItemKind::kFile, log, "spam-log.txt", "text/plain"));
  in.contents.push_back(log);
  const std::string path = dir_.File("log.zip");
  ASSERT_TRUE(WritePack(in, *signer_, path).ok());
  VerifyReport r = Verify(path);
  EXPECT_TRUE(r.ok) << r.first_problem;
}

TEST(PackFileNameTest, KeepsSafeCharactersOnly) {
  EvidenceItem it;
  it.seq = 12;
  it.mime = "image/png";
  it.kind = ItemKind::kScreenshot;
  it.name = "../../etc/passwd";
  EXPECT_EQ(PackFileName(it), "files/12-passwd");
  it.name = "C:\\Users\\me\\धमकी screenshot (1).png";
  EXPECT_EQ(PackFileName(it), "files/12-screenshot_1_.png");
  it.name = "धमकी";
  EXPECT_EQ(PackFileName(it), "files/12-screenshot.png");
  it.name = "...";
  EXPECT_EQ(PackFileName(it), "files/12-screenshot.png");
  it.name = std::string(200, 'a') + ".png";
  EXPECT_EQ(PackFileName(it).size(), std::string("files/12-").size() + 80);
}

}  // namespace
}  // namespace byteback::evidence
