// incidents.cc: incidents and messages over the store, sealed with the
// keyring (accounts::SealAad convention), with the access rule of
// incidents.h applied to every read and write.
//
// Rows are inserted with empty sealed columns first, then sealed and
// updated in the same transaction, because the row id is part of the aad.
// List() filters by role in SQL; the ids and codes put in the SQL text are
// integers or validated two-letter country codes, never caller text.
#include "incidents/incidents.h"

#include "incidents/incidents_internal.h"

#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "core/utf8.h"
#include "crypto/crypto.h"
#include "store/store.h"

namespace byteback::incidents {

using accounts::Principal;
using accounts::Role;
using accounts::SealAad;

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kCritical: return "critical";
  }
  return "medium";
}

Result<Severity> ParseSeverity(std::string_view name) {
  for (Severity s : {Severity::kLow, Severity::kMedium, Severity::kHigh,
                     Severity::kCritical}) {
    if (SeverityName(s) == name) return s;
  }
  return Status::InvalidArgument(
      "unknown severity (expected low, medium, high or critical)");
}

std::string_view IncidentStatusName(IncidentStatus s) {
  switch (s) {
    case IncidentStatus::kOpen: return "open";
    case IncidentStatus::kReported: return "reported";
    case IncidentStatus::kResponded: return "responded";
    case IncidentStatus::kClosed: return "closed";
  }
  return "open";
}

Result<IncidentStatus> ParseIncidentStatus(std::string_view name) {
  for (IncidentStatus s : {IncidentStatus::kOpen, IncidentStatus::kReported,
                           IncidentStatus::kResponded,
                           IncidentStatus::kClosed}) {
    if (IncidentStatusName(s) == name) return s;
  }
  return Status::InvalidArgument(
      "unknown status (expected open, reported, responded or closed)");
}

