// shield.cc: the published detector, per-thread scratch, reload, and the
// community lexicon (see shield.h).
#include "shield/shield.h"

#include <soci/soci.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <set>
#include <sstream>

#include "core/utf8.h"
#include "store/store.h"

namespace byteback::shield {
namespace {

using accounts::Principal;
using accounts::Role;

constexpr std::string_view kLabelsAllowed[] = {"gendered", "threat", "insult", "identity"};

// What is published: the detector and what it was built from, swapped as one.
struct Published {
  std::shared_ptr<const detect::Detector> detector;
  DetectorInfo info;
};

int64_t WallNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

Result<std::vector<int64_t>> SplitIds(std::string_view s) {
  std::vector<int64_t> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string_view::npos) j = s.size();
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data() + i, s.data() + j, v);
    if (ec != std::errc() || end != s.data() + j || v <= 0) {
      return Status::Corruption("lexicon_versions.active_ids is malformed");
    }
    out.push_back(v);
    i = j + 1;
  }
  return out;
}

bool IsStaff(const Principal& p) {
  return p.role == Role::kAdmin || p.role == Role::kCoordinator;
}
bool IsManager(const Principal& p) { return IsStaff(p) || p.role == Role::kFocalPerson; }

// A BCP-47 tag of the shape the lexicons use: "hi", "hi-Latn", "dv".
bool ValidLang(std::string_view lang) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  size_t dash = lang.find('-');
  std::string_view primary = lang.substr(0, dash);
  if (primary.size() < 2 || primary.size() > 3 || !std::all_of(primary.begin(), primary.end(), lower)) {
    return false;
  }
  if (dash == std::string_view::npos) return true;
  std::string_view script = lang.substr(dash + 1);
  return script.size() == 4 && script[0] >= 'A' && script[0] <= 'Z' &&
         std::all_of(script.begin() + 1, script.end(), lower);
}

