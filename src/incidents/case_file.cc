// case_file.cc: what the owner of an incident controls (its fields, who
// reviews it, export, deletion) and the complaints filed about it.
#include <algorithm>

#include "core/utf8.h"
#include "incidents/incidents.h"
#include "incidents/incidents_internal.h"

namespace byteback::incidents {

using accounts::Principal;
using accounts::Role;
using accounts::SealAad;

namespace {

bool IsPlainMember(const Principal& p) {
  return p.role == Role::kMember || p.role == Role::kJournalist;
}

bool IsReviewer(const Principal& p, const Incident& i) {
  return std::find(i.reviewer_ids.begin(), i.reviewer_ids.end(), p.user_id) != i.reviewer_ids.end();
}

// The owner, her reviewers, and the managers who may see it.
bool CanManage(const Principal& p, const Incident& i) {
  return p.user_id == i.owner_user_id || IsReviewer(p, i) || !IsPlainMember(p);
}

constexpr char kComplaintSelect[] =
    "SELECT id, incident_id, destination, filed_at, reference_sealed, response_sealed, "
    "follow_up_at, status, created_by, created_at, updated_at FROM incident_complaints ";

Result<std::vector<Complaint>> LoadComplaints(soci::session& sql, const crypto::Keyring& keyring,
                                              const std::string& tail) {
  std::vector<Complaint> out;
  Complaint r;
  std::string reference, response, status;
  soci::statement st = (sql.prepare << std::string(kComplaintSelect) + tail, soci::into(r.id),
                        soci::into(r.incident_id), soci::into(r.destination), soci::into(r.filed_at),
                        soci::into(reference), soci::into(response), soci::into(r.follow_up_at),
                        soci::into(status), soci::into(r.created_by), soci::into(r.created_at),
                        soci::into(r.updated_at));
  st.execute();
  while (st.fetch()) {
    Complaint c = r;
    BB_ASSIGN_OR_RETURN(c.reference,
                        keyring.Open(reference, SealAad("incident_complaints", "reference", c.id)));
    BB_ASSIGN_OR_RETURN(c.response,
                        keyring.Open(response, SealAad("incident_complaints", "response", c.id)));
    BB_ASSIGN_OR_RETURN(c.status, ParseComplaintStatus(status));
    out.push_back(std::move(c));
  }
  return out;
}

Status CheckComplaintText(const std::optional<std::string>& reference,
                          const std::optional<std::string>& response) {
  if (reference) {
    BB_RETURN_IF_ERROR(internal::CheckText("reference", *reference, kMaxReferenceBytes, false));
  }
  if (response) {
    BB_RETURN_IF_ERROR(internal::CheckText("response", *response, kMaxResponseBytes, false));
  }
  return Status::Ok();
}

}  // namespace

std::string_view ComplaintStatusName(ComplaintStatus s) {
  switch (s) {
    case ComplaintStatus::kFiled: return "filed";
    case ComplaintStatus::kAnswered: return "answered";
    case ComplaintStatus::kClosed: return "closed";
  }
  return "filed";
}

Result<ComplaintStatus> ParseComplaintStatus(std::string_view name) {
  for (ComplaintStatus s : {ComplaintStatus::kFiled, ComplaintStatus::kAnswered, ComplaintStatus::kClosed}) {
    if (ComplaintStatusName(s) == name) return s;
  }
  return Status::InvalidArgument("unknown complaint status (expected filed, answered or closed)");
}

namespace internal {

Status CheckCaseFields(std::string_view language, std::string_view platforms,
                       std::string_view target_kind, std::string_view target,
                       std::string_view pseudonym, int64_t occurred_at) {
  auto tag_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  };
  if (language.size() > 16 || !std::all_of(language.begin(), language.end(), tag_char)) {
    return Status::InvalidArgument("language must be a language tag such as ur or hi-Latn");
  }
  auto platform_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ',' || c == '_' || c == '-';
  };
  if (platforms.size() > 200 || !std::all_of(platforms.begin(), platforms.end(), platform_char)) {
    return Status::InvalidArgument("platforms must be a comma-separated list such as x,facebook,whatsapp");
  }
  if (target_kind != "self" && target_kind != "group") {
    return Status::InvalidArgument("target_kind must be self or group");
  }
  BB_RETURN_IF_ERROR(CheckText("target", target, kMaxTargetBytes, false));
  BB_RETURN_IF_ERROR(CheckText("pseudonym", pseudonym, kMaxPseudonymBytes, false));
  if (occurred_at < 0) return Status::InvalidArgument("occurred_at must not be negative");
  return Status::Ok();
}

}  // namespace internal

