-- 0004_community_lexicon: terms proposed by focal persons and the numbered
-- versions of the approved set. Owned by the shield module (src/shield).
-- Not victim data: stored in clear. lexicon_versions.version is assigned by
-- the writer as MAX+1 inside its transaction; the primary key makes two
-- concurrent decisions conflict instead of losing one.

CREATE TABLE lexicon_terms (
  id {{ID}},
  term TEXT NOT NULL,
  lang TEXT NOT NULL,
  categories TEXT NOT NULL DEFAULT '',
  severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
  notes TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'retired')),
  proposed_by BIGINT NOT NULL REFERENCES users(id),
  proposed_at BIGINT NOT NULL,
  decided_by BIGINT NULL REFERENCES users(id),
  decided_at BIGINT NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lexicon_terms_status_idx ON lexicon_terms(status, id);

CREATE TABLE lexicon_versions (
  version BIGINT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  action TEXT NOT NULL CHECK (action IN ('approve', 'retire', 'rollback')),
  term_id BIGINT NOT NULL DEFAULT 0,
  rolled_back_to BIGINT NOT NULL DEFAULT 0,
  active_ids TEXT NOT NULL
);
