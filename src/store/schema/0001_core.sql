-- 0001_core: migration bookkeeping and the append-only audit log.
-- Owned by the store module (src/store). Format and placeholders:
-- docs/FORMATS-store.md#migrations. Times are BIGINT unix seconds.

CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
);

-- Security-relevant events. Append-only: the store has no API to change or
-- remove rows, and the triggers below abort any UPDATE or DELETE.
-- actor_user_id/org_id carry no foreign key: the log must outlive its subjects.
CREATE TABLE audit_log (
  id {{ID}},
  at BIGINT NOT NULL,
  actor_user_id BIGINT NULL,
  actor_kind TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  target_kind TEXT NOT NULL DEFAULT '',
  target_id BIGINT NOT NULL DEFAULT 0,
  org_id BIGINT NULL,
  ip TEXT NOT NULL DEFAULT '',
  detail_json TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at_idx ON audit_log(at);
CREATE INDEX audit_log_actor_idx ON audit_log(actor_user_id, id);
CREATE INDEX audit_log_org_idx ON audit_log(org_id, id);
CREATE INDEX audit_log_target_idx ON audit_log(target_kind, target_id, id);

-- @backend sqlite3
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- @backend postgresql
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- @backend all
