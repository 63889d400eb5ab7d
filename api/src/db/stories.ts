// Map stories in the database: created from a template, listed, read, saved as a new version (the
// caller names the version it edited, so two editors cannot overwrite each other unseen), duplicated
// and deleted (kept, hidden). Every saved version stays in story_versions.
import type { Sql } from 'postgres';
import type { StoryContent, StoryTemplate } from '@guatu/data/stories.ts';

export interface StoryRow {
  id: number;
  title: string;
  template: StoryTemplate;
  regionCode: string | null;
  content: StoryContent;
  pinnedVersionId: number | null;
  pinnedFigures: Record<string, Record<string, number>> | null;
  version: number;
  createdBy: number;
  createdByName: string | null;
  updatedAt: Date;
}

const columns = (sql: Sql) => sql`
  s.id::int AS id, s.title, s.template, s.region_code::text AS "regionCode", s.content, s.pinned_version_id::int AS "pinnedVersionId",
  s.pinned_figures AS "pinnedFigures", s.version, s.created_by::int AS "createdBy", coalesce(u.display_name, u.username) AS "createdByName", s.updated_at AS "updatedAt"`;

/** Stores a new story and its first version; returns its id. */
export async function createStory(sql: Sql, s: { title: string; template: StoryTemplate; regionCode: string | null; content: StoryContent; createdBy: number }): Promise<number> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ id: number }[]>`
      INSERT INTO stories (title, template, region_code, content, created_by, updated_by)
      VALUES (${s.title}, ${s.template}, ${s.regionCode}, ${tx.json(s.content as never)}, ${s.createdBy}, ${s.createdBy}) RETURNING id::int AS id`;
    await tx`INSERT INTO story_versions (story_id, version, title, content, saved_by) VALUES (${row!.id}, 1, ${s.title}, ${tx.json(s.content as never)}, ${s.createdBy})`;
    return row!.id;
  });
}

/** A story that is not deleted, or null. */
export async function storyById(sql: Sql, id: number): Promise<StoryRow | null> {
  const [row] = await sql<StoryRow[]>`SELECT ${columns(sql)} FROM stories s LEFT JOIN users u ON u.id = s.created_by WHERE s.id = ${id} AND s.deleted_at IS NULL`;
  return row ?? null;
}

/** The stories, newest first (without their content). */
export async function listStories(sql: Sql) {
  return sql<{ id: number; title: string; template: StoryTemplate; regionCode: string | null; scenes: number; version: number; createdByName: string | null; updatedAt: Date; pinnedVersionId: number | null }[]>`
    SELECT s.id::int AS id, s.title, s.template, s.region_code::text AS "regionCode", jsonb_array_length(s.content -> 'scenes') AS scenes, s.version,
           coalesce(u.display_name, u.username) AS "createdByName", s.updated_at AS "updatedAt", s.pinned_version_id::int AS "pinnedVersionId"
    FROM stories s LEFT JOIN users u ON u.id = s.created_by WHERE s.deleted_at IS NULL ORDER BY s.updated_at DESC, s.id DESC LIMIT 500`;
}

/**
 * Saves a new version if `baseVersion` is still the current one; returns the new version number,
 * or null when someone saved in between (the caller reports a conflict).
 */
export async function saveStory(
  sql: Sql, id: number, baseVersion: number,
  s: { title: string; content: StoryContent; pinnedVersionId: number | null; pinnedFigures: unknown; savedBy: number },
): Promise<number | null> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ version: number }[]>`
      UPDATE stories SET title = ${s.title}, content = ${tx.json(s.content as never)}, pinned_version_id = ${s.pinnedVersionId},
             pinned_figures = ${s.pinnedFigures === null ? null : tx.json(s.pinnedFigures as never)}, version = version + 1, updated_by = ${s.savedBy}, updated_at = now()
      WHERE id = ${id} AND version = ${baseVersion} AND deleted_at IS NULL RETURNING version`;
    if (!row) return null;
    await tx`INSERT INTO story_versions (story_id, version, title, content, saved_by) VALUES (${id}, ${row.version}, ${s.title}, ${tx.json(s.content as never)}, ${s.savedBy})`;
    return row.version;
  });
}

/** Hides a story (its versions and any share record stay); false when there was none. */
export async function deleteStory(sql: Sql, id: number): Promise<boolean> {
  const rows = await sql`UPDATE stories SET deleted_at = now() WHERE id = ${id} AND deleted_at IS NULL RETURNING id`;
  return rows.length > 0;
}

/** A story's saved versions, newest first. */
export async function storyVersions(sql: Sql, id: number) {
  return sql<{ version: number; title: string; scenes: number; savedAt: Date; savedByName: string | null }[]>`
    SELECT v.version, v.title, jsonb_array_length(v.content -> 'scenes') AS scenes, v.saved_at AS "savedAt", coalesce(u.display_name, u.username) AS "savedByName"
    FROM story_versions v LEFT JOIN users u ON u.id = v.saved_by WHERE v.story_id = ${id} ORDER BY v.version DESC LIMIT 200`;
}

/** One saved version's title and content, or null. */
export async function storyVersion(sql: Sql, id: number, version: number): Promise<{ title: string; content: StoryContent } | null> {
  const [row] = await sql<{ title: string; content: StoryContent }[]>`SELECT title, content FROM story_versions WHERE story_id = ${id} AND version = ${version}`;
  return row ?? null;
}
