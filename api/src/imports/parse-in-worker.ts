// Parses an upload in a worker thread with a memory cap and a time limit: a large or hostile file
// (a zip bomb, a million-vertex polygon) fails on its own thread instead of stalling the server.
import { Worker } from 'node:worker_threads';
import type { GeometryFile, GeometryFileOptions } from '@guatu/data/gis/read-geometry-file.ts';
import type { Table } from '@guatu/data/imports/read-table.ts';

export class ParseError extends Error {}

export interface ParseLimits {
  maxRows: number;
  timeoutMs: number;
  /** The worker's heap cap; a zip that inflates beyond it fails instead of taking the server down. */
  maxHeapMb: number;
}

/** What the worker is asked to do (see parse-worker.ts). */
export type ParseTask =
  | { task: 'table'; bytes: Uint8Array; filename: string; maxRows: number }
  | { task: 'geometry'; bytes: Uint8Array; filename: string; maxRows: number; options: GeometryFileOptions };

/** The table of an uploaded file, or a ParseError with a reason in Chinese. */
export function parseTable(bytes: Uint8Array, filename: string, limits: ParseLimits): Promise<Table> {
  return inWorker<Table>({ task: 'table', bytes, filename, maxRows: limits.maxRows }, limits);
}

/** The features of an uploaded GIS file (any format of read-geometry-file.ts), or a ParseError. */
export function parseGeometry(bytes: Uint8Array, filename: string, options: GeometryFileOptions, limits: ParseLimits): Promise<GeometryFile> {
  return inWorker<GeometryFile>({ task: 'geometry', bytes, filename, maxRows: limits.maxRows, options }, limits);
}

function inWorker<T>(task: ParseTask, limits: ParseLimits): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./parse-worker.ts', import.meta.url), {
      workerData: task,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new ParseError(`文件解析超过 ${limits.timeoutMs / 1000} 秒，已停止；请拆分文件后再试`));
    }, limits.timeoutMs);
    worker.once('message', (m: { ok: true; result: T } | { ok: false; reason: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) resolve(m.result);
      else reject(new ParseError(m.reason));
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(new ParseError(/ERR_WORKER_OUT_OF_MEMORY|heap/i.test(`${(e as NodeJS.ErrnoException).code} ${e.message}`)
        ? '文件解压后过大，超出解析内存上限；请拆分文件后再试' : `无法读取文件：${e.message.slice(0, 200)}`));
    });
  });
}