bool ValidCountry(std::string_view c) {
  return c.empty() || (c.size() == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z');
}

// The lexicon line of a term, as a one-line TSV file (docs/ENGINE.md).
std::string TermTsv(const Term& t) {
  std::string cats = "abusive";
  if (!t.categories.empty()) cats += "," + t.categories;
  return "term\tlang\tcategory\tseverity\tnotes\n" + t.term + "\t" + t.lang + "\t" + cats +
         "\t" + std::to_string(t.severity) + "\t" + t.notes + "\n";
}

// Validates a proposal and returns it canonicalised (categories sorted and
// deduplicated, country upper-case).
Result<NewTerm> Canonical(NewTerm in) {
  auto has_control = [](std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
  };
  auto trim = [](std::string& s) {
    size_t b = s.find_first_not_of(' ');
    size_t e = s.find_last_not_of(' ');
    s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
  };
  trim(in.term);
  if (in.term.empty() || in.term == "*") return Status::InvalidArgument("term: must not be empty");
  if (in.term.size() > kMaxTermBytes) {
    return Status::InvalidArgument("term: longer than " + std::to_string(kMaxTermBytes) + " bytes");
  }
  if (!utf8::IsValid(in.term) || has_control(in.term)) {
    return Status::InvalidArgument("term: must be UTF-8 text without tabs or line breaks");
  }
  if (!ValidLang(in.lang)) {
    return Status::InvalidArgument("lang: '" + in.lang.substr(0, 20) +
                                   "' is not a language tag like hi, hi-Latn or si");
  }
  std::set<std::string> cats;
  size_t i = 0;
  while (i < in.categories.size()) {
    size_t j = in.categories.find(',', i);
    if (j == std::string::npos) j = in.categories.size();
    std::string c = in.categories.substr(i, j - i);
    trim(c);
    if (!c.empty() && c != "abusive") {
      if (std::find(std::begin(kLabelsAllowed), std::end(kLabelsAllowed), c) == std::end(kLabelsAllowed)) {
        return Status::InvalidArgument("categories: unknown category '" + c.substr(0, 20) +
                                       "' (use gendered, threat, insult, identity)");
      }
      cats.insert(c);
    }
    i = j + 1;
  }
  in.categories.clear();
  for (const std::string& c : cats) in.categories += (in.categories.empty() ? "" : ",") + c;
  if (in.severity < 1 || in.severity > 3) {
    return Status::InvalidArgument("severity: must be 1 (mild), 2 (strong) or 3 (severe)");
  }
  if (in.notes.size() > kMaxNotesBytes || !utf8::IsValid(in.notes) || has_control(in.notes)) {
    return Status::InvalidArgument("notes: at most " + std::to_string(kMaxNotesBytes) +
                                   " bytes of UTF-8 text on one line");
  }
  for (char& c : in.country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!ValidCountry(in.country)) {
    return Status::InvalidArgument("country: expected an ISO 3166 alpha-2 code like LK");
  }
  return in;
}

constexpr char kTermSelect[] =
    "SELECT id, term, lang, categories, severity, notes, country, status, proposed_by, "
    "proposed_at, decided_by, decided_at, reason FROM lexicon_terms";

Result<Term> LoadTerm(soci::session& sql, int64_t id) {
  Term r;
  std::string status;
  long long decided_by = 0;
  soci::indicator decided_ind = soci::i_null;
  sql << std::string(kTermSelect) + " WHERE id = :id", soci::into(r.id), soci::into(r.term),
      soci::into(r.lang), soci::into(r.categories), soci::into(r.severity), soci::into(r.notes),
      soci::into(r.country), soci::into(status), soci::into(r.proposed_by),
      soci::into(r.proposed_at), soci::into(decided_by, decided_ind), soci::into(r.decided_at),
      soci::into(r.reason), soci::use(id);
  if (!sql.got_data()) return Status::NotFound("no such term " + std::to_string(id));
  BB_ASSIGN_OR_RETURN(r.status, ParseTermStatus(status));
  r.decided_by = decided_ind == soci::i_ok ? std::optional<int64_t>(decided_by) : std::nullopt;
  return r;
}

// The latest version (0 and an empty set when there is none).
Result<Version> LatestVersion(soci::session& sql) {
  Version v;
  std::string ids;
  soci::indicator ind = soci::i_null;
  sql << "SELECT version, created_at, created_by, action, term_id, rolled_back_to, active_ids "
         "FROM lexicon_versions ORDER BY version DESC LIMIT 1",
      soci::into(v.version), soci::into(v.created_at), soci::into(v.created_by),
      soci::into(v.action), soci::into(v.term_id), soci::into(v.rolled_back_to),
      soci::into(ids, ind);
  if (!sql.got_data()) return Version{};
  BB_ASSIGN_OR_RETURN(v.active_ids, SplitIds(ids));
  return v;
}

}  // namespace

std::string_view TermStatusName(TermStatus s) {
  switch (s) {
    case TermStatus::kPending: return "pending";
    case TermStatus::kApproved: return "approved";
    case TermStatus::kRejected: return "rejected";
    case TermStatus::kRetired: return "retired";
  }
  return "pending";
}

Result<TermStatus> ParseTermStatus(std::string_view name) {
  for (TermStatus s : {TermStatus::kPending, TermStatus::kApproved, TermStatus::kRejected,
                       TermStatus::kRetired}) {
    if (TermStatusName(s) == name) return s;
  }
  return Status::InvalidArgument("unknown term status '" + std::string(name.substr(0, 20)) +
                                 "' (pending, approved, rejected or retired)");
}

struct Shield::Impl {
  ShieldOptions options;
  store::Store* store = nullptr;
  accounts::Accounts* accounts = nullptr;
  std::atomic<std::shared_ptr<const Published>> published;
  std::mutex reload_mu;  // serialises Reload and decisions
  uint64_t next_generation = 1;  // guarded by reload_mu

  int64_t Now() const { return accounts ? accounts->Now() : WallNow(); }

  Status RequireStore() const {
    if (store == nullptr || accounts == nullptr) {
      return Status::FailedPrecondition("the community lexicon needs a database");
    }
    return Status::Ok();
  }

