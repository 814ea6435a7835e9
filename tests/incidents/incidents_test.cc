// Incidents: the access matrix, messages, validation, sealing at rest (the
// raw SQLite file and its WAL hold no plaintext) and re-encryption.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "accounts/accounts_fixture.h"
#include "incidents/incidents.h"

namespace byteback::incidents {
namespace {

using accounts::OrgKind;
using accounts::Principal;
using accounts::Role;
using ::byteback::testing::AccountsFixture;
using ::byteback::testing::Must;

class IncidentsTest : public AccountsFixture {
 protected:
  void SetUp() override {
    AccountsFixture::SetUp();
    MakeWorld();
  }
  void MakeWorld() {
    ifj_ = MakeOrg("IFJ", OrgKind::kFederation, {}, "");
    pfuj_ = MakeOrg("PFUJ", OrgKind::kUnion, ifj_, "PK");
    khi_ = MakeOrg("Karachi Union", OrgKind::kUnion, {}, "PK");
    fnj_ = MakeOrg("FNJ", OrgKind::kUnion, ifj_, "NP");
    owner_ = MakeUser("anchor@pfuj.org", Role::kJournalist, pfuj_, "PK");
    admin_ = MakeUser("admin@ifj.org", Role::kAdmin, std::nullopt, "");
    coord_ = MakeUser("coord@ifj.org", Role::kCoordinator, ifj_, "");
    focal_same_ = MakeUser("focal@pfuj.org", Role::kFocalPerson, pfuj_, "PK");
    focal_country_ = MakeUser("focal@khi.org", Role::kFocalPerson, khi_, "PK");
    focal_other_ = MakeUser("focal@fnj.org", Role::kFocalPerson, fnj_, "NP");
    member_same_ = MakeUser("member@pfuj.org", Role::kMember, pfuj_, "PK");
    member_other_ = MakeUser("member@fnj.org", Role::kMember, fnj_, "NP");
    incidents_ = Must(Incidents::Create(store_.get(), keyring_.get(),
                                        accounts_.get()));
  }
  Incident File(const Principal& who, const std::string& title) {
    NewIncident n;
    n.title = title;
    n.description = "Pile-on after the evening broadcast";
    n.category = "sexual_harassment";
    n.severity = Severity::kHigh;
    return Must(incidents_->Create(who, n), "create incident");
  }
  int64_t ifj_ = 0, pfuj_ = 0, khi_ = 0, fnj_ = 0;
  Principal owner_, admin_, coord_, focal_same_, focal_country_, focal_other_,
      member_same_, member_other_;
  std::unique_ptr<Incidents> incidents_;
};

TEST_F(IncidentsTest, CreateTakesTheOwnersOrganisationAndCountry) {
  Incident i = File(owner_, "Threats on X");
  EXPECT_EQ(i.owner_user_id, owner_.user_id);
  EXPECT_EQ(i.created_by, owner_.user_id);
  EXPECT_EQ(i.org_id, pfuj_);
  EXPECT_EQ(i.country, "PK");
  EXPECT_EQ(i.title, "Threats on X");
  EXPECT_EQ(i.status, IncidentStatus::kOpen);
  EXPECT_EQ(i.severity, Severity::kHigh);
  EXPECT_EQ(CountAudit("incident.created"), 1);
}

TEST_F(IncidentsTest, AccessMatrix) {
  Incident i = File(owner_, "Threats on X");
  struct Row {
    const char* who;
    Principal p;
    StatusCode expected;
  };
  const Row rows[] = {
      {"owner", owner_, StatusCode::kOk},
      {"admin", admin_, StatusCode::kOk},
      {"coordinator", coord_, StatusCode::kOk},
      {"focal person, same org", focal_same_, StatusCode::kOk},
      {"focal person, other org same country", focal_country_, StatusCode::kOk},
      {"focal person, other country", focal_other_,
       StatusCode::kPermissionDenied},
      {"member, same org", member_same_, StatusCode::kPermissionDenied},
      {"member, other org", member_other_, StatusCode::kPermissionDenied},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.who);
    EXPECT_EQ(incidents_->Get(r.p, i.id).status().code(), r.expected);
    EXPECT_EQ(incidents_->ListMessages(r.p, i.id).status().code(), r.expected);
    EXPECT_EQ(Must(incidents_->List(r.p, {})).size(),
              r.expected == StatusCode::kOk ? 1u : 0u);
    EXPECT_EQ(incidents_->Get(r.p, i.id + 100).status().code(),
              StatusCode::kNotFound);
  }
  EXPECT_EQ(CountAudit("incident.viewed"), 5);
  EXPECT_GE(CountAudit("access.denied"), 6);
}

TEST_F(IncidentsTest, FederationFocalPersonSeesMemberUnions) {
  Incident i = File(owner_, "t");
  auto focal_ifj = MakeUser("focal@ifj.org", Role::kFocalPerson, ifj_, "");
  EXPECT_TRUE(incidents_->Get(focal_ifj, i.id).ok());
}

TEST_F(IncidentsTest, MessagesRoundTripInOrder) {
  Incident i = File(owner_, "Threats on X");
  std::vector<NewMessage> batch = {
      {"first abusive message", "@troll1", "x", "https://x.com/troll1/1", 100, {}, "api"},
      {"\xd8\xa7\xd8\xb1\xd8\xaf\xd9\x88 message", "@troll2", "x", "", 200, {}, "api"},
  };
  auto ids = Must(incidents_->AddMessages(owner_, i.id, batch));
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_LT(ids[0], ids[1]);
  auto msgs = Must(incidents_->ListMessages(focal_same_, i.id));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].text, "first abusive message");
  EXPECT_EQ(msgs[0].author_handle, "@troll1");
  EXPECT_EQ(msgs[0].url, "https://x.com/troll1/1");
  EXPECT_EQ(msgs[0].sent_at, 100);
  EXPECT_EQ(msgs[0].added_by, owner_.user_id);
  EXPECT_EQ(msgs[1].text, batch[1].text);
  EXPECT_EQ(Must(incidents_->ListMessages(owner_, i.id, 1, 10)).size(), 1u);
  EXPECT_EQ(Must(incidents_->Get(owner_, i.id)).message_count, 2);
  // Outsiders can neither add nor read.
  EXPECT_EQ(incidents_->AddMessages(member_other_, i.id, batch).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(incidents_->AddMessages(owner_, i.id + 50, batch).status().code(),
            StatusCode::kNotFound);
}

