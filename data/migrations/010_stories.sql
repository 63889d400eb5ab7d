-- Map stories for investment promotion (招商推介): a title, a cover and an ordered list of scenes (see
-- data/src/stories.ts), saved as JSON with every saved version kept, so an edit can be undone and a
-- shared link shows what was meant. A story is pinned to a data version (its figures frozen then,
-- its map the tiles of that version) or follows the latest one.
CREATE TABLE stories (
  id                 bigserial PRIMARY KEY,
  title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  template           text NOT NULL CHECK (template IN ('overview', 'standard_land', 'industry_chain', 'flagship', 'blank')),
  region_code        char(6) REFERENCES regions (code),
  content            jsonb NOT NULL,
  pinned_version_id  bigint REFERENCES data_versions (id),
  -- The figures of every scene as computed for the pinned version (NULL when the story follows the latest data).
  pinned_figures     jsonb,
  version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_by         bigint NOT NULL REFERENCES users (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         bigint REFERENCES users (id),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  deleted_at         timestamptz
);
CREATE INDEX stories_updated_idx ON stories (updated_at DESC) WHERE deleted_at IS NULL;

CREATE TABLE story_versions (
  story_id   bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  version    integer NOT NULL,
  title      text NOT NULL,
  content    jsonb NOT NULL,
  saved_by   bigint REFERENCES users (id),
  saved_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (story_id, version)
);
