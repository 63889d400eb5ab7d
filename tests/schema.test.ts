// The schema on the real database: constraints match the glossary, geometry is SRID 4490 with GiST
// indexes, every record carries its data version, bad rows are refused, migrations re-run safely.
import { afterAll, describe, expect, it } from 'vitest';
import { checkedVocabularies } from '@guatu/data/glossary.ts';
import { migrate, readMigrations } from '@guatu/api/db/migrate.ts';
import { testDb } from './support/db.ts';

const sql = testDb();
afterAll(() => sql.end());

const domainTables = ['regions', 'projects', 'project_months', 'procedures', 'problems', 'land_parcels', 'quota_ledgers', 'quota_draws', 'energy_stations', 'transport_lines', 'constraint_zones'];

describe('schema', () => {
  it('enforces exactly the glossary values in CHECK constraints', async () => {
    for (const [key, vocabulary] of Object.entries(checkedVocabularies)) {
      const [table, column] = key.split('.') as [string, string];
      const rows = await sql<{ def: string }[]>`
        SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid
        WHERE t.relname = ${table} AND c.contype = 'c' AND pg_get_constraintdef(c.oid) ~ ${`\\m${column}\\M.*ANY`}`;
      // The column's own enumeration check, not another check that mentions some of its values
      // (problems: "resolved or closed exactly when resolved_on is set"); catalogue order is arbitrary.
      const def = rows.map((r) => r.def).find((d) => new RegExp(`^CHECK \\(\\(${column} = ANY \\(ARRAY\\[[^\\]]*\\]\\)\\)\\)$`).test(d));
      expect(def, key).toBeDefined();
      const values = [...def!.matchAll(/'([a-z_0-9]+)'::text/g)].map((m) => m[1]);
      expect(new Set(values), key).toEqual(new Set(Object.keys(vocabulary)));
    }
  });

  it('stores every geometry in SRID 4490 with a GiST index', async () => {
    const columns = await sql<{ table: string; column: string; srid: number }[]>`
      SELECT f_table_name AS table, f_geometry_column AS column, srid FROM geometry_columns WHERE f_table_schema = 'public'`;
    expect(columns.length).toBeGreaterThanOrEqual(9);
    for (const c of columns) {
      expect(c.srid, `${c.table}.${c.column}`).toBe(4490);
      const [index] = await sql`
        SELECT 1 FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
        JOIN pg_am am ON am.oid = x.relam JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
        WHERE t.relname = ${c.table} AND a.attname = ${c.column} AND am.amname = 'gist'`;
      expect(index, `GiST index on ${c.table}.${c.column}`).toBeDefined();
    }
  });

  it('links every domain row to the data version it came from', async () => {
    for (const table of domainTables) {
      const [col] = await sql`
        SELECT is_nullable FROM information_schema.columns WHERE table_name = ${table} AND column_name = 'data_version_id'`;
      expect(col?.is_nullable, table).toBe('NO');
    }
  });

  it('refuses negative amounts, unknown enumerations, reversed dates and wrong SRIDs', async () => {
    const [p] = await sql`SELECT id, code FROM projects ORDER BY id LIMIT 1`;
    const attempts: [string, () => Promise<unknown>][] = [
      ['negative investment', () => sql`UPDATE projects SET total_investment = -1 WHERE id = ${p!.id}`],
      ['unknown stage', () => sql`UPDATE projects SET stage = 'started' WHERE id = ${p!.id}`],
      ['unknown tag', () => sql`UPDATE projects SET tags = ARRAY['vip'] WHERE id = ${p!.id}`],
      ['finish before start', () => sql`UPDATE projects SET planned_start = '2026-05-01', planned_finish = '2026-01-01' WHERE id = ${p!.id}`],
      ['connected above capacity', () => sql`UPDATE energy_stations SET connected_kw = capacity_kw + 1 WHERE id = (SELECT min(id) FROM energy_stations)`],
      ['SRID 4326 geometry', () => sql`UPDATE projects SET location = ST_SetSRID(ST_MakePoint(112, 38), 4326) WHERE id = ${p!.id}`],
      ['bad region code', () => sql`INSERT INTO regions (code, name, level, parent_code, data_version_id) VALUES ('14090X', 'x', 'county', '140900', 1)`],
      ['duplicate project code', () => sql`INSERT INTO projects (code, name, level, stage, category, region_code, total_investment, plan_year, location, data_version_id)
        VALUES (${p!.code}, 'dup', 'general', 'reserve', 'industry', '140921', 1, 2026, ST_SetSRID(ST_MakePoint(112.9, 38.4), 4490), 1)`],
    ];
    for (const [what, attempt] of attempts) await expect(attempt(), what).rejects.toThrow();
  });

  it('re-runs migrations as a no-op and refuses an edited one', async () => {
    expect(await migrate(sql)).toEqual([]);
    const [first] = readMigrations();
    await expect(migrate(sql, [{ ...first!, checksum: 'edited' }])).rejects.toThrow(/changed after it was applied/);
    const [row] = await sql`SELECT count(*)::int AS n FROM schema_migrations`;
    expect(row!.n).toBe(readMigrations().length);
  });
});