namespace internal {

Status CheckText(std::string_view field, std::string_view text, size_t max,
                 bool required) {
  if (required && text.empty()) {
    return Status::InvalidArgument(std::string(field) + " is required");
  }
  if (text.size() > max) {
    return Status::InvalidArgument(std::string(field) + " is longer than " +
                                   std::to_string(max) + " bytes");
  }
  if (!utf8::IsValid(text)) {
    return Status::InvalidArgument(std::string(field) +
                                   " is not valid UTF-8");
  }
  return Status::Ok();
}

Result<std::string> NormalizeCountry(std::string_view c) {
  if (c.empty()) return std::string();
  auto up = [](char ch) -> char {
    return (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  };
  if (c.size() != 2 || up(c[0]) < 'A' || up(c[0]) > 'Z' || up(c[1]) < 'A' ||
      up(c[1]) > 'Z') {
    return Status::InvalidArgument(
        "country must be an ISO 3166 alpha-2 code such as NP");
  }
  return std::string{up(c[0]), up(c[1])};
}

namespace {
constexpr const char* kIncidentSelect =
    "SELECT id, owner_user_id, org_id, country, title_sealed, "
    "description_sealed, category, severity, status, created_by, created_at, "
    "updated_at, (SELECT COUNT(*) FROM incident_messages m WHERE "
    "m.incident_id = incidents.id), visibility, pseudonym, language, platforms, "
    "target_kind, target_sealed, occurred_at, outcome_sealed FROM incidents ";
}  // namespace

Result<std::vector<Incident>> LoadIncidents(soci::session& sql,
                                            const crypto::Keyring& keyring,
                                            const std::string& tail) {
  std::vector<Incident> out;
  Incident r;
  int64_t org = 0;
  soci::indicator org_ind = soci::i_ok;
  std::string title, description, severity, status, visibility, target, outcome;
  soci::statement st =
      (sql.prepare << std::string(kIncidentSelect) + tail, soci::into(r.id),
       soci::into(r.owner_user_id), soci::into(org, org_ind),
       soci::into(r.country), soci::into(title), soci::into(description),
       soci::into(r.category), soci::into(severity), soci::into(status),
       soci::into(r.created_by), soci::into(r.created_at),
       soci::into(r.updated_at), soci::into(r.message_count),
       soci::into(visibility), soci::into(r.pseudonym), soci::into(r.language),
       soci::into(r.platforms), soci::into(r.target_kind), soci::into(target),
       soci::into(r.occurred_at), soci::into(outcome));
  st.execute();
  while (st.fetch()) {
    Incident i = r;
    i.org_id = org_ind == soci::i_ok ? std::optional(org) : std::nullopt;
    BB_ASSIGN_OR_RETURN(i.title,
                        keyring.Open(title, SealAad("incidents", "title", i.id)));
    BB_ASSIGN_OR_RETURN(i.description,
                        keyring.Open(description,
                                     SealAad("incidents", "description", i.id)));
    if (!target.empty()) {
      BB_ASSIGN_OR_RETURN(i.target, keyring.Open(target, SealAad("incidents", "target", i.id)));
    }
    if (!outcome.empty()) {
      BB_ASSIGN_OR_RETURN(i.outcome, keyring.Open(outcome, SealAad("incidents", "outcome", i.id)));
    }
    BB_ASSIGN_OR_RETURN(i.severity, ParseSeverity(severity));
    BB_ASSIGN_OR_RETURN(i.status, ParseIncidentStatus(status));
    BB_ASSIGN_OR_RETURN(i.visibility, ParseVisibility(visibility));
    out.push_back(std::move(i));
  }
  for (Incident& i : out) {
    int64_t uid = 0;
    soci::statement rs = (sql.prepare << "SELECT user_id FROM incident_reviewers WHERE incident_id = :i "
                                         "AND revoked_at IS NULL ORDER BY id",
                          soci::into(uid), soci::use(i.id));
    rs.execute();
    while (rs.fetch()) i.reviewer_ids.push_back(uid);
  }
  return out;
}

Result<Incident> LoadIncident(soci::session& sql,
                              const crypto::Keyring& keyring, int64_t id) {
  BB_ASSIGN_OR_RETURN(
      std::vector<Incident> v,
      LoadIncidents(sql, keyring, "WHERE id = " + std::to_string(id)));
  if (v.empty()) return Status::NotFound("no such incident");
  return std::move(v.front());
}

}  // namespace internal

Status Incidents::Impl::Audit(const Principal& actor, std::string_view action, int64_t id,
                              std::optional<int64_t> org_id, std::string detail) const {
  store::AuditEvent e;
  e.at = accounts->Now();
  e.actor_user_id = actor.user_id;
  e.actor_kind = actor.via == Principal::Via::kApiKey    ? "api_key"
                 : actor.via == Principal::Via::kSession ? "session"
                                                         : "system";
  e.action = std::string(action);
  e.target_kind = "incident";
  e.target_id = id;
  e.org_id = org_id;
  e.detail_json = std::move(detail);
  return store->AppendAudit(e);
}

Result<Incident> Incidents::Impl::LoadVisible(const Principal& actor, int64_t id,
                                              std::string_view what) const {
  Incident inc;
  BB_RETURN_IF_ERROR(store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(inc, internal::LoadIncident(sql, *keyring, id));
    return Status::Ok();
  }));
  if (!CanSee(actor, inc)) {
    BB_RETURN_IF_ERROR(accounts->AuditDenied(
        actor, "incident/" + std::to_string(id) + std::string(what), ""));
    return Status::PermissionDenied("you may not see this incident");
  }
  return inc;
}

std::string_view VisibilityName(Visibility v) {
  return v == Visibility::kPrivate ? "private" : "network";
}

Result<Visibility> ParseVisibility(std::string_view name) {
  if (name == "network") return Visibility::kNetwork;
  if (name == "private") return Visibility::kPrivate;
  return Status::InvalidArgument("unknown visibility (expected network or private)");
}

Status CheckCategory(std::string_view c) {
  if (c.empty()) return Status::Ok();
  for (std::string_view k : kCategories) {
    if (k == c) return Status::Ok();
  }
  std::string list;
  for (std::string_view k : kCategories) list += (list.empty() ? "" : ", ") + std::string(k);
  return Status::InvalidArgument("unknown category '" + std::string(c.substr(0, 40)) + "' (expected " + list + ")");
}