  // The community terms with these ids, as lexicon entries.
  Status AddCommunityEntries(soci::session& sql, const std::vector<int64_t>& ids,
                             detect::Lexicon* lex) {
    for (int64_t id : ids) {
      BB_ASSIGN_OR_RETURN(Term t, LoadTerm(sql, id));
      BB_RETURN_IF_ERROR(detect::ParseLexicon(TermTsv(t), "community:" + std::to_string(id), lex));
    }
    return Status::Ok();
  }

  // Builds a detector from the files plus the community terms `ids`
  // (read through `sql` when given). Does not publish it.
  Result<std::shared_ptr<const Published>> Build(soci::session* sql, const std::vector<int64_t>& ids,
                                                 int64_t community_version) {
    BB_ASSIGN_OR_RETURN(detect::Model model, detect::Model::Load(options.model_path));
    BB_ASSIGN_OR_RETURN(detect::Lexicon lex, detect::LoadLexiconDir(options.lexicon_dir));
    if (sql != nullptr) BB_RETURN_IF_ERROR(AddCommunityEntries(*sql, ids, &lex));
    const size_t entries = lex.entries.size();
    std::string version = model.version;
    BB_ASSIGN_OR_RETURN(auto det, detect::Detector::Build(options.detect, std::move(lex), std::move(model)));
    auto p = std::make_shared<Published>();
    p->detector = std::move(det);
    p->info.model_version = std::move(version);
    p->info.lexicon_entries = entries;
    p->info.community_terms = ids.size();
    p->info.community_version = community_version;
    p->info.loaded_at = Now();
    return std::shared_ptr<const Published>(std::move(p));
  }

  void Publish(std::shared_ptr<const Published> p) {
    auto q = std::make_shared<Published>(*p);
    q->info.generation = next_generation++;
    published.store(std::move(q));
  }

  // Loads the latest community version and builds (reload_mu held).
  Result<DetectorInfo> ReloadLocked() {
    std::shared_ptr<const Published> built;
    if (store != nullptr) {
      BB_RETURN_IF_ERROR(store->Transaction([&](soci::session& sql) {
        BB_ASSIGN_OR_RETURN(Version v, LatestVersion(sql));
        BB_ASSIGN_OR_RETURN(built, Build(&sql, v.active_ids, v.version));
        return Status::Ok();
      }));
    } else {
      BB_ASSIGN_OR_RETURN(built, Build(nullptr, {}, 0));
    }
    Publish(built);
    return published.load()->info;
  }

  Status Audit(soci::session& sql, const Principal& actor, std::string_view action, int64_t id,
               std::string detail) {
    store::AuditEvent e;
    e.at = Now();
    e.actor_user_id = actor.user_id;
    e.actor_kind = actor.via == Principal::Via::kApiKey    ? "api_key"
                   : actor.via == Principal::Via::kSession ? "session"
                                                           : "system";
    e.action = std::string(action);
    e.target_kind = "lexicon_term";
    e.target_id = id;
    e.org_id = actor.org_id;
    e.detail_json = std::move(detail);
    return store->AppendAudit(sql, e);
  }

  // Writes version latest+1 with `ids`, after checking the detector builds
  // with them; publishes it once the transaction commits. `mutate` updates
  // the terms inside the same transaction.
  Result<Version> Commit(const Principal& actor, std::string_view action, int64_t term_id,
                         int64_t rolled_back_to,
                         const std::function<Result<std::vector<int64_t>>(soci::session&, const Version&)>& next_ids,
                         const std::function<Status(soci::session&)>& mutate) {
    std::shared_ptr<const Published> built;
    Version out;
    BB_RETURN_IF_ERROR(store->Transaction([&](soci::session& sql) {
      BB_ASSIGN_OR_RETURN(Version latest, LatestVersion(sql));
      BB_ASSIGN_OR_RETURN(std::vector<int64_t> ids, next_ids(sql, latest));
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      BB_RETURN_IF_ERROR(mutate(sql));
      out.version = latest.version + 1;
      out.created_at = Now();
      out.created_by = actor.user_id;
      out.action = std::string(action);
      out.term_id = term_id;
      out.rolled_back_to = rolled_back_to;
      out.active_ids = ids;
      auto b = Build(&sql, ids, out.version);
      if (!b.ok()) {
        return Status::InvalidArgument("the Shield cannot be built with this change, nothing was changed: " +
                                       b.status().message());
      }
      built = std::move(b).value();
      std::string joined = JoinIds(ids);
      sql << "INSERT INTO lexicon_versions (version, created_at, created_by, action, term_id, "
             "rolled_back_to, active_ids) VALUES (:v, :t, :b, :a, :term, :r, :ids)",
          soci::use(out.version), soci::use(out.created_at), soci::use(out.created_by),
          soci::use(out.action), soci::use(out.term_id), soci::use(out.rolled_back_to),
          soci::use(joined);
      return Audit(sql, actor, "lexicon." + std::string(action), term_id,
                   "{\"version\":" + std::to_string(out.version) +
                       ",\"active_terms\":" + std::to_string(ids.size()) + "}");
    }));
    Publish(built);
    return out;
  }

