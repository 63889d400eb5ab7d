-- One row per attempt to build a layer's vector tiles for a data version. A version is served
-- once every layer has a published build; a failed build leaves the previous version served.
CREATE TABLE tile_builds (
  id               bigserial PRIMARY KEY,
  data_version_id  bigint NOT NULL REFERENCES data_versions (id),
  layer            text NOT NULL CHECK (layer IN ('regions', 'projects', 'land_parcels', 'energy_stations', 'transport_lines', 'constraint_zones')),
  status           text NOT NULL CHECK (status IN ('building', 'published', 'failed')),
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  duration_ms      integer CHECK (duration_ms >= 0),
  features         integer CHECK (features >= 0),
  tile_count       integer CHECK (tile_count >= 0),
  bytes            bigint CHECK (bytes >= 0),
  error            text
);
CREATE INDEX tile_builds_version_idx ON tile_builds (data_version_id, layer);
-- At most one published build per version and layer: published files are never overwritten.
CREATE UNIQUE INDEX tile_builds_published_idx ON tile_builds (data_version_id, layer) WHERE status = 'published';
