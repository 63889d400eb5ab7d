-- Incremental tile builds. Every statement that writes a tile source table bumps that table's
-- counter; a tile build records the counter it read, so the next data version's build can tell an
-- untouched layer (reuse the archive as it is) from a changed one (re-encode only the tiles whose
-- features changed, found through the feature index written beside each archive).
CREATE TABLE source_revisions (
  table_name  text PRIMARY KEY,
  revision    bigint NOT NULL DEFAULT 0
);

CREATE FUNCTION bump_source_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO source_revisions (table_name, revision) VALUES (TG_TABLE_NAME, 1)
  ON CONFLICT (table_name) DO UPDATE SET revision = source_revisions.revision + 1;
  RETURN NULL;
END
$$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['regions', 'projects', 'land_parcels', 'energy_stations', 'transport_lines', 'constraint_zones'] LOOP
    INSERT INTO source_revisions (table_name, revision) VALUES (t, 1);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_source_revision()', t || '_source_revision', t);
  END LOOP;
END
$$;

ALTER TABLE tile_builds
  ADD COLUMN source_revision bigint,
  -- full: every tile encoded; incremental: only the tiles of changed features, the rest copied from
  -- base_version's archive; reused: base_version's archive linked as it is.
  ADD COLUMN mode text CHECK (mode IN ('full', 'incremental', 'reused')),
  ADD COLUMN base_version bigint REFERENCES data_versions (id),
  ADD COLUMN changed_features integer CHECK (changed_features >= 0),
  ADD COLUMN encoded_tiles integer CHECK (encoded_tiles >= 0);