  bool CanSee(const Principal& p, const Term& t) const {
    if (IsStaff(p)) return true;
    return p.role == Role::kFocalPerson && !p.country.empty() && t.country == p.country;
  }
};

Shield::Shield(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Shield::~Shield() = default;

Result<std::unique_ptr<Shield>> Shield::Open(const ShieldOptions& options, store::Store* store,
                                             accounts::Accounts* accounts) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->store = store;
  impl->accounts = accounts;
  {
    std::lock_guard<std::mutex> lock(impl->reload_mu);
    BB_RETURN_IF_ERROR(impl->ReloadLocked().status());
  }
  return std::unique_ptr<Shield>(new Shield(std::move(impl)));
}

std::shared_ptr<const detect::Detector> Shield::detector() const {
  return impl_->published.load()->detector;
}

DetectorInfo Shield::info() const { return impl_->published.load()->info; }

void Shield::ScanWith(const std::shared_ptr<const detect::Detector>& detector, std::string_view text,
                      detect::Verdict* out) {
  // One scratch per thread, for the detector it was built for. The entry
  // keeps that detector alive, so the address cannot be reused by another
  // detector while it is the key.
  struct Entry {
    std::shared_ptr<const detect::Detector> detector;
    std::unique_ptr<detect::Scratch> scratch;
  };
  thread_local Entry entry;
  if (entry.detector.get() != detector.get()) {
    entry.scratch.reset();
    entry.detector = detector;
    entry.scratch = std::make_unique<detect::Scratch>(*detector);
  }
  detector->Scan(text, *entry.scratch, out);
}

void Shield::Scan(std::string_view text, detect::Verdict* out) const {
  ScanWith(detector(), text, out);
}

Result<DetectorInfo> Shield::Reload(std::string_view /*why*/) {
  std::lock_guard<std::mutex> lock(impl_->reload_mu);
  return impl_->ReloadLocked();
}

Result<bool> Shield::RefreshIfChanged() {
  if (impl_->store == nullptr) return false;
  int64_t latest = 0;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    soci::indicator ind = soci::i_null;
    sql << "SELECT MAX(version) FROM lexicon_versions", soci::into(latest, ind);
    if (ind != soci::i_ok) latest = 0;
    return Status::Ok();
  }));
  std::lock_guard<std::mutex> lock(impl_->reload_mu);
  if (impl_->published.load()->info.community_version == latest) return false;
  BB_RETURN_IF_ERROR(impl_->ReloadLocked().status());
  return true;
}

