-- 0003_incidents: incidents and the abusive messages filed in them.
-- Owned by the incidents module (src/incidents). Sealed columns as in
-- 0002_accounts.sql (aad "<table>.<column>.<row id>"); category, severity,
-- status, platform and times stay in clear so lists can be filtered in SQL.

CREATE TABLE incidents (
  id {{ID}},
  owner_user_id BIGINT NOT NULL REFERENCES users(id),
  org_id BIGINT NULL REFERENCES organisations(id),
  country TEXT NOT NULL DEFAULT '',
  title_sealed TEXT NOT NULL,
  description_sealed TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status TEXT NOT NULL CHECK (status IN ('open', 'reported', 'responded', 'closed')),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX incidents_owner_idx ON incidents(owner_user_id);
CREATE INDEX incidents_org_idx ON incidents(org_id);
CREATE INDEX incidents_country_idx ON incidents(country);

CREATE TABLE incident_messages (
  id {{ID}},
  incident_id BIGINT NOT NULL REFERENCES incidents(id),
  text_sealed TEXT NOT NULL,
  author_handle_sealed TEXT NOT NULL,
  platform TEXT NOT NULL DEFAULT '',
  url_sealed TEXT NOT NULL,
  sent_at BIGINT NOT NULL DEFAULT 0,
  added_by BIGINT NOT NULL REFERENCES users(id),
  added_at BIGINT NOT NULL
);
CREATE INDEX incident_messages_incident_idx ON incident_messages(incident_id, id);