bool Incidents::CanSee(const Principal& actor, const Incident& incident) {
  if (actor.user_id == incident.owner_user_id) return true;
  for (int64_t r : incident.reviewer_ids) {
    if (r == actor.user_id) return true;
  }
  if (incident.visibility == Visibility::kPrivate) return false;
  switch (actor.role) {
    case Role::kAdmin:
    case Role::kCoordinator:
      return true;
    case Role::kFocalPerson:
      if (incident.org_id && accounts::CanSeeOrg(actor, *incident.org_id)) {
        return true;
      }
      return !actor.country.empty() && incident.country == actor.country;
    case Role::kMember:
    case Role::kJournalist:
      return false;
  }
  return false;
}



Incidents::Incidents(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Incidents::~Incidents() = default;

Result<std::unique_ptr<Incidents>> Incidents::Create(
    store::Store* store, const crypto::Keyring* keyring,
    accounts::Accounts* accounts) {
  if (store == nullptr || keyring == nullptr || accounts == nullptr) {
    return Status::InvalidArgument(
        "Incidents::Create: null store, keyring or accounts");
  }
  return std::unique_ptr<Incidents>(
      new Incidents(std::make_unique<Impl>(store, keyring, accounts)));
}

Result<Incident> Incidents::Create(const Principal& actor,
                                   const NewIncident& in) {
  BB_RETURN_IF_ERROR(internal::CheckText("title", in.title, kMaxTitleBytes, true));
  BB_RETURN_IF_ERROR(
      internal::CheckText("description", in.description, kMaxDescriptionBytes, false));
  BB_RETURN_IF_ERROR(
      internal::CheckText("category", in.category, kMaxCategoryBytes, false));
  BB_RETURN_IF_ERROR(CheckCategory(in.category));
  BB_RETURN_IF_ERROR(internal::CheckCaseFields(in.language, in.platforms, in.target_kind, in.target,
                                               in.pseudonym, in.occurred_at));
  // Whose incident, and where it belongs.
  std::optional<int64_t> org = actor.org_id;
  std::string country = actor.country;
  const int64_t owner = in.owner_user_id.value_or(actor.user_id);
  if (owner != actor.user_id) {
    if (actor.role != Role::kAdmin && actor.role != Role::kCoordinator &&
        actor.role != Role::kFocalPerson) {
      BB_RETURN_IF_ERROR(impl_->accounts->AuditDenied(actor,
                                                      "incident.create_for", ""));
      return Status::PermissionDenied(
          "only a focal person, coordinator or admin may file for someone "
          "else");
    }
    // GetUser applies the scope rule (NotFound / PermissionDenied).
    BB_ASSIGN_OR_RETURN(accounts::User u,
                        impl_->accounts->GetUser(actor, owner));
    org = u.org_id;
    country = u.country;
  }
  if (in.org_id) {
    if (!accounts::CanSeeOrg(actor, *in.org_id)) {
      return Status::PermissionDenied("organisation outside your scope");
    }
    org = in.org_id;
  }
  if (in.country) {
    BB_ASSIGN_OR_RETURN(country, internal::NormalizeCountry(*in.country));
  }
  const int64_t now = impl_->accounts->Now();
  Incident out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    int64_t id = 0;
    int64_t org_id = org.value_or(0);
    soci::indicator org_ind = org ? soci::i_ok : soci::i_null;
    std::string severity(SeverityName(in.severity));
    std::string status(IncidentStatusName(IncidentStatus::kOpen));
    sql << "INSERT INTO incidents (owner_user_id, org_id, country, "
           "title_sealed, description_sealed, category, severity, status, "
           "created_by, created_at, updated_at) VALUES (:o, :g, :c, '', '', "
           ":cat, :sev, :st, :by, :t, :u) RETURNING id",
        soci::use(owner), soci::use(org_id, org_ind), soci::use(country),
        soci::use(in.category), soci::use(severity), soci::use(status),
        soci::use(actor.user_id), soci::use(now), soci::use(now),
        soci::into(id);
    BB_ASSIGN_OR_RETURN(std::string title,
                        impl_->keyring->Seal(in.title,
                                             SealAad("incidents", "title", id)));
    BB_ASSIGN_OR_RETURN(
        std::string description,
        impl_->keyring->Seal(in.description,
                             SealAad("incidents", "description", id)));
    sql << "UPDATE incidents SET title_sealed = :t, description_sealed = :d "
           "WHERE id = :id",
        soci::use(title), soci::use(description), soci::use(id);
    std::string visibility(VisibilityName(in.visibility));
    std::string target;  // empty stays empty, as outcome
    if (!in.target.empty()) {
      BB_ASSIGN_OR_RETURN(target, impl_->keyring->Seal(in.target, SealAad("incidents", "target", id)));
    }
    sql << "UPDATE incidents SET visibility = :v, pseudonym = :p, language = :l, platforms = :pl, "
           "target_kind = :tk, target_sealed = :ts, occurred_at = :o WHERE id = :id",
        soci::use(visibility), soci::use(in.pseudonym), soci::use(in.language),
        soci::use(in.platforms), soci::use(in.target_kind), soci::use(target),
        soci::use(in.occurred_at), soci::use(id);
    BB_ASSIGN_OR_RETURN(out, internal::LoadIncident(sql, *impl_->keyring, id));
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(actor, "incident.created", out.id, out.org_id));
  return out;
}

