// Region scope on the server: a viewer limited to a county, or a share link of one region, reads only
// inside it; an editor of a county changes only that county's data. Every route that takes a region
// or touches one object goes through these checks.
import type { Context } from 'hono';
import type { Sql } from 'postgres';
import { readScope, writeScope } from '../auth/principal.ts';
import { regionName, regionWithin } from '../db/regions.ts';
import { HttpError } from './errors.ts';
import { principalOf } from './guard.ts';

// The 403 is audited by the app's error handler, like every refusal.
async function outOfScope(sql: Sql, scope: string, object: string): Promise<never> {
  const name = (await regionName(sql, scope)) ?? scope;
  throw new HttpError(403, 'out_of_scope', `超出您的数据范围（${name}）`, { scope, object });
}

/** The region a read covers: the requested one when inside the reader's scope, else the scope itself. */
export async function readRegion(c: Context, sql: Sql, requested: string | undefined): Promise<string | undefined> {
  const scope = readScope(principalOf(c));
  if (!scope) return requested;
  if (!requested) return scope;
  if (!(await regionWithin(sql, requested, scope))) await outOfScope(sql, scope, `region:${requested}`);
  return requested;
}

/** Refuses reading one object (a project …) of a region outside the reader's scope. */
export async function checkReadable(c: Context, sql: Sql, regionCode: string, object: string): Promise<void> {
  const scope = readScope(principalOf(c));
  if (scope && !(await regionWithin(sql, regionCode, scope))) await outOfScope(sql, scope, object);
}

/** Refuses changing data of a region outside the writer's scope. */
export async function checkWritable(c: Context, sql: Sql, regionCode: string, object: string): Promise<void> {
  const scope = writeScope(principalOf(c));
  if (scope && !(await regionWithin(sql, regionCode, scope))) await outOfScope(sql, scope, object);
}