Result<Term> Shield::Propose(const Principal& actor, const NewTerm& proposed) {
  BB_RETURN_IF_ERROR(impl_->RequireStore());
  if (!IsManager(actor)) {
    return Status::PermissionDenied("proposing terms needs the role admin, coordinator or focal_person");
  }
  NewTerm in = proposed;
  if (in.country.empty() && actor.role == Role::kFocalPerson) in.country = actor.country;
  BB_ASSIGN_OR_RETURN(in, Canonical(std::move(in)));
  if (actor.role == Role::kFocalPerson && in.country != actor.country) {
    return Status::PermissionDenied("a focal person proposes terms for their own country (" +
                                    actor.country + ")");
  }
  Term t;
  t.term = in.term;
  t.lang = in.lang;
  t.categories = in.categories;
  t.severity = in.severity;
  t.notes = in.notes;
  t.country = in.country;
  // The line must parse as a lexicon entry (same rules as the files).
  detect::Lexicon probe;
  BB_RETURN_IF_ERROR(detect::ParseLexicon(TermTsv(t), "term", &probe));
  const int64_t now = impl_->Now();
  std::lock_guard<std::mutex> lock(impl_->reload_mu);
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    int64_t dup = 0;
    sql << "SELECT COUNT(*) FROM lexicon_terms WHERE term = :t AND lang = :l AND status IN "
           "('pending', 'approved')",
        soci::use(t.term), soci::use(t.lang), soci::into(dup);
    if (dup > 0) {
      return Status::AlreadyExists("'" + t.term + "' (" + t.lang + ") is already proposed or approved");
    }
    std::string status(TermStatusName(TermStatus::kPending));
    sql << "INSERT INTO lexicon_terms (term, lang, categories, severity, notes, country, status, "
           "proposed_by, proposed_at) VALUES (:t, :l, :c, :s, :n, :co, :st, :by, :at) RETURNING id",
        soci::use(t.term), soci::use(t.lang), soci::use(t.categories), soci::use(t.severity),
        soci::use(t.notes), soci::use(t.country), soci::use(status), soci::use(actor.user_id),
        soci::use(now), soci::into(t.id);
    BB_RETURN_IF_ERROR(impl_->Audit(sql, actor, "lexicon.proposed", t.id, "{}"));
    BB_ASSIGN_OR_RETURN(t, LoadTerm(sql, t.id));
    return Status::Ok();
  }));
  return t;
}

Result<std::vector<Term>> Shield::List(const Principal& actor, const TermQuery& q) {
  BB_RETURN_IF_ERROR(impl_->RequireStore());
  if (!IsManager(actor)) {
    return Status::PermissionDenied("the community lexicon needs the role admin, coordinator or focal_person");
  }
  if (q.limit < 1 || q.limit > kMaxListLimit) {
    return Status::InvalidArgument("limit: must be between 1 and " + std::to_string(kMaxListLimit));
  }
  std::string country = q.country;
  for (char& c : country) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (actor.role == Role::kFocalPerson) {
    if (!country.empty() && country != actor.country) {
      return Status::PermissionDenied("a focal person sees the terms of their own country");
    }
    country = actor.country;
    if (country.empty()) return std::vector<Term>{};
  }
  std::string status = q.status ? std::string(TermStatusName(*q.status)) : "";
  int64_t before = q.before_id > 0 ? q.before_id : INT64_MAX;
  int limit = q.limit;
  std::vector<Term> out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) -> Status {
    Term r;
    std::string st_name;
    long long decided_by = 0;
    soci::indicator decided_ind = soci::i_null;
    soci::statement st =
        (sql.prepare << std::string(kTermSelect) +
                            " WHERE id < :b AND (:s1 = '' OR status = :s2) AND (:l1 = '' OR lang = :l2)"
                            " AND (:c1 = '' OR country = :c2) ORDER BY id DESC LIMIT :n",
         soci::into(r.id), soci::into(r.term), soci::into(r.lang), soci::into(r.categories),
         soci::into(r.severity), soci::into(r.notes), soci::into(r.country), soci::into(st_name),
         soci::into(r.proposed_by), soci::into(r.proposed_at), soci::into(decided_by, decided_ind),
         soci::into(r.decided_at), soci::into(r.reason), soci::use(before), soci::use(status),
         soci::use(status), soci::use(q.lang), soci::use(q.lang), soci::use(country),
         soci::use(country), soci::use(limit));
    st.execute();
    while (st.fetch()) {
      BB_ASSIGN_OR_RETURN(r.status, ParseTermStatus(st_name));
      r.decided_by = decided_ind == soci::i_ok ? std::optional<int64_t>(decided_by) : std::nullopt;
      out.push_back(r);
    }
    return Status::Ok();
  }));
  return out;
}

