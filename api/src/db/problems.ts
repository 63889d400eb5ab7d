// Problem updates (问题办结): the responsible editor records progress, resolution and feedback.
import type { Sql } from 'postgres';

export interface ProblemRef {
  id: number;
  projectId: number;
  regionCode: string;
  status: string;
}

/** A problem with the region of its project, or null. */
export async function problemRef(sql: Sql, id: number): Promise<ProblemRef | null> {
  const [row] = await sql<ProblemRef[]>`
    SELECT q.id::int AS id, q.project_id::int AS "projectId", p.region_code::text AS "regionCode", q.status
    FROM problems q JOIN projects p ON p.id = q.project_id WHERE q.id = ${id}`;
  return row ?? null;
}

/** Sets a problem's status and feedback; a resolved or closed problem gets its resolution date. */
export async function updateProblem(sql: Sql, id: number, change: { status?: string; feedback?: string | null; deadline?: string | null; resolvedOn?: string }): Promise<void> {
  const sets = [sql`id = id`];
  if (change.feedback !== undefined) sets.push(sql`feedback = ${change.feedback}`);
  if (change.deadline !== undefined) sets.push(sql`deadline = ${change.deadline}`);
  if (change.status !== undefined) {
    const resolved = change.status === 'resolved' || change.status === 'closed';
    sets.push(sql`status = ${change.status}`);
    sets.push(resolved ? sql`resolved_on = coalesce(${change.resolvedOn ?? null}::date, resolved_on, current_date)` : sql`resolved_on = NULL`);
  }
  const set = sets.reduce((acc, part) => sql`${acc}, ${part}`);
  await sql`UPDATE problems SET ${set} WHERE id = ${id}`;
}
