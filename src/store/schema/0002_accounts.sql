-- 0002_accounts: organisations, users, sessions, invitations, API keys,
-- the one-time setup token and the per-IP login throttle.
-- Owned by the accounts module (src/accounts). Portable between SQLite and
-- PostgreSQL: times are BIGINT unix seconds, booleans INTEGER 0/1, and every
-- *_sealed column holds a Keyring::Seal() text "bb1.<key>.<base64url>" whose
-- associated data is "<table>.<column>.<row id>". *_hash columns hold
-- SHA-256 hex of a high-entropy token; *_index columns a Keyring::BlindIndex.

CREATE TABLE organisations (
  id {{ID}},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('federation', 'union', 'association')),
  parent_id BIGINT NULL REFERENCES organisations(id),
  country TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX organisations_parent_idx ON organisations(parent_id);
CREATE INDEX organisations_country_idx ON organisations(country);

CREATE TABLE users (
  id {{ID}},
  email_index TEXT NOT NULL UNIQUE,
  email_sealed TEXT NOT NULL,
  display_name_sealed TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'focal_person', 'member', 'journalist')),
  org_id BIGINT NULL REFERENCES organisations(id),
  country TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  totp_sealed TEXT NULL,
  totp_pending_sealed TEXT NULL,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX users_org_idx ON users(org_id);
CREATE INDEX users_role_idx ON users(role);

CREATE TABLE sessions (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  csrf_sealed TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions(user_id);

CREATE TABLE invitations (
  id {{ID}},
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  org_id BIGINT NULL REFERENCES organisations(id),
  country TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT NULL,
  used_by BIGINT NULL REFERENCES users(id)
);

CREATE TABLE api_keys (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT NULL,
  last_used_at BIGINT NULL
);
CREATE INDEX api_keys_user_idx ON api_keys(user_id);

CREATE TABLE setup_tokens (
  id {{ID}},
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT NULL
);

CREATE TABLE login_failures (
  id {{ID}},
  ip_index TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_ip_idx ON login_failures(ip_index, at);