TEST_F(IncidentsTest, BadInputIsRejectedAndChangesNothing) {
  NewIncident n;
  EXPECT_EQ(incidents_->Create(owner_, n).status().code(),
            StatusCode::kInvalidArgument);  // no title
  n.title = std::string(kMaxTitleBytes + 1, 'a');
  EXPECT_EQ(incidents_->Create(owner_, n).status().code(),
            StatusCode::kInvalidArgument);
  n.title = "bad \xc3";
  EXPECT_EQ(incidents_->Create(owner_, n).status().code(),
            StatusCode::kInvalidArgument);
  n.title = "ok";
  n.country = "Pakistan";
  EXPECT_EQ(incidents_->Create(owner_, n).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(Must(incidents_->List(admin_, {})).empty());

  Incident i = File(owner_, "t");
  std::vector<NewMessage> batch = {{"fine", "", "", "", 0, {}, "api"}, {"", "", "", "", 0, {}, "api"}};
  auto r = incidents_->AddMessages(owner_, i.id, batch);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("message 1"), std::string::npos);
  EXPECT_EQ(incidents_->AddMessages(owner_, i.id, {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(Must(incidents_->ListMessages(owner_, i.id)).empty());
  ListQuery q;
  q.limit = 0;
  EXPECT_EQ(incidents_->List(admin_, q).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(IncidentsTest, FilingForSomeoneElseNeedsScope) {
  NewIncident n;
  n.title = "Filed with her consent";
  n.owner_user_id = owner_.user_id;
  Incident i = Must(incidents_->Create(focal_same_, n));
  EXPECT_EQ(i.owner_user_id, owner_.user_id);
  EXPECT_EQ(i.created_by, focal_same_.user_id);
  EXPECT_EQ(i.org_id, pfuj_);
  EXPECT_EQ(incidents_->Create(member_same_, n).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(incidents_->Create(focal_other_, n).status().code(),
            StatusCode::kPermissionDenied);
  n.owner_user_id = 99999;
  EXPECT_EQ(incidents_->Create(admin_, n).status().code(),
            StatusCode::kNotFound);
}

TEST_F(IncidentsTest, ListFiltersAndPages) {
  File(owner_, "one");
  Incident two = File(owner_, "two");
  auto nepal = MakeUser("j@fnj.org", Role::kJournalist, fnj_, "NP");
  File(nepal, "three");
  ASSERT_TRUE(
      incidents_->SetStatus(owner_, two.id, IncidentStatus::kReported).ok());
  EXPECT_EQ(Must(incidents_->List(coord_, {})).size(), 3u);
  ListQuery q;
  q.country = "np";
  EXPECT_EQ(Must(incidents_->List(coord_, q)).size(), 1u);
  q = {};
  q.status = IncidentStatus::kReported;
  auto reported = Must(incidents_->List(admin_, q));
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].title, "two");
  q = {};
  q.limit = 2;
  auto page1 = Must(incidents_->List(admin_, q));
  ASSERT_EQ(page1.size(), 2u);
  EXPECT_EQ(page1[0].title, "three");  // newest first
  q.before_id = page1[1].id;
  auto page2 = Must(incidents_->List(admin_, q));
  ASSERT_EQ(page2.size(), 1u);
  EXPECT_EQ(page2[0].title, "one");
  EXPECT_EQ(Must(incidents_->List(focal_other_, {})).size(), 1u);
  EXPECT_EQ(Must(incidents_->List(focal_country_, {})).size(), 2u);
  EXPECT_EQ(incidents_->SetStatus(member_same_, two.id, IncidentStatus::kClosed)
                .code(),
            StatusCode::kPermissionDenied);
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// After a round trip through a file database, neither the database nor its
// WAL holds the message text, the handle, the e-mail, the title or the
// password in clear.
class AtRestTest : public IncidentsTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("bb_inc_rest_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    OpenAll("sqlite:" + (dir_ / "byteback.db").string());
    MakeWorld();
  }
  void TearDown() override {
    incidents_.reset();
    accounts_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
};

TEST_F(AtRestTest, NoPlaintextInTheDatabaseFiles) {
  const std::string text = "UNIQUE-ABUSE-TEXT-7f3a you will regret this";
  const std::string handle = "@UNIQUE-HANDLE-91c2";
  const std::string title = "UNIQUE-TITLE-5d0e";
  const std::string password = "UNIQUE-PASSWORD-b44f";
  accounts::NewUser u{"unique-email-3e8b@example.org", password, "UNIQUE-NAME-0a1b",
                      Role::kJournalist, pfuj_, "PK"};
  auto victim = Must(accounts_->CreateUser(u));
  auto s = Must(accounts_->Login({u.email, password, "", "203.0.113.9"}));
  Incident i = File(s.principal, title);
  ASSERT_TRUE(incidents_->AddMessages(s.principal, i.id,
                                      {{text, handle, "x",
                                        "https://x.com/UNIQUE-URL-c3d4", 0, {}, "api"}})
                  .ok());
  auto msgs = Must(incidents_->ListMessages(s.principal, i.id));
  ASSERT_EQ(msgs.size(), 1u);
  ASSERT_EQ(msgs[0].text, text);  // the round trip works
  auto invitation = Must(accounts_->CreateInvitation(
      focal_same_, {Role::kMember, std::nullopt, ""}));
  auto api_key = Must(accounts_->CreateApiKey(s.principal, "bot"));

  std::string bytes;
  for (const char* name : {"byteback.db", "byteback.db-wal"}) {
    if (std::filesystem::exists(dir_ / name)) bytes += ReadFile(dir_ / name);
  }
  ASSERT_GT(bytes.size(), 4096u);
  ASSERT_NE(bytes.find("PFUJ"), std::string::npos);  // the scan sees clear text
  for (const std::string& secret :
       {text, std::string("UNIQUE-ABUSE-TEXT"), handle, title, password,
        std::string("unique-email-3e8b"), std::string("UNIQUE-NAME"),
        std::string("UNIQUE-URL"), s.token, s.csrf_token, invitation.token,
        api_key.secret, api_key.secret.substr(12)}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(victim.email, "unique-email-3e8b@example.org");
}

// Re-encryption after rotation keeps incidents readable.
TEST_F(AtRestTest, ReencryptAllAfterRotation) {
  const std::string key_path = (dir_ / "data.key").string();
  // Start over with a file keyring so that it can be rotated.
  incidents_.reset();
  accounts_.reset();
  store_.reset();
  std::filesystem::remove(dir_ / "byteback.db");
  std::filesystem::remove(dir_ / "byteback.db-wal");
  std::filesystem::remove(dir_ / "byteback.db-shm");
  keyring_ = Must(crypto::Keyring::LoadOrCreate(key_path));
  OpenAll("sqlite:" + (dir_ / "byteback.db").string());
  MakeWorld();
  Incident i = File(owner_, "rotated title");
  ASSERT_TRUE(
      incidents_->AddMessages(owner_, i.id, {{"m1", "@h", "x", "u", 0, {}, "api"},
                                             {"m2", "@h", "x", "u", 0, {}, "api"}})
          .ok());
  ASSERT_TRUE(crypto::Keyring::RotateFile(key_path).ok());
  keyring_ = Must(crypto::Keyring::LoadOrCreate(key_path));
  MakeAccounts();
  incidents_ = Must(Incidents::Create(store_.get(), keyring_.get(),
                                      accounts_.get()));
  // title + description + 2 x (text, handle, url) + the 2 messages' evidence originals.
  EXPECT_EQ(Must(incidents_->ReencryptAll()), 10);
  EXPECT_EQ(Must(incidents_->ReencryptAll()), 0);
  EXPECT_EQ(Must(incidents_->Get(owner_, i.id)).title, "rotated title");
  auto msgs = Must(incidents_->ListMessages(owner_, i.id));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[1].text, "m2");
  // A value moved to another row does not open (aad binds the row).
  {
    auto lease = store_->Acquire();
    lease.sql() << "UPDATE incident_messages SET text_sealed = (SELECT "
                   "text_sealed FROM incident_messages WHERE id = :a) "
                   "WHERE id = :b",
        soci::use(msgs[0].id), soci::use(msgs[1].id);
  }
  EXPECT_EQ(incidents_->ListMessages(owner_, i.id).status().code(),
            StatusCode::kCorruption);
}

}  // namespace
}  // namespace byteback::incidents
