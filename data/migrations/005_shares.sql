-- Share links: read-only grants to one view of the map (or, later, one presentation) for people
-- without an account. Like sessions, only the SHA-256 of the link's token is stored. A link ends at
-- its expiry or when revoked; revoked links stay as a record of what was shared, with whom and when.

CREATE TABLE shares (
  id              bigserial PRIMARY KEY,
  token_sha256    bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  created_by      bigint NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  revoked_by      bigint REFERENCES users (id),
  password_hash   text CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
  -- {"kind": "view", "path": "/?stage=new_start"} or {"kind": "story", "storyId": 1}
  target          jsonb NOT NULL CHECK (target ? 'kind'),
  -- Which internal fields the link shows: public (none), investor (+ land prices), internal (+ leaders, problems).
  field_profile   text NOT NULL CHECK (field_profile IN ('public', 'investor', 'internal')),
  -- The link sees this region and what lies inside it only; NULL: the whole deployment.
  region_scope    char(6) REFERENCES regions (code),
  opened_count    integer NOT NULL DEFAULT 0 CHECK (opened_count >= 0),
  last_opened_at  timestamptz,
  CHECK (expires_at > created_at),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX shares_created_by_idx ON shares (created_by, created_at);
