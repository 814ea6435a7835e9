-- 0006_incident_evidence: the tamper-evident evidence log of each incident
-- (docs/EVIDENCE.md): one row per chain entry, its fields exactly as hashed,
-- and the original bytes sealed in a table of their own. Owned by the
-- incidents module. UNIQUE (incident_id, seq) makes two concurrent appends
-- to one chain conflict instead of forking it.

CREATE TABLE incident_evidence (
  id {{ID}},
  incident_id BIGINT NOT NULL REFERENCES incidents(id),
  seq BIGINT NOT NULL,
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  captured_at TEXT NOT NULL,
  captured_by TEXT NOT NULL,
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  message_id BIGINT NULL,
  UNIQUE (incident_id, seq)
);

CREATE TABLE incident_evidence_blobs (
  evidence_id BIGINT PRIMARY KEY REFERENCES incident_evidence(id),
  content_sealed TEXT NOT NULL
);
