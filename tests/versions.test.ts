// Data versions and their comparison on the shared demo data (read-only): the list carries each
// version's tile state; the comparison of two demo months is recomputed here from the raw monthly
// rows in plain code, and must agree with the API's SQL.
import { afterAll, describe, expect, it } from 'vitest';
import { api, testDb } from './support/db.ts';

const sql = testDb();
afterAll(() => sql.end());

describe('GET /api/data-versions/compare', () => {
  it('finds the new starts, completions and stalled projects between two demo months', async () => {
    const versions = (await api('/api/data-versions')).body.items as { id: number; month: string; isDemo: boolean; tiles: string }[];
    expect(versions.length).toBeGreaterThanOrEqual(12);
    const byMonth = (m: string) => versions.find((v) => v.month === m)!;
    const [from, to] = [byMonth('2026-06'), byMonth('2026-11')];
    const { body, status } = await api(`/api/data-versions/compare?from=${from.id}&to=${to.id}`);
    expect(status).toBe(200);

    const rows = await sql<{ project_id: number; month: string; stage: string; inv: number; v: number }[]>`
      SELECT project_id::int, to_char(month, 'YYYY-MM') AS month, stage, investment_month::float8 AS inv, data_version_id::int AS v FROM project_months`;
    const asOf = (month: string, version: number) => {
      const best = new Map<number, (typeof rows)[number]>();
      for (const r of rows) {
        if (r.month > month || r.v > version) continue;
        const b = best.get(r.project_id);
        if (!b || r.month > b.month || (r.month === b.month && r.v > b.v)) best.set(r.project_id, r);
      }
      return best;
    };
    const [a, b] = [asOf('2026-06', from.id), asOf('2026-11', to.id)];
    const expected: Record<string, number[]> = { new_start: [], completion: [], stalled: [] };
    for (const [id, r] of b) {
      const was = a.get(id)?.stage ?? 'reserve';
      if (was === 'reserve' && r.stage !== 'reserve') expected.new_start!.push(id);
      else if (!['completed', 'operating'].includes(was) && ['completed', 'operating'].includes(r.stage)) expected.completion!.push(id);
      else if (['new_start', 'continuing'].includes(r.stage) && r.inv === 0) expected.stalled!.push(id);
    }
    const got = (k: string) => body.items.filter((i: any) => i.change === k).map((i: any) => i.id).sort((x: number, y: number) => x - y);
    for (const k of Object.keys(expected)) expect(got(k), k).toEqual(expected[k]!.sort((x, y) => x - y));
    expect(body.counts.newStart + body.counts.completion).toBeGreaterThan(0);
    expect((await api(`/api/data-versions/compare?from=${from.id}&to=999999`)).status).toBe(404);
  });
});