Result<Term> Shield::Get(const Principal& actor, int64_t id) {
  BB_RETURN_IF_ERROR(impl_->RequireStore());
  if (!IsManager(actor)) {
    return Status::PermissionDenied("the community lexicon needs the role admin, coordinator or focal_person");
  }
  Term t;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(t, LoadTerm(sql, id));
    return Status::Ok();
  }));
  if (!impl_->CanSee(actor, t)) return Status::NotFound("no such term " + std::to_string(id));
  return t;
}

Result<Term> Shield::Approve(const Principal& actor, int64_t id) {
  BB_RETURN_IF_ERROR(impl_->RequireStore());
  if (!IsStaff(actor)) return Status::PermissionDenied("approving terms needs the role admin or coordinator");
  std::lock_guard<std::mutex> lock(impl_->reload_mu);
  const int64_t now = impl_->Now();
  BB_RETURN_IF_ERROR(impl_->Commit(
      actor, "approve", id, 0,
      [&](soci::session& sql, const Version& latest) -> Result<std::vector<int64_t>> {
        BB_ASSIGN_OR_RETURN(Term t, LoadTerm(sql, id));
        if (t.status != TermStatus::kPending) {
          return Status::FailedPrecondition("term " + std::to_string(id) + " is " +
                                            std::string(TermStatusName(t.status)) + ", not pending");
        }
        std::vector<int64_t> ids = latest.active_ids;
        ids.push_back(id);
        return ids;
      },
      [&](soci::session& sql) {
        sql << "UPDATE lexicon_terms SET status = 'approved', decided_by = :b, decided_at = :t "
               "WHERE id = :id",
            soci::use(actor.user_id), soci::use(now), soci::use(id);
        return Status::Ok();
      }).status());
  return Get(actor, id);
}

Result<Term> Shield::Reject(const Principal& actor, int64_t id, std::string_view reason) {
  BB_RETURN_IF_ERROR(impl_->RequireStore());
  if (!IsStaff(actor)) return Status::PermissionDenied("rejecting terms needs the role admin or coordinator");
  if (reason.size() > kMaxReasonBytes || !utf8::IsValid(reason)) {
    return Status::InvalidArgument("reason: at most " + std::to_string(kMaxReasonBytes) + " bytes of UTF-8");
  }
  const int64_t now = impl_->Now();
  std::string why(reason);
  std::lock_guard<std::mutex> lock(impl_->reload_mu);
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(Term t, LoadTerm(sql, id));
    if (t.status != TermStatus::kPending) {
      return Status::FailedPrecondition("term " + std::to_string(id) + " is " +
                                        std::string(TermStatusName(t.status)) + ", not pending");
    }
    sql << "UPDATE lexicon_terms SET status = 'rejected', decided_by = :b, decided_at = :t, "
           "reason = :r WHERE id = :id",
        soci::use(actor.user_id), soci::use(now), soci::use(why), soci::use(id);
    return impl_->Audit(sql, actor, "lexicon.rejected", id, "{}");
  }));
  return Get(actor, id);
}

Result<Term> Shield::Retire(const Principal& actor, int64_t id, std::string_view reason) {
  BB_RETURN_IF_ERROR(impl_->RequireStore());
  if (!IsStaff(actor)) return Status::PermissionDenied("retiring terms needs the role admin or coordinator");
  if (reason.size() > kMaxReasonBytes || !utf8::IsValid(reason)) {
    return Status::InvalidArgument("reason: at most " + std::to_string(kMaxReasonBytes) + " bytes of UTF-8");
  }
  const int64_t now = impl_->Now();
  std::string why(reason);
  std::lock_guard<std::mutex> lock(impl_->reload_mu);
  BB_RETURN_IF_ERROR(impl_->Commit(
      actor, "retire", id, 0,
      [&](soci::session& sql, const Version& latest) -> Result<std::vector<int64_t>> {
        BB_ASSIGN_OR_RETURN(Term t, LoadTerm(sql, id));
        if (t.status != TermStatus::kApproved) {
          return Status::FailedPrecondition("term " + std::to_string(id) + " is " +
                                            std::string(TermStatusName(t.status)) + ", not approved");
        }
        std::vector<int64_t> ids;
        for (int64_t x : latest.active_ids) {
          if (x != id) ids.push_back(x);
        }
        return ids;
      },
      [&](soci::session& sql) {
        sql << "UPDATE lexicon_terms SET status = 'retired', decided_by = :b, decided_at = :t, "
               "reason = :r WHERE id = :id",
            soci::use(actor.user_id), soci::use(now), soci::use(why), soci::use(id);
        return Status::Ok();
      }).status());
  return Get(actor, id);
}

