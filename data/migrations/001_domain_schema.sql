-- The domain schema of DESIGN.md. Geometry is CGCS2000 lon/lat (SRID 4490). Enumerations are CHECK
-- constraints whose values are the codes of data/src/glossary.ts (a test compares them). Every
-- record carries the data version that wrote it, so any figure can be traced to its import.

CREATE EXTENSION IF NOT EXISTS postgis;

-- An upload (spreadsheet or GIS file) on its way in; its rows are validated before a commit.
CREATE TABLE imports (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('demo', 'monthly', 'parcels', 'stations', 'lines', 'constraints', 'regions')),
  filename      text,
  status        text NOT NULL DEFAULT 'preview' CHECK (status IN ('preview', 'committed', 'failed', 'discarded')),
  source_crs    text,
  summary       jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  committed_at  timestamptz
);

-- One snapshot of the region's data: a month (and a revision when a month is imported again).
CREATE TABLE data_versions (
  id            bigserial PRIMARY KEY,
  month         date NOT NULL CHECK (extract(day FROM month) = 1),
  revision      integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  kind          text NOT NULL CHECK (kind IN ('demo', 'monthly', 'gis', 'manual')),
  label         text NOT NULL,
  import_id     bigint REFERENCES imports (id),
  is_demo       boolean NOT NULL DEFAULT false,
  committed_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (month, revision, kind)
);

CREATE TABLE regions (
  code             char(6) PRIMARY KEY CHECK (code ~ '^[1-9][0-9]{5}$'),
  name             text NOT NULL CHECK (length(name) > 0),
  level            text NOT NULL CHECK (level IN ('province', 'city', 'county')),
  parent_code      char(6) REFERENCES regions (code),
  boundary         geometry(MultiPolygon, 4490),
  label_point      geometry(Point, 4490),
  source           text,
  data_version_id  bigint NOT NULL REFERENCES data_versions (id),
  CHECK ((level = 'province') = (parent_code IS NULL))
);
CREATE INDEX regions_parent_idx ON regions (parent_code);
CREATE INDEX regions_boundary_gix ON regions USING gist (boundary);
CREATE INDEX regions_label_point_gix ON regions USING gist (label_point);

-- All region codes at or below a region (a city includes its counties).
CREATE FUNCTION region_subtree(root char(6)) RETURNS TABLE (code char(6))
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE t(code) AS (
    SELECT r.code FROM regions r WHERE r.code = root
    UNION ALL
    SELECT r.code FROM regions r JOIN t ON r.parent_code = t.code
  )
  SELECT t.code FROM t
$$;

CREATE TABLE projects (
  id                  bigserial PRIMARY KEY,
  code                text NOT NULL UNIQUE CHECK (length(code) BETWEEN 4 AND 40),
  name                text NOT NULL CHECK (length(name) > 0),
  level               text NOT NULL CHECK (level IN ('province_key', 'city_key', 'county_key', 'general')),
  stage               text NOT NULL CHECK (stage IN ('reserve', 'new_start', 'continuing', 'completed', 'operating')),
  category            text NOT NULL CHECK (category IN ('industry', 'energy', 'transport', 'urban', 'water', 'agriculture', 'social', 'services', 'tourism')),
  tags                text[] NOT NULL DEFAULT '{}'
                      CHECK (tags <@ ARRAY['six_new', 'two_new_one_heavy', 'investment_promotion', 'special_bond']::text[]),
  industry_chain      text,
  region_code         char(6) NOT NULL REFERENCES regions (code),
  owner               text,
  responsible_leader  text,
  total_investment    numeric(14, 2) NOT NULL CHECK (total_investment >= 0),
  annual_plan         numeric(14, 2) NOT NULL DEFAULT 0 CHECK (annual_plan >= 0),
  plan_year           integer NOT NULL CHECK (plan_year BETWEEN 2000 AND 2100),
  planned_start       date,
  planned_finish      date,
  actual_start        date,
  actual_finish       date,
  description         text,
  -- The site as drawn (point, polygon or line) and one representative point for lists and markers.
  geom                geometry(Geometry, 4490),
  location            geometry(Point, 4490) NOT NULL,
  need_land_mu        numeric(12, 2) NOT NULL DEFAULT 0 CHECK (need_land_mu >= 0),
  need_energy_tce     numeric(14, 2) NOT NULL DEFAULT 0 CHECK (need_energy_tce >= 0),
  need_water_10k_m3   numeric(12, 2) NOT NULL DEFAULT 0 CHECK (need_water_10k_m3 >= 0),
  need_emission_t     numeric(12, 2) NOT NULL DEFAULT 0 CHECK (need_emission_t >= 0),
  funding_gap         numeric(14, 2) NOT NULL DEFAULT 0 CHECK (funding_gap >= 0),
  is_demo             boolean NOT NULL DEFAULT false,
  data_version_id     bigint NOT NULL REFERENCES data_versions (id),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (planned_finish IS NULL OR planned_start IS NULL OR planned_finish >= planned_start),
  CHECK (actual_finish IS NULL OR actual_start IS NULL OR actual_finish >= actual_start)
);
CREATE INDEX projects_region_idx ON projects (region_code);
CREATE INDEX projects_stage_idx ON projects (stage);
CREATE INDEX projects_location_gix ON projects USING gist (location);
CREATE INDEX projects_geom_gix ON projects USING gist (geom);

