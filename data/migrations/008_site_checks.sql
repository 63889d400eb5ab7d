-- Site-selection checks: what was checked (the sites in EPSG:4490, how they came in), by whom,
-- against which data version, and the answer as it was given, so that a link reopens the same report
-- after the data has moved on.
CREATE TABLE site_checks (
  id               bigserial PRIMARY KEY,
  created_by       bigint REFERENCES users (id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  data_version_id  bigint REFERENCES data_versions (id),
  title            text,
  input            jsonb NOT NULL,
  result           jsonb NOT NULL,
  sites            geometry(GeometryCollection, 4490) NOT NULL
);
CREATE INDEX site_checks_created_idx ON site_checks (created_at);
CREATE INDEX site_checks_sites_gix ON site_checks USING gist (sites);