Result<Incident> Incidents::Update(const Principal& actor, int64_t id, const IncidentUpdate& u) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, id, "/update"));
  if (!CanManage(actor, inc)) return Status::PermissionDenied("you may not change this incident");
  if ((u.visibility || u.pseudonym) && actor.user_id != inc.owner_user_id) {
    return Status::PermissionDenied("only the journalist the incident is about decides who sees it");
  }
  const crypto::Keyring& k = *impl_->keyring;
  const int64_t now = impl_->accounts->Now();
  Incident out;
  // Read, apply and write in one transaction, so two edits of different
  // fields cannot undo each other (an owner's 'private' must not be lost).
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(Incident n, internal::LoadIncident(sql, k, id));
    if (!CanSee(actor, n)) return Status::PermissionDenied("you may not see this incident");
    if (u.title) n.title = *u.title;
    if (u.description) n.description = *u.description;
    if (u.category) n.category = *u.category;
    if (u.language) n.language = *u.language;
    if (u.platforms) n.platforms = *u.platforms;
    if (u.target_kind) n.target_kind = *u.target_kind;
    if (u.target) n.target = *u.target;
    if (u.outcome) n.outcome = *u.outcome;
    if (u.pseudonym) n.pseudonym = *u.pseudonym;
    if (u.severity) n.severity = *u.severity;
    if (u.visibility) n.visibility = *u.visibility;
    if (u.occurred_at) n.occurred_at = *u.occurred_at;
    BB_RETURN_IF_ERROR(internal::CheckText("title", n.title, kMaxTitleBytes, true));
    BB_RETURN_IF_ERROR(internal::CheckText("description", n.description, kMaxDescriptionBytes, false));
    BB_RETURN_IF_ERROR(internal::CheckText("category", n.category, kMaxCategoryBytes, false));
    BB_RETURN_IF_ERROR(CheckCategory(n.category));
    BB_RETURN_IF_ERROR(internal::CheckText("outcome", n.outcome, kMaxOutcomeBytes, false));
    BB_RETURN_IF_ERROR(internal::CheckCaseFields(n.language, n.platforms, n.target_kind, n.target,
                                                 n.pseudonym, n.occurred_at));
    BB_ASSIGN_OR_RETURN(std::string title, k.Seal(n.title, SealAad("incidents", "title", id)));
    BB_ASSIGN_OR_RETURN(std::string desc, k.Seal(n.description, SealAad("incidents", "description", id)));
    std::string target, outcome;  // empty stays empty
    if (!n.target.empty()) {
      BB_ASSIGN_OR_RETURN(target, k.Seal(n.target, SealAad("incidents", "target", id)));
    }
    if (!n.outcome.empty()) {
      BB_ASSIGN_OR_RETURN(outcome, k.Seal(n.outcome, SealAad("incidents", "outcome", id)));
    }
    std::string severity(SeverityName(n.severity)), visibility(VisibilityName(n.visibility));
    sql << "UPDATE incidents SET title_sealed = :t, description_sealed = :d, category = :c, "
           "severity = :s, visibility = :v, pseudonym = :p, language = :l, platforms = :pl, "
           "target_kind = :tk, target_sealed = :ts, occurred_at = :o, outcome_sealed = :oc, "
           "updated_at = :u WHERE id = :id",
        soci::use(title), soci::use(desc), soci::use(n.category), soci::use(severity),
        soci::use(visibility), soci::use(n.pseudonym), soci::use(n.language), soci::use(n.platforms),
        soci::use(n.target_kind), soci::use(target), soci::use(n.occurred_at), soci::use(outcome),
        soci::use(now), soci::use(id);
    BB_ASSIGN_OR_RETURN(out, internal::LoadIncident(sql, k, id));
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(actor, "incident.updated", id, inc.org_id));
  return out;
}

