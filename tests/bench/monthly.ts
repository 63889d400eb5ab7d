// `npm run bench:monthly [-- --rows 20000]`: a monthly dispatch file of `rows` projects (.xlsx, as
// the template) uploaded, validated and committed through the API of a real portal, on the embedded
// database or on the server in DATABASE_URL. Reports upload→preview and commit times, the portal's
// peak memory (RSS, sampled) over the import, and beside them two references measured in the same
// run: reading the same workbook with exceljs alone (the parse floor) and writing the same month's
// rows with one bare INSERT in a rolled-back transaction (the write floor).
// The demo data at a scale with at least `rows` projects is loaded once into .data-bench-monthly*/.
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { monthlyColumns } from '@guatu/data/imports/monthly-columns.ts';
import { projectStages } from '@guatu/data/glossary.ts';
import { saveResults, startBenchPortal, waitForServed } from './bench-portal.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '20000' }, 'skip-tiles': { type: 'boolean', default: false } } });
const rows = Number(values.rows);
const scale = Math.ceil(rows / 330) + 1;
const log = (line: string) => console.log(`[bench:monthly] ${line}`);

log(`starting the portal (demo scale ${scale}, the first run loads it) …`);
const bench = await startBenchPortal('monthly', scale);
const { portal, cookie, sql, rss } = bench;

try {
  const projects = await sql<{ code: string; stage: string }[]>`SELECT code, stage FROM projects ORDER BY id LIMIT ${rows}`;
  if (projects.length < rows) throw new Error(`only ${projects.length} projects at scale ${scale}`);
  const [{ month }] = (await sql<{ month: string }[]>`
    SELECT to_char(coalesce(max(month), '2026-11-01') + interval '1 month', 'YYYY-MM') AS month FROM data_versions`) as unknown as [{ month: string }];
  log(`writing a ${rows}-row workbook for ${month} …`);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('按月调度');
  sheet.addRow(monthlyColumns.map((c) => c.header));
  const key = (k: string) => monthlyColumns.findIndex((c) => c.key === k);
  projects.forEach((p, i) => {
    const row: (string | number)[] = new Array(monthlyColumns.length).fill('');
    row[key('code')] = p.code;
    row[key('month')] = month;
    row[key('investmentMonth')] = 100 + (i % 900);
    row[key('investmentYtd')] = 10_000 + i;
    row[key('stage')] = projectStages[(p.stage === 'reserve' ? 'new_start' : p.stage) as keyof typeof projectStages];
    row[key('progress')] = `第 ${i % 12 + 1} 标段施工`;
    sheet.addRow(row);
  });
  const bytes = new Uint8Array(await book.xlsx.writeBuffer());
  log(`workbook: ${(bytes.length / 1e6).toFixed(1)} MB`);

  // Reference 1: the parse floor.
  let t = performance.now();
  const ref = new ExcelJS.Workbook();
  await ref.xlsx.load(Buffer.from(bytes) as never);
  let cells = 0;
  ref.worksheets[0]!.eachRow(() => cells++);
  const parseFloorMs = performance.now() - t;

  // Reference 2: the write floor — the month's rows in one INSERT, rolled back.
  t = performance.now();
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO project_months (project_id, month, investment_month, investment_ytd, stage, progress, data_version_id)
      SELECT p.id, ${`${month}-01`}::date, 100, 10000, p.stage, 'x', (SELECT max(id) FROM data_versions)
      FROM (SELECT id, stage FROM projects ORDER BY id LIMIT ${rows}) p`;
    throw new Error('rollback');
  }).catch((e: Error) => {
    if (e.message !== 'rollback') throw e;
  });
  const writeFloorMs = performance.now() - t;

  const baseline = rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 25);
  const form = new FormData();
  form.set('kind', 'monthly');
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], `${month}.xlsx`));
  t = performance.now();
  const up = await fetch(`${portal.url}/api/imports`, { method: 'POST', headers: { cookie }, body: form });
  const preview = (await up.json()) as { id: number; errors: unknown[]; summary: Record<string, number> };
  const previewMs = performance.now() - t;
  if (up.status !== 201 || preview.errors.length) throw new Error(`preview failed: ${up.status} ${JSON.stringify(preview).slice(0, 500)}`);
  t = performance.now();
  const commit = await fetch(`${portal.url}/api/imports/${preview.id}/commit`, { method: 'POST', headers: { cookie } });
  const committed = (await commit.json()) as { dataVersion: { id: number } };
  const commitMs = performance.now() - t;
  clearInterval(sampler);
  if (commit.status !== 200) throw new Error(`commit failed: ${commit.status} ${JSON.stringify(committed)}`);
  log(`preview ${previewMs.toFixed(0)} ms, commit ${commitMs.toFixed(0)} ms`);
  if (process.env.GUATU_PROFILE) console.log(portal.output().split('\n').filter((l) => l.includes('PROFILE')).join('\n'));
  t = performance.now();
  if (!values['skip-tiles']) {
    log('waiting for the tile job …');
    await waitForServed(bench, committed.dataVersion.id);
  }
  const tilesMs = values['skip-tiles'] ? null : Math.round(performance.now() - t);

  const totalMs = previewMs + commitMs;
  const results = {
    date: new Date().toISOString(), database: bench.server ? 'server' : 'embedded', rows, workbookMB: Number((bytes.length / 1e6).toFixed(2)),
    previewMs: Math.round(previewMs), commitMs: Math.round(commitMs), endToEndMs: Math.round(totalMs), aimMs: 10_000,
    summary: preview.summary, peakRssMB: Math.round(peak), baselineRssMB: Math.round(baseline),
    reference: { parseFloorMs: Math.round(parseFloorMs), writeFloorMs: Math.round(writeFloorMs), ratio: Number((totalMs / (parseFloorMs + writeFloorMs)).toFixed(2)) },
    tilesAfterCommitMs: tilesMs,
  };
  saveResults(`monthly-${rows}-${results.database}.json`, results);
} finally {
  await bench.close();
}