-- Per project per month (a data version per month; a re-import of a month is a new version).
CREATE TABLE project_months (
  project_id        bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  month             date NOT NULL CHECK (extract(day FROM month) = 1),
  investment_month  numeric(14, 2) NOT NULL CHECK (investment_month >= 0),
  investment_ytd    numeric(14, 2) NOT NULL CHECK (investment_ytd >= 0),
  stage             text NOT NULL CHECK (stage IN ('reserve', 'new_start', 'continuing', 'completed', 'operating')),
  progress          text,
  note              text,
  data_version_id   bigint NOT NULL REFERENCES data_versions (id),
  PRIMARY KEY (project_id, month, data_version_id)
);
CREATE INDEX project_months_month_idx ON project_months (month);

CREATE TABLE procedures (
  id               bigserial PRIMARY KEY,
  project_id       bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  kind             text NOT NULL CHECK (kind IN ('approval', 'planning_site', 'land_pre_review', 'eia', 'energy_review', 'land_use_permit', 'construction_permit')),
  status           text NOT NULL CHECK (status IN ('pending', 'in_progress', 'done', 'not_required')),
  done_on          date,
  document_no      text,
  data_version_id  bigint NOT NULL REFERENCES data_versions (id),
  UNIQUE (project_id, kind),
  CHECK (status <> 'done' OR done_on IS NOT NULL)
);

CREATE TABLE problems (
  id                bigserial PRIMARY KEY,
  project_id        bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  category          text NOT NULL CHECK (category IN ('funds', 'land', 'planning', 'environment', 'demolition', 'approval', 'energy', 'other')),
  description       text NOT NULL CHECK (length(description) > 0),
  solve_level       text NOT NULL CHECK (solve_level IN ('county', 'city', 'province')),
  responsible_unit  text NOT NULL,
  reported_on       date NOT NULL,
  deadline          date,
  status            text NOT NULL CHECK (status IN ('open', 'assigned', 'resolved', 'closed')),
  resolved_on       date,
  feedback          text,
  data_version_id   bigint NOT NULL REFERENCES data_versions (id),
  CHECK (deadline IS NULL OR deadline >= reported_on),
  CHECK ((status IN ('resolved', 'closed')) = (resolved_on IS NOT NULL))
);
CREATE INDEX problems_project_idx ON problems (project_id);

CREATE TABLE land_parcels (
  id                 bigserial PRIMARY KEY,
  code               text NOT NULL UNIQUE,
  name               text,
  kind               text NOT NULL CHECK (kind IN ('new_quota', 'standard_land', 'stock_land')),
  land_use           text NOT NULL CHECK (land_use IN ('industrial', 'logistics', 'commercial', 'public', 'infrastructure', 'energy')),
  status             text NOT NULL CHECK (status IN ('available', 'reserved', 'allocated', 'supplied')),
  region_code        char(6) NOT NULL REFERENCES regions (code),
  project_id         bigint REFERENCES projects (id) ON DELETE SET NULL,
  area_m2            numeric(14, 2) NOT NULL CHECK (area_m2 > 0),
  services           text,
  price_wan_per_mu   numeric(10, 2) CHECK (price_wan_per_mu >= 0),
  plot_ratio_min     numeric(4, 2) CHECK (plot_ratio_min >= 0),
  geom               geometry(MultiPolygon, 4490) NOT NULL,
  is_demo            boolean NOT NULL DEFAULT false,
  data_version_id    bigint NOT NULL REFERENCES data_versions (id)
);
CREATE INDEX land_parcels_region_idx ON land_parcels (region_code);
CREATE INDEX land_parcels_project_idx ON land_parcels (project_id);
CREATE INDEX land_parcels_geom_gix ON land_parcels USING gist (geom);