Status Incidents::AddReviewer(const Principal& actor, int64_t id, int64_t user_id) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, id, "/reviewers"));
  if (actor.user_id != inc.owner_user_id) {
    return Status::PermissionDenied("only the journalist the incident is about names its reviewers");
  }
  if (user_id == inc.owner_user_id) return Status::InvalidArgument("the owner already sees her incident");
  const int64_t now = impl_->accounts->Now();
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    int64_t users = 0, active = 0;
    sql << "SELECT COUNT(*) FROM users WHERE id = :u", soci::into(users), soci::use(user_id);
    if (users == 0) return Status::NotFound("no such user " + std::to_string(user_id));
    sql << "SELECT COUNT(*) FROM incident_reviewers WHERE incident_id = :i AND user_id = :u AND "
           "revoked_at IS NULL",
        soci::into(active), soci::use(id), soci::use(user_id);
    if (active > 0) return Status::Ok();
    sql << "INSERT INTO incident_reviewers (incident_id, user_id, granted_by, granted_at) "
           "VALUES (:i, :u, :b, :t)",
        soci::use(id), soci::use(user_id), soci::use(actor.user_id), soci::use(now);
    return Status::Ok();
  }));
  return impl_->Audit(actor, "incident.reviewer_added", id, inc.org_id,
                      "{\"user_id\":" + std::to_string(user_id) + "}");
}

Status Incidents::RemoveReviewer(const Principal& actor, int64_t id, int64_t user_id) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, id, "/reviewers"));
  if (actor.user_id != inc.owner_user_id) {
    return Status::PermissionDenied("only the journalist the incident is about names its reviewers");
  }
  const int64_t now = impl_->accounts->Now();
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    sql << "UPDATE incident_reviewers SET revoked_at = :t WHERE incident_id = :i AND user_id = :u "
           "AND revoked_at IS NULL",
        soci::use(now), soci::use(id), soci::use(user_id);
    return Status::Ok();
  }));
  return impl_->Audit(actor, "incident.reviewer_removed", id, inc.org_id,
                      "{\"user_id\":" + std::to_string(user_id) + "}");
}

Result<std::vector<Reviewer>> Incidents::ListReviewers(const Principal& actor, int64_t id) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, id, "/reviewers"));
  std::vector<Reviewer> out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    Reviewer r;
    int64_t revoked = 0;
    soci::indicator ind = soci::i_null;
    soci::statement st = (sql.prepare << "SELECT user_id, granted_by, granted_at, revoked_at FROM "
                                         "incident_reviewers WHERE incident_id = :i ORDER BY id",
                          soci::into(r.user_id), soci::into(r.granted_by), soci::into(r.granted_at),
                          soci::into(revoked, ind), soci::use(id));
    st.execute();
    while (st.fetch()) {
      r.revoked_at = ind == soci::i_ok ? std::optional<int64_t>(revoked) : std::nullopt;
      out.push_back(r);
    }
    return Status::Ok();
  }));
  (void)inc;
  return out;
}

