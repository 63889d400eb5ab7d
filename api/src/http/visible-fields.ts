// Field-level sensitivity applied to answers: what a principal may not see is removed (the key is
// absent, not blanked), so a client cannot tell "hidden" from "empty" by accident and an export built
// from these answers carries no more than the screen. The tiles never carry these fields at all.
import type { FieldAccess } from '../auth/principal.ts';
import type { ProjectFile } from '../db/projects.ts';
import type { Figures } from '../db/stats.ts';
import type { StandardLandItem } from '../db/factors.ts';

/** A project file as a principal sees it. */
export type VisibleProjectFile = Omit<ProjectFile, 'responsibleLeader' | 'problems'> & Partial<Pick<ProjectFile, 'responsibleLeader' | 'problems'>>;
/** Headline figures as a principal sees them. */
export type VisibleFigures = Omit<Figures, 'problems'> & Partial<Pick<Figures, 'problems'>>;
/** An available standard-land parcel as a principal sees it. */
export type VisibleStandardLand = Omit<StandardLandItem, 'priceWanPerMu'> & Partial<Pick<StandardLandItem, 'priceWanPerMu'>>;

/** The project file without the fields the access does not allow. */
export function visibleProjectFile(file: ProjectFile, access: FieldAccess): VisibleProjectFile {
  const { responsibleLeader, problems, ...rest } = file;
  return { ...rest, ...(access.leaders ? { responsibleLeader } : {}), ...(access.problems ? { problems } : {}) };
}

/** Figures without problem counts unless allowed. */
export function visibleFigures<T extends Figures>(figures: T, access: FieldAccess): Omit<T, 'problems'> & Partial<Pick<T, 'problems'>> {
  if (access.problems) return figures;
  const { problems: _, ...rest } = figures;
  return rest;
}

/** Standard land without prices unless allowed. */
export function visibleStandardLand(items: StandardLandItem[], access: FieldAccess): VisibleStandardLand[] {
  if (access.prices) return items;
  return items.map(({ priceWanPerMu: _, ...rest }) => rest);
}