Result<Incident> Incidents::Get(const Principal& actor, int64_t id) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, id, ""));
  BB_RETURN_IF_ERROR(impl_->Audit(actor, "incident.viewed", id, inc.org_id));
  return inc;
}

Result<std::vector<Incident>> Incidents::List(const Principal& actor,
                                              const ListQuery& q) {
  if (q.limit < 1 || q.limit > kMaxListLimit) {
    return Status::InvalidArgument("limit must be between 1 and 500");
  }
  // Role filter: ids are integers, countries validated codes.
  std::string where = "WHERE 1 = 1";
  const std::string me = std::to_string(actor.user_id);
  const std::string reviewing =
      "id IN (SELECT incident_id FROM incident_reviewers WHERE user_id = " + me +
      " AND revoked_at IS NULL)";
  // Private incidents: the owner and her reviewers only.
  where += " AND (visibility = 'network' OR owner_user_id = " + me + " OR " + reviewing + ")";
  if (actor.role == Role::kFocalPerson) {
    std::string ors = "owner_user_id = " + me + " OR " + reviewing;
    std::vector<int64_t> orgs = actor.scope_org_ids;
    if (actor.org_id) orgs.push_back(*actor.org_id);
    for (int64_t o : orgs) ors += " OR org_id = " + std::to_string(o);
    auto c = internal::NormalizeCountry(actor.country);
    if (c.ok() && !c->empty()) ors += " OR country = '" + *c + "'";
    where += " AND (" + ors + ")";
  } else if (actor.role == Role::kMember || actor.role == Role::kJournalist) {
    where += " AND (owner_user_id = " + me + " OR " + reviewing + ")";
  }
  if (q.org_id) where += " AND org_id = " + std::to_string(*q.org_id);
  if (q.country) {
    BB_ASSIGN_OR_RETURN(std::string c, internal::NormalizeCountry(*q.country));
    where += " AND country = '" + c + "'";
  }
  if (q.status) {
    where += " AND status = '" + std::string(IncidentStatusName(*q.status)) + "'";
  }
  if (q.owner_user_id) {
    where += " AND owner_user_id = " + std::to_string(*q.owner_user_id);
  }
  if (q.before_id > 0) where += " AND id < " + std::to_string(q.before_id);
  where += " ORDER BY id DESC LIMIT " + std::to_string(q.limit);
  std::vector<Incident> out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(out, internal::LoadIncidents(sql, *impl_->keyring, where));
    return Status::Ok();
  }));
  // Defence in depth: the SQL filter and CanSee must agree.
  std::erase_if(out, [&](const Incident& i) { return !CanSee(actor, i); });
  return out;
}

