// Starts the real portal (`node api/src/main.ts`) as a child process, as `npm start` would, and
// waits until it serves. Tests talk to it over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, signIn } from './session.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const artifactsDir = join(repoRoot, 'tests/artifacts');

export interface PortalProcess {
  url: string;
  proc: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Fetches a path as the portal's administrator (signed in on first use). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Runs the portal with extra environment; rejects with its output if it does not come up in time. */
export function startPortalProcess(env: Record<string, string>, timeoutMs = 240_000): Promise<PortalProcess> {
  const proc = spawn(process.execPath, [join(repoRoot, 'api/src/main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', GUATU_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => proc.once('exit', (code) => done(code)));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`portal did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        const url = match[1]!;
        let cookie: Promise<string> | null = null;
        resolveStart({
          url,
          fetch: async (path, init = {}) => {
            cookie ??= signIn(url, 'admin', env.GUATU_ADMIN_PASSWORD ?? ADMIN_PASSWORD);
            const headers = new Headers(init.headers);
            headers.set('cookie', await cookie);
            return fetch(`${url}${path}`, { ...init, headers });
          },
          proc,
          output: () => output,
          stop: async () => {
            if (proc.exitCode === null) proc.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`portal exited with ${code} before serving:\n${output}`));
    });
  });
}

/** Saves a log or other text next to the screenshots for a human to read after a run. */
export function saveArtifact(name: string, text: string): void {
  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(join(artifactsDir, name), text);
}
