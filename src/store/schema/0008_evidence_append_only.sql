-- 0008_evidence_append_only: an evidence entry, once written, is never
-- changed: the database refuses UPDATE on incident_evidence, as it does on
-- audit_log (the hash chain would also show a change, but the store should
-- not allow one). Entries are deleted only with their whole incident, when
-- the journalist it is about deletes it (audited), so DELETE stays allowed.
-- Owned by the incidents module.

-- @backend sqlite3
CREATE TRIGGER incident_evidence_no_update BEFORE UPDATE ON incident_evidence
BEGIN
  SELECT RAISE(ABORT, 'incident_evidence is append-only');
END;

-- @backend postgresql
CREATE FUNCTION incident_evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'incident_evidence is append-only';
END;
$$;
CREATE TRIGGER incident_evidence_no_update BEFORE UPDATE ON incident_evidence
  FOR EACH ROW EXECUTE FUNCTION incident_evidence_append_only();
