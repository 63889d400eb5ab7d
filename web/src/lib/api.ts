// Typed calls to the Guatu API. Errors carry the API's Chinese message.
import type { ProjectListItem } from '@guatu/api/db/projects.ts';
// What the API sends depends on who asks: internal fields may be absent.
import type { VisibleFigures as Figures, VisibleProjectFile as ProjectFileData, VisibleStandardLand as StandardLandItem } from '@guatu/api/http/visible-fields.ts';
import type { DataVersion } from '@guatu/api/db/versions.ts';
import type { SearchHit } from '@guatu/api/db/search.ts';
import type { LayerCount } from '@guatu/api/db/layer-counts.ts';
import type { LedgerRow } from '@guatu/api/db/factors.ts';
import type { EnergyRow } from '@guatu/api/db/energy.ts';
import type { LayerId } from '@guatu/data/layers.ts';
import type { Basemap } from '@guatu/api/http/routes/map-config.ts';

export type { Figures, ProjectListItem, ProjectFileData, DataVersion, SearchHit, LayerCount, LedgerRow, StandardLandItem, EnergyRow };

export type LayerCounts = Record<Exclude<LayerId, 'constraint_zones'>, LayerCount> & { constraint_zones?: LayerCount; standardLand: LayerCount };

export interface Factors {
  year: number;
  years: number[];
  ledgers: LedgerRow[];
  standardLand: StandardLandItem[];
}

export interface Energy {
  total: EnergyRow;
  children: EnergyRow[];
}

export interface MapConfig {
  basemaps: Basemap[];
  reviewNumber: string | null;
}

export interface RegionNode {
  code: string;
  name: string;
  level: string;
  center: [number, number] | null;
  bbox: [number, number, number, number] | null;
  children: RegionNode[];
}

export interface Health {
  status: 'ok';
  database: 'embedded' | 'server';
  postgis: string;
  dataVersion: DataVersion | null;
}

export interface Overview {
  region: { code: string; name: string; level: string } | null;
  dataVersion: DataVersion | null;
  asOfMonth: string | null;
  totals: Figures;
  children: (Figures & { code: string; name: string; level: string })[];
}

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** GETs JSON from the API; throws ApiError with the server's message. */
export async function getJson<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, '无法连接服务器，请检查网络后重试。');
  }
  // A session that ended (idle, signed out elsewhere, ended by an admin) sends the user to sign in again.
  if (response.status === 401 && !path.startsWith('/api/auth/')) {
    const { toLogin } = await import('$lib/session');
    toLogin();
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiError(response.status, body?.error?.message ?? `请求失败（${response.status}）`);
  }
  return (await response.json()) as T;
}

/** Query string from a record, skipping empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}