Result<std::vector<Version>> Shield::Versions(const Principal& actor, int limit) {
  BB_RETURN_IF_ERROR(impl_->RequireStore());
  if (!IsManager(actor)) {
    return Status::PermissionDenied("the community lexicon needs the role admin, coordinator or focal_person");
  }
  if (limit < 1 || limit > kMaxListLimit) {
    return Status::InvalidArgument("limit: must be between 1 and " + std::to_string(kMaxListLimit));
  }
  std::vector<Version> out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) -> Status {
    Version v;
    std::string ids;
    soci::indicator ind = soci::i_null;
    soci::statement st =
        (sql.prepare << "SELECT version, created_at, created_by, action, term_id, rolled_back_to, "
                        "active_ids FROM lexicon_versions ORDER BY version DESC LIMIT :n",
         soci::into(v.version), soci::into(v.created_at), soci::into(v.created_by),
         soci::into(v.action), soci::into(v.term_id), soci::into(v.rolled_back_to),
         soci::into(ids, ind), soci::use(limit));
    st.execute();
    while (st.fetch()) {
      BB_ASSIGN_OR_RETURN(v.active_ids, SplitIds(ind == soci::i_ok ? ids : ""));
      out.push_back(v);
    }
    return Status::Ok();
  }));
  return out;
}

Result<Version> Shield::Rollback(const Principal& actor, int64_t version) {
  BB_RETURN_IF_ERROR(impl_->RequireStore());
  if (!IsStaff(actor)) return Status::PermissionDenied("rolling back needs the role admin or coordinator");
  const int64_t now = impl_->Now();
  std::vector<int64_t> target;
  std::lock_guard<std::mutex> lock(impl_->reload_mu);
  return impl_->Commit(
      actor, "rollback", 0, version,
      [&](soci::session& sql, const Version&) -> Result<std::vector<int64_t>> {
        std::string ids;
        soci::indicator ind = soci::i_null;
        sql << "SELECT active_ids FROM lexicon_versions WHERE version = :v", soci::into(ids, ind),
            soci::use(version);
        if (!sql.got_data()) {
          return Status::NotFound("no lexicon version " + std::to_string(version));
        }
        BB_ASSIGN_OR_RETURN(target, SplitIds(ind == soci::i_ok ? ids : ""));
        return target;
      },
      [&](soci::session& sql) {
        // Terms in the restored set are approved again; approved terms
        // outside it are retired. Pending and rejected terms are untouched.
        std::set<int64_t> keep(target.begin(), target.end());
        std::vector<int64_t> approved;
        {
          int64_t id = 0;
          soci::statement st = (sql.prepare << "SELECT id FROM lexicon_terms WHERE status = 'approved'",
                                soci::into(id));
          st.execute();
          while (st.fetch()) approved.push_back(id);
        }
        const std::string why = "rolled back to version " + std::to_string(version);
        for (int64_t id : approved) {
          if (keep.count(id) == 0) {
            sql << "UPDATE lexicon_terms SET status = 'retired', decided_by = :b, decided_at = :t, "
                   "reason = :r WHERE id = :id",
                soci::use(actor.user_id), soci::use(now), soci::use(why), soci::use(id);
          }
        }
        for (int64_t id : target) {
          sql << "UPDATE lexicon_terms SET status = 'approved', decided_by = :b, decided_at = :t, "
                 "reason = '' WHERE id = :id",
              soci::use(actor.user_id), soci::use(now), soci::use(id);
        }
        return Status::Ok();
      });
}

}  // namespace byteback::shield
