-- 0005_incidents_case_file: what issue 5 adds to an incident. Owned by the
-- incidents module. New sealed columns as in 0003 (aad "<table>.<column>.<row id>").

-- Who may see it: 'network' (the owner, her reviewers, and the focal
-- persons, coordinators and admins the access rule allows) or 'private'
-- (the owner and her reviewers only). A pseudonym replaces her name in
-- what others see and in reports.
ALTER TABLE incidents ADD COLUMN visibility TEXT NOT NULL DEFAULT 'network';
ALTER TABLE incidents ADD COLUMN pseudonym TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN platforms TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN target_kind TEXT NOT NULL DEFAULT 'self';
ALTER TABLE incidents ADD COLUMN target_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN occurred_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN outcome_sealed TEXT NOT NULL DEFAULT '';

-- The Shield's verdict on each message, kept in clear so lists can sort
-- and blur by severity without opening the text.
ALTER TABLE incident_messages ADD COLUMN lang TEXT NOT NULL DEFAULT '';
ALTER TABLE incident_messages ADD COLUMN scores TEXT NOT NULL DEFAULT '';
ALTER TABLE incident_messages ADD COLUMN labels TEXT NOT NULL DEFAULT '';
ALTER TABLE incident_messages ADD COLUMN max_severity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incident_messages ADD COLUMN source TEXT NOT NULL DEFAULT 'api';

-- People the owner hands review to; revoked_at set when she takes it back.
CREATE TABLE incident_reviewers (
  id {{ID}},
  incident_id BIGINT NOT NULL REFERENCES incidents(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  granted_by BIGINT NOT NULL REFERENCES users(id),
  granted_at BIGINT NOT NULL,
  revoked_at BIGINT NULL
);
CREATE INDEX incident_reviewers_incident_idx ON incident_reviewers(incident_id);
CREATE INDEX incident_reviewers_user_idx ON incident_reviewers(user_id);

-- Complaints filed with the police or a platform, and their follow-up.
CREATE TABLE incident_complaints (
  id {{ID}},
  incident_id BIGINT NOT NULL REFERENCES incidents(id),
  destination TEXT NOT NULL,
  filed_at BIGINT NOT NULL,
  reference_sealed TEXT NOT NULL,
  response_sealed TEXT NOT NULL,
  follow_up_at BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('filed', 'answered', 'closed')),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX incident_complaints_incident_idx ON incident_complaints(incident_id);
CREATE INDEX incident_complaints_follow_up_idx ON incident_complaints(status, follow_up_at);
