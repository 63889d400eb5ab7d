-- Imports keep their preview until committed or discarded: who uploaded, the month, the validated
-- rows (what a commit writes, so a commit never re-reads the file), the errors and warnings shown,
-- and the data version a commit created.

ALTER TABLE imports
  ADD COLUMN created_by       bigint REFERENCES users (id),
  ADD COLUMN month            date CHECK (month IS NULL OR extract(day FROM month) = 1),
  ADD COLUMN rows             jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN errors           jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN warnings         jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN error_count      integer NOT NULL DEFAULT 0 CHECK (error_count >= 0),
  ADD COLUMN data_version_id  bigint REFERENCES data_versions (id);
CREATE INDEX imports_created_idx ON imports (created_at);