Status Incidents::SetStatus(const Principal& actor, int64_t id,
                            IncidentStatus status) {
  BB_ASSIGN_OR_RETURN(Incident inc, Get(actor, id));
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    std::string s(IncidentStatusName(status));
    int64_t now = impl_->accounts->Now();
    sql << "UPDATE incidents SET status = :s, updated_at = :t WHERE id = :id",
        soci::use(s), soci::use(now), soci::use(id);
    return Status::Ok();
  }));
  return impl_->Audit(actor, "incident.status_changed", id, inc.org_id,
                      "{\"from\":\"" +
                          std::string(IncidentStatusName(inc.status)) +
                          "\",\"to\":\"" +
                          std::string(IncidentStatusName(status)) + "\"}");
}

Result<std::vector<int64_t>> Incidents::AddMessages(
    const Principal& actor, int64_t incident_id,
    const std::vector<NewMessage>& messages) {
  if (messages.size() > kMaxMessagesPerCall) {
    return Status::InvalidArgument("at most 1000 messages per call");
  }
  return AddMessagesUpTo(actor, incident_id, messages);
}

Result<std::vector<int64_t>> Incidents::ImportMessages(
    const Principal& actor, int64_t incident_id,
    const std::vector<NewMessage>& messages) {
  if (messages.size() > kMaxMessagesPerImport) {
    return Status::InvalidArgument("at most " + std::to_string(kMaxMessagesPerImport) +
                                   " messages per import: split the export");
  }
  return AddMessagesUpTo(actor, incident_id, messages);
}

Result<std::vector<int64_t>> Incidents::AddMessagesUpTo(
    const Principal& actor, int64_t incident_id,
    const std::vector<NewMessage>& messages) {
  if (messages.empty()) return Status::InvalidArgument("no messages given");
  for (size_t i = 0; i < messages.size(); ++i) {
    const NewMessage& m = messages[i];
    const std::string at = "message " + std::to_string(i) + ": ";
    for (Status s : {internal::CheckText(at + "text", m.text, kMaxMessageTextBytes, true),
                     internal::CheckText(at + "author_handle", m.author_handle,
                               kMaxHandleBytes, false),
                     internal::CheckText(at + "platform", m.platform, kMaxPlatformBytes,
                               false),
                     internal::CheckText(at + "url", m.url, kMaxUrlBytes, false)}) {
      BB_RETURN_IF_ERROR(s);
    }
    if (m.sent_at < 0) {
      return Status::InvalidArgument(at + "sent_at must not be negative");
    }
    BB_RETURN_IF_ERROR(internal::CheckText(at + "source", m.source, 64, false));
    BB_RETURN_IF_ERROR(internal::CheckText(at + "lang", m.score.lang, 16, false));
  }
  BB_ASSIGN_OR_RETURN(Incident inc, Get(actor, incident_id));
  const int64_t now = impl_->accounts->Now();
  const crypto::Keyring& keyring = *impl_->keyring;
  std::vector<int64_t> ids;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    ids.clear();
    // Each message is also an item of the evidence log.
    BB_ASSIGN_OR_RETURN(evidence::Chain chain, internal::LoadChain(sql, incident_id));
    const std::string captured_at = internal::Rfc3339(now);
    for (const NewMessage& m : messages) {
      int64_t id = 0;
      sql << "INSERT INTO incident_messages (incident_id, text_sealed, "
             "author_handle_sealed, platform, url_sealed, sent_at, added_by, "
             "added_at, lang, scores, labels, max_severity, source) VALUES (:i, '', '', :p, '', "
             ":s, :b, :t, :l, :sc, :lb, :ms, :src) RETURNING id",
          soci::use(incident_id), soci::use(m.platform), soci::use(m.sent_at),
          soci::use(actor.user_id), soci::use(now), soci::use(m.score.lang),
          soci::use(m.score.scores), soci::use(m.score.labels), soci::use(m.score.max_severity),
          soci::use(m.source), soci::into(id);
      BB_ASSIGN_OR_RETURN(std::string text,
                          keyring.Seal(m.text, SealAad("incident_messages",
                                                       "text", id)));
      BB_ASSIGN_OR_RETURN(
          std::string handle,
          keyring.Seal(m.author_handle,
                       SealAad("incident_messages", "author_handle", id)));
      BB_ASSIGN_OR_RETURN(std::string url,
                          keyring.Seal(m.url, SealAad("incident_messages",
                                                      "url", id)));
      sql << "UPDATE incident_messages SET text_sealed = :x, "
             "author_handle_sealed = :h, url_sealed = :u WHERE id = :id",
          soci::use(text), soci::use(handle), soci::use(url), soci::use(id);
      const std::string bytes = internal::MessageEvidenceBytes(m, id);
      evidence::EvidenceItem item;
      item.kind = evidence::ItemKind::kMessage;
      item.sha256 = crypto::Sha256Hex(bytes);
      item.captured_at = captured_at;
      item.captured_by = internal::CapturedBy(actor);
      item.name = "message-" + std::to_string(id) + ".json";
      item.mime = "application/json";
      BB_RETURN_IF_ERROR(internal::StoreEvidence(sql, keyring, incident_id, &chain, std::move(item), bytes, id)
                             .status());
      ids.push_back(id);
    }
    sql << "UPDATE incidents SET updated_at = :t WHERE id = :id",
        soci::use(now), soci::use(incident_id);
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(
      actor, "incident.messages_added", incident_id, inc.org_id,
      "{\"count\":" + std::to_string(ids.size()) + "}"));
  return ids;
}

