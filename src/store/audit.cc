// audit.cc: the append-only audit log (table audit_log, 0001_core.sql).
//
// ListAudit binds every filter every time, as "(:has = 0 OR col = :value)",
// so the statement text is fixed and portable (no dynamic SQL).
#include <soci/soci.h>

#include <algorithm>

#include "store/store_internal.h"

namespace byteback::store {

Status Store::AppendAudit(soci::session& sql, const AuditEvent& event) {
  if (event.action.empty())
    return Status::InvalidArgument("audit event needs an action");
  long long at = event.at != 0 ? event.at : NowSeconds();
  long long actor = event.actor_user_id.value_or(0);
  soci::indicator actor_ind = event.actor_user_id ? soci::i_ok : soci::i_null;
  long long target_id = event.target_id;
  long long org = event.org_id.value_or(0);
  soci::indicator org_ind = event.org_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO audit_log (at, actor_user_id, actor_kind, action, "
         "target_kind, target_id,"
         " org_id, ip, detail_json) VALUES (:at, :actor, :kind, :action, "
         ":tkind, :tid, :org, :ip,"
         " :detail)",
      soci::use(at), soci::use(actor, actor_ind), soci::use(event.actor_kind),
      soci::use(event.action), soci::use(event.target_kind),
      soci::use(target_id), soci::use(org, org_ind), soci::use(event.ip),
      soci::use(event.detail_json);
  return Status::Ok();
}

Status Store::AppendAudit(const AuditEvent& event) {
  if (event.action.empty())
    return Status::InvalidArgument("audit event needs an action");
  return Transaction(
      [&](soci::session& sql) { return AppendAudit(sql, event); });
}

Result<std::vector<AuditEvent>> Store::ListAudit(const AuditQuery& q) {
  int has_actor = q.actor_user_id ? 1 : 0;
  long long actor = q.actor_user_id.value_or(0);
  int has_org = q.org_id ? 1 : 0;
  long long org = q.org_id.value_or(0);
  int has_action = q.action.empty() ? 0 : 1;
  int has_tkind = q.target_kind.empty() ? 0 : 1;
  int has_tid = q.target_id ? 1 : 0;
  long long tid = q.target_id.value_or(0);
  long long since = q.since;
  long long before = q.before_id > 0 ? q.before_id : 0;
  int has_before = q.before_id > 0 ? 1 : 0;
  int limit = std::clamp(q.limit, 1, kMaxAuditLimit);

  std::vector<AuditEvent> out;
  Session lease = Acquire();
  try {
    AuditEvent row;
    long long id = 0, at = 0, row_actor = 0, row_tid = 0, row_org = 0;
    soci::indicator actor_ind = soci::i_null, org_ind = soci::i_null;
    soci::statement st =
        (lease.sql().prepare
             << "SELECT id, at, actor_user_id, actor_kind, action, "
                "target_kind, target_id, org_id,"
                " ip, detail_json FROM audit_log WHERE"
                " (:has_actor = 0 OR actor_user_id = :actor) AND (:has_org = 0 "
                "OR org_id = :org)"
                " AND (:has_action = 0 OR action = :action)"
                " AND (:has_tkind = 0 OR target_kind = :tkind)"
                " AND (:has_tid = 0 OR target_id = :tid) AND at >= :since"
                " AND (:has_before = 0 OR id < :before) ORDER BY id DESC LIMIT "
                ":limit",
         soci::into(id), soci::into(at), soci::into(row_actor, actor_ind),
         soci::into(row.actor_kind), soci::into(row.action),
         soci::into(row.target_kind), soci::into(row_tid),
         soci::into(row_org, org_ind), soci::into(row.ip),
         soci::into(row.detail_json), soci::use(has_actor), soci::use(actor),
         soci::use(has_org), soci::use(org), soci::use(has_action),
         soci::use(q.action), soci::use(has_tkind), soci::use(q.target_kind),
         soci::use(has_tid), soci::use(tid), soci::use(since),
         soci::use(has_before), soci::use(before), soci::use(limit));
    st.execute();
    while (st.fetch()) {
      row.id = id;
      row.at = at;
      row.actor_user_id = actor_ind == soci::i_ok
                              ? std::optional<int64_t>(row_actor)
                              : std::nullopt;
      row.target_id = row_tid;
      row.org_id = org_ind == soci::i_ok ? std::optional<int64_t>(row_org)
                                         : std::nullopt;
      out.push_back(row);
    }
  } catch (const std::exception& e) {
    return StatusFromException(e);
  }
  return out;
}

}  // namespace byteback::store
