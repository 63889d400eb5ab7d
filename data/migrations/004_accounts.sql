-- Accounts, sessions and the audit trail (access control). Passwords are argon2id hashes; a session
-- is stored by the SHA-256 of its token only, so a database dump opens no session. The audit trail is
-- append-only: the application role may insert, and a trigger refuses every UPDATE and DELETE.

CREATE TABLE users (
  id                    bigserial PRIMARY KEY,
  username              text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{2,31}$'),
  display_name          text,
  password_hash         text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  role                  text NOT NULL CHECK (role IN ('admin', 'editor', 'planner', 'viewer')),
  -- A city or county the user works for; NULL: the whole deployment.
  region_scope          char(6) REFERENCES regions (code),
  must_change_password  boolean NOT NULL DEFAULT false,
  disabled              boolean NOT NULL DEFAULT false,
  failed_logins         integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until          timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  password_changed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_sha256  bytea PRIMARY KEY CHECK (length(token_sha256) = 32),
  user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  address       text,
  user_agent    text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE audit_log (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  -- Users are disabled, never deleted, while they have audit rows (the reference refuses it).
  user_id   bigint REFERENCES users (id),
  username  text,
  address   text,
  action    text NOT NULL CHECK (length(action) > 0),
  object    text,
  outcome   text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  detail    jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
