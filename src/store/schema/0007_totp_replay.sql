-- 0007_totp_replay: the last 30-second TOTP step accepted for each account
-- (RFC 6238 section 5.2). A code is accepted only for a later step, so a code
-- seen over a shoulder or in a log cannot be used a second time. Owned by the
-- accounts module. 0: none yet.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