Result<Complaint> Incidents::AddComplaint(const Principal& actor, int64_t incident_id,
                                          const NewComplaint& in) {
  BB_RETURN_IF_ERROR(internal::CheckText("destination", in.destination, kMaxDestinationBytes, true));
  BB_RETURN_IF_ERROR(CheckComplaintText(in.reference, std::nullopt));
  if (in.filed_at < 0 || (in.follow_up_at && *in.follow_up_at < 0)) {
    return Status::InvalidArgument("times must not be negative");
  }
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, incident_id, "/complaints"));
  if (!CanManage(actor, inc)) return Status::PermissionDenied("you may not record complaints here");
  const int64_t now = impl_->accounts->Now();
  const int64_t filed = in.filed_at > 0 ? in.filed_at : now;
  const int64_t follow = in.follow_up_at.value_or(filed + kDefaultFollowUpSeconds);
  const crypto::Keyring& k = *impl_->keyring;
  Complaint out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    int64_t id = 0;
    sql << "INSERT INTO incident_complaints (incident_id, destination, filed_at, reference_sealed, "
           "response_sealed, follow_up_at, status, created_by, created_at, updated_at) VALUES "
           "(:i, :d, :f, '', '', :fu, 'filed', :b, :t, :u) RETURNING id",
        soci::use(incident_id), soci::use(in.destination), soci::use(filed), soci::use(follow),
        soci::use(actor.user_id), soci::use(now), soci::use(now), soci::into(id);
    BB_ASSIGN_OR_RETURN(std::string ref, k.Seal(in.reference, SealAad("incident_complaints", "reference", id)));
    BB_ASSIGN_OR_RETURN(std::string resp, k.Seal("", SealAad("incident_complaints", "response", id)));
    sql << "UPDATE incident_complaints SET reference_sealed = :r, response_sealed = :s WHERE id = :id",
        soci::use(ref), soci::use(resp), soci::use(id);
    sql << "UPDATE incidents SET status = CASE WHEN status = 'open' THEN 'reported' ELSE status END, "
           "updated_at = :t WHERE id = :id",
        soci::use(now), soci::use(incident_id);
    BB_ASSIGN_OR_RETURN(auto v, LoadComplaints(sql, k, "WHERE id = " + std::to_string(id)));
    out = v.front();
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(actor, "incident.complaint_added", incident_id, inc.org_id,
                                  "{\"complaint_id\":" + std::to_string(out.id) + "}"));
  return out;
}

Result<Complaint> Incidents::UpdateComplaint(const Principal& actor, int64_t complaint_id,
                                             const ComplaintUpdate& u) {
  BB_RETURN_IF_ERROR(CheckComplaintText(u.reference, u.response));
  if (u.follow_up_at && *u.follow_up_at < 0) return Status::InvalidArgument("follow_up_at must not be negative");
  const crypto::Keyring& k = *impl_->keyring;
  Complaint c;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(auto v, LoadComplaints(sql, k, "WHERE id = " + std::to_string(complaint_id)));
    if (v.empty()) return Status::NotFound("no such complaint");
    c = v.front();
    return Status::Ok();
  }));
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, c.incident_id, "/complaints"));
  if (!CanManage(actor, inc)) return Status::PermissionDenied("you may not change complaints here");
  if (u.reference) c.reference = *u.reference;
  if (u.response) c.response = *u.response;
  if (u.follow_up_at) c.follow_up_at = *u.follow_up_at;
  if (u.status) c.status = *u.status;
  const int64_t now = impl_->accounts->Now();
  Complaint out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(std::string ref, k.Seal(c.reference, SealAad("incident_complaints", "reference", c.id)));
    BB_ASSIGN_OR_RETURN(std::string resp, k.Seal(c.response, SealAad("incident_complaints", "response", c.id)));
    std::string status(ComplaintStatusName(c.status));
    sql << "UPDATE incident_complaints SET reference_sealed = :r, response_sealed = :s, follow_up_at = :f, "
           "status = :st, updated_at = :u WHERE id = :id",
        soci::use(ref), soci::use(resp), soci::use(c.follow_up_at), soci::use(status), soci::use(now),
        soci::use(c.id);
    if (c.status == ComplaintStatus::kAnswered) {
      sql << "UPDATE incidents SET status = 'responded', updated_at = :t WHERE id = :id AND "
             "status IN ('open', 'reported')",
          soci::use(now), soci::use(c.incident_id);
    }
    BB_ASSIGN_OR_RETURN(auto v, LoadComplaints(sql, k, "WHERE id = " + std::to_string(c.id)));
    out = v.front();
    return Status::Ok();
  }));
  BB_RETURN_IF_ERROR(impl_->Audit(actor, "incident.complaint_updated", c.incident_id, inc.org_id,
                                  "{\"complaint_id\":" + std::to_string(c.id) + "}"));
  return out;
}