Result<std::vector<Message>> Incidents::ListMessages(const Principal& actor,
                                                     int64_t incident_id,
                                                     int64_t offset,
                                                     int limit) {
  if (limit < 1 || limit > kMaxListLimit || offset < 0) {
    return Status::InvalidArgument(
        "limit must be between 1 and 500 and offset not negative");
  }
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, incident_id, "/messages"));
  const crypto::Keyring& keyring = *impl_->keyring;
  std::vector<Message> out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    Message r;
    std::string text, handle, url;
    soci::statement st =
        (sql.prepare << "SELECT id, incident_id, text_sealed, "
                        "author_handle_sealed, platform, url_sealed, sent_at, "
                        "added_by, added_at, lang, scores, labels, max_severity, source "
                        "FROM incident_messages WHERE "
                        "incident_id = :i ORDER BY id LIMIT " +
                            std::to_string(limit) + " OFFSET " +
                            std::to_string(offset),
         soci::into(r.id), soci::into(r.incident_id), soci::into(text),
         soci::into(handle), soci::into(r.platform), soci::into(url),
         soci::into(r.sent_at), soci::into(r.added_by),
         soci::into(r.added_at), soci::into(r.score.lang), soci::into(r.score.scores),
         soci::into(r.score.labels), soci::into(r.score.max_severity), soci::into(r.source),
         soci::use(incident_id));
    st.execute();
    while (st.fetch()) {
      Message m = r;
      BB_ASSIGN_OR_RETURN(m.text, keyring.Open(text, SealAad("incident_messages",
                                                             "text", m.id)));
      BB_ASSIGN_OR_RETURN(
          m.author_handle,
          keyring.Open(handle,
                       SealAad("incident_messages", "author_handle", m.id)));
      BB_ASSIGN_OR_RETURN(m.url, keyring.Open(url, SealAad("incident_messages",
                                                           "url", m.id)));
      out.push_back(std::move(m));
    }
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(
      actor, "incident.messages_viewed", incident_id, inc.org_id,
      "{\"count\":" + std::to_string(out.size()) + "}"));
  return out;
}

Result<int64_t> Incidents::ReencryptAll() {
  static constexpr accounts::SealedColumn kColumns[] = {
      {"incidents", "title_sealed", "title"},
      {"incidents", "description_sealed", "description"},
      {"incidents", "target_sealed", "target"},
      {"incidents", "outcome_sealed", "outcome"},
      {"incident_complaints", "reference_sealed", "reference"},
      {"incident_complaints", "response_sealed", "response"},
      {"incident_evidence_blobs", "content_sealed", "content", "evidence_id"},
      {"incident_messages", "text_sealed", "text"},
      {"incident_messages", "author_handle_sealed", "author_handle"},
      {"incident_messages", "url_sealed", "url"},
  };
  return accounts::ReencryptColumns(*impl_->store, *impl_->keyring, kColumns);
}

}  // namespace byteback::incidents
