// Saved site checks: stored with their answer and the data version, reopened by id.
import type { Sql } from 'postgres';

/** Stores a check; returns its id. */
export async function saveSiteCheck(sql: Sql, c: { createdBy: number; dataVersionId: number | null; title: string | null; input: unknown; result: unknown; sites: unknown[] }): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    INSERT INTO site_checks (created_by, data_version_id, title, input, result, sites)
    VALUES (${c.createdBy}, ${c.dataVersionId}, ${c.title}, ${sql.json(c.input as never)}, ${sql.json(c.result as never)},
            ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify({ type: 'GeometryCollection', geometries: c.sites })}), 4490))
    RETURNING id::int AS id`;
  return row!.id;
}

/** A saved check with who made it, or null. */
export async function siteCheckRecord(sql: Sql, id: number) {
  const [row] = await sql<{ id: number; createdAt: Date; createdBy: number | null; createdByName: string | null; title: string | null; input: Record<string, unknown>; result: Record<string, unknown> }[]>`
    SELECT c.id::int AS id, c.created_at AS "createdAt", c.created_by::int AS "createdBy", coalesce(u.display_name, u.username) AS "createdByName",
           c.title, c.input, c.result
    FROM site_checks c LEFT JOIN users u ON u.id = c.created_by WHERE c.id = ${id}`;
  return row ?? null;
}