-- Region × year × factor: granted, allocated, advanced (borrowed from later years) and what is left.
CREATE TABLE quota_ledgers (
  region_code      char(6) NOT NULL REFERENCES regions (code),
  year             integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  factor           text NOT NULL CHECK (factor IN ('land', 'energy', 'emission', 'water', 'funds')),
  unit             text NOT NULL,
  granted          numeric(14, 2) NOT NULL CHECK (granted >= 0),
  allocated        numeric(14, 2) NOT NULL DEFAULT 0 CHECK (allocated >= 0),
  advanced         numeric(14, 2) NOT NULL DEFAULT 0 CHECK (advanced >= 0),
  remaining        numeric(14, 2) GENERATED ALWAYS AS (granted + advanced - allocated) STORED,
  data_version_id  bigint NOT NULL REFERENCES data_versions (id),
  PRIMARY KEY (region_code, year, factor)
);

-- Which projects draw on a ledger, and how much.
CREATE TABLE quota_draws (
  region_code      char(6) NOT NULL,
  year             integer NOT NULL,
  factor           text NOT NULL,
  project_id       bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  amount           numeric(14, 2) NOT NULL CHECK (amount > 0),
  data_version_id  bigint NOT NULL REFERENCES data_versions (id),
  PRIMARY KEY (region_code, year, factor, project_id),
  FOREIGN KEY (region_code, year, factor) REFERENCES quota_ledgers (region_code, year, factor) ON DELETE CASCADE
);

CREATE TABLE energy_stations (
  id               bigserial PRIMARY KEY,
  code             text NOT NULL UNIQUE,
  name             text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('village_pv', 'centralised_pv', 'distributed_pv', 'wind', 'storage', 'pumped_hydro')),
  capacity_kw      numeric(12, 2) NOT NULL CHECK (capacity_kw > 0),
  connected_kw     numeric(12, 2) NOT NULL DEFAULT 0 CHECK (connected_kw >= 0),
  grid_status      text NOT NULL CHECK (grid_status IN ('planned', 'building', 'partly_connected', 'fully_connected')),
  connected_on     date,
  substation       text,
  region_code      char(6) NOT NULL REFERENCES regions (code),
  project_id       bigint REFERENCES projects (id) ON DELETE SET NULL,
  geom             geometry(Point, 4490) NOT NULL,
  site             geometry(MultiPolygon, 4490),
  is_demo          boolean NOT NULL DEFAULT false,
  data_version_id  bigint NOT NULL REFERENCES data_versions (id),
  CHECK (connected_kw <= capacity_kw),
  CHECK ((grid_status = 'fully_connected') = (connected_kw = capacity_kw)),
  CHECK (grid_status NOT IN ('planned', 'building') OR connected_kw = 0)
);
CREATE INDEX energy_stations_region_idx ON energy_stations (region_code);
CREATE INDEX energy_stations_geom_gix ON energy_stations USING gist (geom);
CREATE INDEX energy_stations_site_gix ON energy_stations USING gist (site);

CREATE TABLE transport_lines (
  id               bigserial PRIMARY KEY,
  code             text NOT NULL UNIQUE,
  name             text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('high_speed_rail', 'railway', 'rail_spur', 'expressway', 'national_road', 'provincial_road', 'tourism_road')),
  status           text NOT NULL CHECK (status IN ('existing', 'building', 'planned')),
  region_code      char(6) REFERENCES regions (code),
  project_id       bigint REFERENCES projects (id) ON DELETE SET NULL,
  geom             geometry(MultiLineString, 4490) NOT NULL,
  is_demo          boolean NOT NULL DEFAULT false,
  data_version_id  bigint NOT NULL REFERENCES data_versions (id)
);
CREATE INDEX transport_lines_geom_gix ON transport_lines USING gist (geom);

CREATE TABLE constraint_zones (
  id               bigserial PRIMARY KEY,
  code             text NOT NULL UNIQUE,
  name             text,
  kind             text NOT NULL CHECK (kind IN ('basic_farmland', 'ecological_redline', 'urban_boundary', 'water_source', 'other')),
  region_code      char(6) REFERENCES regions (code),
  geom             geometry(MultiPolygon, 4490) NOT NULL,
  is_demo          boolean NOT NULL DEFAULT false,
  data_version_id  bigint NOT NULL REFERENCES data_versions (id)
);
CREATE INDEX constraint_zones_kind_idx ON constraint_zones (kind);
CREATE INDEX constraint_zones_geom_gix ON constraint_zones USING gist (geom);
