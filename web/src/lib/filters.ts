// The page's filter: one object that the URL, the API calls, the legend counts and the map layers
// all read, so that a shared link reproduces the same view.
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';

export interface Filter {
  region: string;
  stage: string[];
  level: string[];
  category: string[];
  tag: string[];
  minInvestment: number | null;
  maxInvestment: number | null;
  year: number | null;
  /** Only late projects (not started or finished on time, or a problem past its deadline). */
  late: boolean;
}

export const emptyFilter: Filter = { region: '', stage: [], level: [], category: [], tag: [], minInvestment: null, maxInvestment: null, year: null, late: false };

const lists = ['stage', 'level', 'category', 'tag'] as const;

function number(v: string | null): number | null {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** The filter a URL's query describes (unknown or malformed values are dropped). */
export function filterFromUrl(params: URLSearchParams): Filter {
  const region = params.get('region') ?? '';
  const year = number(params.get('year'));
  return {
    region: /^[1-9]\d{5}$/.test(region) ? region : '',
    ...Object.fromEntries(lists.map((k) => [k, params.get(k)?.split(',').filter(Boolean) ?? []])) as Pick<Filter, (typeof lists)[number]>,
    minInvestment: number(params.get('minInvestment')),
    maxInvestment: number(params.get('maxInvestment')),
    year: year !== null && Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null,
    late: params.get('late') === 'true',
  };
}

/** The API's query parameters for a filter (empty ones left out). */
export function filterParams(f: Filter): Record<string, string | undefined> {
  return {
    region: f.region || undefined,
    ...Object.fromEntries(lists.map((k) => [k, f[k].join(',') || undefined])),
    minInvestment: f.minInvestment === null ? undefined : String(f.minInvestment),
    maxInvestment: f.maxInvestment === null ? undefined : String(f.maxInvestment),
    year: f.year === null ? undefined : String(f.year),
    late: f.late ? 'true' : undefined,
  };
}

/** How many filters beyond the region are set (the filter button's badge). */
export function activeFilterCount(f: Filter): number {
  return lists.reduce((n, k) => n + (f[k].length ? 1 : 0), 0) + (f.minInvestment !== null || f.maxInvestment !== null ? 1 : 0) + (f.year !== null ? 1 : 0) + (f.late ? 1 : 0);
}

/** GB/T 2260: a city's counties share its first four digits, a province's its first two. */
export function regionPrefix(code: string): string {
  return code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
}

function inRegion(code: string): ExpressionSpecification {
  const prefix = regionPrefix(code);
  return ['==', ['slice', ['coalesce', ['get', 'regionCode'], ''], 0, prefix.length], prefix];
}

function combine(parts: ExpressionSpecification[]): FilterSpecification | null {
  if (parts.length === 0) return null;
  return (parts.length === 1 ? parts[0] : ['all', ...parts]) as FilterSpecification;
}

/**
 * The map filter of the project layers: every project filter, on the tiles' attributes. Lateness
 * (today's date, problems) and month-to-month changes are not in the tiles: the page passes the ids
 * to draw instead (`onlyIds`); while a late filter's ids are loading, nothing is drawn.
 */
export function projectMapFilter(f: Filter, onlyIds: number[] | null = null): FilterSpecification | null {
  const parts: ExpressionSpecification[] = [];
  if (onlyIds || f.late) parts.push(['in', ['id'], ['literal', onlyIds ?? []]]);
  if (f.stage.length) parts.push(['in', ['get', 'stage'], ['literal', f.stage]]);
  if (f.level.length) parts.push(['in', ['get', 'level'], ['literal', f.level]]);
  if (f.category.length) parts.push(['in', ['get', 'category'], ['literal', f.category]]);
  // Tags arrive as a PostgreSQL array literal ("{six_new,special_bond}"); the codes are not substrings of each other.
  if (f.tag.length) parts.push(['any', ...f.tag.map((t): ExpressionSpecification => ['in', t, ['coalesce', ['get', 'tags'], '']])] as unknown as ExpressionSpecification);
  if (f.region) parts.push(inRegion(f.region));
  if (f.minInvestment !== null) parts.push(['>=', ['get', 'totalInvestment'], f.minInvestment]);
  if (f.maxInvestment !== null) parts.push(['<=', ['get', 'totalInvestment'], f.maxInvestment]);
  if (f.year !== null) parts.push(['==', ['get', 'planYear'], f.year]);
  return combine(parts);
}

/** The map filter of parcels and stations: the region only (project filters do not apply to them). */
export function regionMapFilter(f: Filter): FilterSpecification | null {
  return combine(f.region ? [inRegion(f.region)] : []);
}