Result<std::vector<Complaint>> Incidents::ListComplaints(const Principal& actor, int64_t incident_id) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, incident_id, "/complaints"));
  std::vector<Complaint> out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(out, LoadComplaints(sql, *impl_->keyring,
                                            "WHERE incident_id = " + std::to_string(incident_id) +
                                                " ORDER BY filed_at, id"));
    return Status::Ok();
  }));
  (void)inc;
  return out;
}

Result<std::vector<Complaint>> Incidents::DueComplaints(const Principal& actor, int64_t now) {
  const std::string me = std::to_string(actor.user_id);
  std::vector<Complaint> out;
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    BB_ASSIGN_OR_RETURN(
        out, LoadComplaints(sql, *impl_->keyring,
                            "WHERE status <> 'closed' AND follow_up_at > 0 AND follow_up_at <= " +
                                std::to_string(now) +
                                " AND incident_id IN (SELECT id FROM incidents WHERE owner_user_id = " + me +
                                " UNION SELECT incident_id FROM incident_reviewers WHERE user_id = " + me +
                                " AND revoked_at IS NULL) ORDER BY follow_up_at, id"));
    return Status::Ok();
  }));
  return out;
}

Result<IncidentExport> Incidents::Export(const Principal& actor, int64_t id) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, id, "/export"));
  if (actor.user_id != inc.owner_user_id) {
    return Status::PermissionDenied("only the journalist the incident is about may export it");
  }
  IncidentExport out;
  out.incident = inc;
  for (int64_t offset = 0;; offset += kMaxListLimit) {
    BB_ASSIGN_OR_RETURN(auto page, ListMessages(actor, id, offset, kMaxListLimit));
    out.messages.insert(out.messages.end(), page.begin(), page.end());
    if (page.size() < static_cast<size_t>(kMaxListLimit)) break;
  }
  BB_ASSIGN_OR_RETURN(out.complaints, ListComplaints(actor, id));
  BB_ASSIGN_OR_RETURN(out.reviewers, ListReviewers(actor, id));
  BB_RETURN_IF_ERROR(impl_->Audit(actor, "incident.exported", id, inc.org_id));
  return out;
}

Status Incidents::Delete(const Principal& actor, int64_t id) {
  BB_ASSIGN_OR_RETURN(Incident inc, impl_->LoadVisible(actor, id, "/delete"));
  if (actor.user_id != inc.owner_user_id) {
    return Status::PermissionDenied("only the journalist the incident is about may delete it");
  }
  BB_RETURN_IF_ERROR(impl_->store->Transaction([&](soci::session& sql) {
    sql << "DELETE FROM incident_evidence_blobs WHERE evidence_id IN (SELECT id FROM incident_evidence "
           "WHERE incident_id = :i)",
        soci::use(id);
    for (const char* t : {"incident_evidence", "incident_messages", "incident_reviewers", "incident_complaints"}) {
      sql << std::string("DELETE FROM ") + t + " WHERE incident_id = :i", soci::use(id);
    }
    sql << "DELETE FROM incidents WHERE id = :i", soci::use(id);
    return Status::Ok();
  }));
  return impl_->Audit(actor, "incident.deleted", id, inc.org_id,
                      "{\"messages\":" + std::to_string(inc.message_count) + "}");
}

}  // namespace byteback::incidents
