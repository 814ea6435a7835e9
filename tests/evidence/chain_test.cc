// chain_test.cc: items, the canonical entry encoding (fixed vectors that an
// independent implementation computed, see docs/EVIDENCE.md), the chain and
// the signed head.
#include <gtest/gtest.h>

#include "evidence_test_util.h"

namespace byteback::evidence {
namespace {

using testutil::Item;

EvidenceItem VectorItem1() {
  EvidenceItem it;
  it.seq = 1;
  it.kind = ItemKind::kScreenshot;
  it.sha256 = crypto::Sha256Hex("abc");
  it.captured_at = "2026-11-25T09:30:00Z";
  it.captured_by = "journalist-7";
  it.name = "धमकी.png";
  it.mime = "image/png";
  it.size = 3;
  return it;
}

EvidenceItem VectorItem2() {
  EvidenceItem it;
  it.seq = 2;
  it.kind = ItemKind::kMessage;
  it.sha256 = crypto::Sha256Hex("you will regret this");
  it.captured_at = "2026-11-25T09:31:00.250Z";
  it.captured_by = "journalist-7";
  it.name = "";
  it.mime = "text/plain";
  it.size = 20;
  return it;
}

TEST(ChainTest, EntryHashMatchesDocumentedVectors) {
  // Computed with Python hashlib/struct from docs/EVIDENCE.md#entry-hash.
  const std::string h1 = EntryHash(kGenesisHash, VectorItem1());
  EXPECT_EQ(h1, "bac0a3920281ae57c38edd8b76110d48ae7f0e59149ff9bd9d6613e12991f794");
  const std::string h2 = EntryHash(h1, VectorItem2());
  EXPECT_EQ(h2, "a2cbf44130cf36da417131c6eff5312869ee996f921832aff67201c3dff5d7aa");
  EXPECT_EQ(crypto::HexEncode(HeadMessage("inc-42", 2, h2)),
            "0000000000000019627974656261636b2d65766964656e63652d686561642d7631"
            "0000000000000006696e632d3432"
            "000000000000000132"
            "0000000000000040" +
                crypto::HexEncode(h2));
}

TEST(ChainTest, EncodingIsLengthPrefixedSoFieldsCannotShift) {
  EvidenceItem a = VectorItem1(), b = VectorItem1();
  a.captured_by = "ab";
  a.name = "c.png";
  b.captured_by = "abc";
  b.name = ".png";
  EXPECT_NE(EncodeEntry(kGenesisHash, a), EncodeEntry(kGenesisHash, b));
  EXPECT_NE(EntryHash(kGenesisHash, a), EntryHash(kGenesisHash, b));
}

TEST(ChainTest, AppendLinksEntriesAndAssignsSeq) {
  Chain c;
  EXPECT_EQ(c.head(), kGenesisHash);
  EvidenceItem first = VectorItem1();
  first.seq = 0;  // assigned
  auto e1 = c.Append(first);
  ASSERT_TRUE(e1.ok()) << e1.status().ToString();
  EXPECT_EQ(e1->item.seq, 1u);
  EXPECT_EQ(e1->prev_hash, kGenesisHash);
  auto e2 = c.Append(VectorItem2());
  ASSERT_TRUE(e2.ok());
  EXPECT_EQ(e2->prev_hash, e1->hash);
  EXPECT_EQ(c.head(), e2->hash);
  EXPECT_EQ(c.size(), 2u);
  EXPECT_TRUE(c.Verify().ok());
}

TEST(ChainTest, AppendRefusesWrongSeqAndMalformedItems) {
  Chain c;
  EvidenceItem it = VectorItem2();  // seq 2 on an empty chain
  auto r = c.Append(it);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("seq must be 1"), std::string::npos);

  auto bad = [&](auto mutate, const char* needle) {
    EvidenceItem x = VectorItem1();
    mutate(x);
    auto res = Chain().Append(x);
    EXPECT_EQ(res.status().code(), StatusCode::kInvalidArgument) << needle;
    EXPECT_NE(res.status().message().find(needle), std::string::npos)
        << res.status().message();
  };
  bad([](EvidenceItem& x) { x.sha256 = "ABC"; }, "sha256");
  bad([](EvidenceItem& x) { x.sha256[0] = 'A'; }, "sha256");
  bad([](EvidenceItem& x) { x.captured_at = "2026-02-30T09:00:00Z"; }, "captured_at");
  bad([](EvidenceItem& x) { x.captured_at = "2026-11-25T09:00:00+05:30"; }, "captured_at");
  bad([](EvidenceItem& x) { x.captured_by = ""; }, "captured_by");
  bad([](EvidenceItem& x) { x.captured_by = "a\nb"; }, "control");
  bad([](EvidenceItem& x) { x.name = "\xff\xfe"; }, "UTF-8");
  bad([](EvidenceItem& x) { x.mime = ""; }, "mime");
  bad([](EvidenceItem& x) { x.size = kMaxItemBytes + 1; }, "size");
}

TEST(ChainTest, FromEntriesNamesTheFirstBadEntry) {
  Chain c;
  for (uint64_t i = 1; i <= 4; ++i)
    ASSERT_TRUE(c.Append(Item(i, ItemKind::kNote, "note " + std::to_string(i), "", "text/plain")).ok());
  ASSERT_TRUE(Chain::FromEntries(c.entries()).ok());

  std::vector<ChainEntry> changed = c.entries();
  changed[2].item.captured_by = "someone-else";
  auto r = Chain::FromEntries(changed);
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("item 3: entry hash"), std::string::npos)
      << r.status().message();

  std::vector<ChainEntry> dropped = c.entries();
  dropped.erase(dropped.begin() + 1);
  r = Chain::FromEntries(dropped);
  EXPECT_NE(r.status().message().find("item 2: has seq 3"), std::string::npos)
      << r.status().message();
}

TEST(ChainTest, Rfc3339Utc) {
  EXPECT_TRUE(IsRfc3339Utc("2024-02-29T23:59:60Z"));
  EXPECT_TRUE(IsRfc3339Utc("2026-11-25T09:30:00.123456Z"));
  EXPECT_TRUE(IsRfc3339Utc(NowRfc3339()));
  EXPECT_FALSE(IsRfc3339Utc("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(IsRfc3339Utc("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-25 09:30:00Z"));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-25T09:30:00"));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-25T09:30:00.Z"));
  EXPECT_FALSE(IsRfc3339Utc("2026-11-25T24:00:00Z"));
}

TEST(ChainTest, SignedHeadVerifiesAndBindsIncidentAndCount) {
  testing::TempDir dir;
  auto signer = testutil::MakeSigner(dir.File("sign.key"));
  Chain c;
  ASSERT_TRUE(c.Append(VectorItem1()).ok());
  auto h = SignHead("inc-42", c, *signer);
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(VerifyHead(*h));
  EXPECT_EQ(h->public_key, signer->public_key_hex());
  SignedHead other = *h;
  other.incident_id = "inc-43";
  EXPECT_FALSE(VerifyHead(other));
  other = *h;
  other.count = 2;
  EXPECT_FALSE(VerifyHead(other));
  other = *h;
  other.head = std::string(kGenesisHash);
  EXPECT_FALSE(VerifyHead(other));
  EXPECT_FALSE(SignHead("", c, *signer).ok());
  EXPECT_FALSE(SignHead("a\tb", c, *signer).ok());
}

}  // namespace
}  // namespace byteback::evidence
