// Runs in a worker thread: reads an uploaded table so that a large or hostile file cannot stall
// the server's request loop. Posts back the table or a reason.
import { parentPort, workerData } from 'node:worker_threads';
import { headerKey } from '@guatu/data/imports/monthly-columns.ts';
import { readTable, TableError } from '@guatu/data/imports/read-table.ts';

const { bytes, filename, maxRows } = workerData as { bytes: Uint8Array; filename: string; maxRows: number };
try {
  const table = await readTable(bytes, filename, (h) => headerKey(h) !== null, 3, maxRows);
  parentPort!.postMessage({ ok: true, table });
} catch (e) {
  parentPort!.postMessage({ ok: false, reason: e instanceof TableError ? e.message : `无法读取文件：${(e as Error).message.slice(0, 200)}` });
}
