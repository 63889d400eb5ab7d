// Applies the plain SQL files of data/migrations in name order, each once, recorded with a checksum
// in schema_migrations. Safe to re-run; a migration edited after it was applied is an error, not a
// silent skip. Concurrent runs against one server are serialised by an advisory lock.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sql } from 'postgres';
import { repoRoot } from '../config.ts';

export const migrationsDir = join(repoRoot, 'data/migrations');
const LOCK_KEY = 4_821_377;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations on disk, in the order they apply. */
export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Applies pending migrations in one transaction; returns the names applied. */
export async function migrate(sql: Sql, migrations = readMigrations(), log: (line: string) => void = () => {}): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
    const rows = await tx<{ name: string; checksum: string }[]>`SELECT name, checksum FROM schema_migrations`;
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const done: string[] = [];
    for (const m of migrations) {
      const previous = applied.get(m.name);
      if (previous === m.checksum) continue;
      if (previous) throw new Error(`migration ${m.name} was changed after it was applied; add a new migration instead`);
      log(`applying migration ${m.name}`);
      await tx.unsafe(m.sql).simple();
      await tx`INSERT INTO schema_migrations (name, checksum) VALUES (${m.name}, ${m.checksum})`;
      done.push(m.name);
    }
    return done;
  }) as Promise<string[]>;
}
