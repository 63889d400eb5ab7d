import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './lock.ts';

describe('data directory lock', () => {
  it('lets one owner in and refuses a second while the first lives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guatu-lock-'));
    const lock = acquireDataDirLock(dir);
    // A live process other than us holds it: pid 1 always exists.
    writeFileSync(lock.path, '1');
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    writeFileSync(lock.path, String(process.pid));
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('takes over a lock left by a dead process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guatu-lock-'));
    writeFileSync(join(dir, 'guatu.lock'), '999999999');
    const lock = acquireDataDirLock(dir);
    expect(existsSync(lock.path)).toBe(true);
    lock.release();
  });
});
