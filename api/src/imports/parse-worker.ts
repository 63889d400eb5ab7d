// Runs in a worker thread (see parse-in-worker.ts): reads an uploaded table or GIS file and posts
// back the result or a reason in Chinese.
import { parentPort, workerData } from 'node:worker_threads';
import { isFileProblem, readGeometryFile } from '@guatu/data/gis/read-geometry-file.ts';
import { headerKey } from '@guatu/data/imports/monthly-columns.ts';
import { readTable, TableError } from '@guatu/data/imports/read-table.ts';
import type { ParseTask } from './parse-in-worker.ts';

const task = workerData as ParseTask;
try {
  if (task.task === 'table') {
    parentPort!.postMessage({ ok: true, result: await readTable(task.bytes, task.filename, (h) => headerKey(h) !== null, 3, task.maxRows) });
  } else {
    const file = readGeometryFile(task.bytes, task.filename, task.options);
    parentPort!.postMessage(file.features.length > task.maxRows
      ? { ok: false, reason: `要素有 ${file.features.length} 个，超过上限 ${task.maxRows} 个；请拆分文件后再导入` }
      : { ok: true, result: file });
  }
} catch (e) {
  const known = e instanceof TableError || isFileProblem(e);
  parentPort!.postMessage({ ok: false, reason: known ? (e as Error).message : `无法读取文件：${(e as Error).message.slice(0, 200)}` });
}
