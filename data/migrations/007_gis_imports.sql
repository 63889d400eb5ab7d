-- GIS imports. A preview keeps its features here, already in EPSG:4490 (transformed, repaired and
-- measured by PostGIS), so that a commit copies them without reading the file again and a
-- 50,000-parcel file never travels through the API as JSON twice. Rows go when the import is
-- committed or its preview discarded.
CREATE TABLE import_features (
  import_id      bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  feature        integer NOT NULL CHECK (feature >= 1),
  code           text,
  fields         jsonb NOT NULL DEFAULT '{}'::jsonb,
  geom           geometry(Geometry, 4490),
  area_m2        double precision,
  plane_area_m2  double precision,
  stated_area    double precision,
  repaired       text,
  region_code    char(6),
  PRIMARY KEY (import_id, feature)
);
-- A preview's map and extent read one import's features; the index keeps the schema's rule (every geometry indexed).
CREATE INDEX import_features_geom_gix ON import_features USING gist (geom);

-- The options an upload was read with (crs, encoding, mode, constraintKind, mapping), shown again
-- with the preview and used by the commit.
ALTER TABLE imports ADD COLUMN options jsonb NOT NULL DEFAULT '{}'::jsonb;

-- The field mapping last committed for each kind: the next file with the same attributes maps itself.
CREATE TABLE import_mappings (
  kind        text PRIMARY KEY CHECK (kind IN ('parcels', 'stations', 'lines', 'constraints', 'regions')),
  mapping     jsonb NOT NULL,
  updated_by  bigint REFERENCES users (id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
