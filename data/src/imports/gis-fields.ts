// What a GIS import writes for each kind of layer: the fields, the source attribute names that
// usually carry them (field names as the land bureau's and grid company's files spell them), the
// geometry each kind takes, and the reading of one feature's attributes into checked values. Pure:
// the API adds what needs the database (existing codes, regions, projects).
import {
  gridStatuses, landUses, lineKinds, lineStatuses, parcelKinds, parcelStatuses, stationKinds, type Vocabulary,
} from '../glossary.ts';
import type { LayerId } from '../layers.ts';

export const gisKinds = ['parcels', 'stations', 'lines', 'constraints', 'regions'] as const;
export type GisKind = (typeof gisKinds)[number];

export type FieldType = 'text' | 'number' | 'date' | 'region' | Vocabulary<string>;

export interface GisField {
  key: string;
  label: string;
  required: boolean;
  type: FieldType;
  /** Source attribute names recognised without a mapping (compared case- and space-insensitively). */
  aliases: string[];
}

export interface GisKindSpec {
  label: string;
  /** The map layer (and so the table, through the layer registry) an import of this kind writes. */
  layer: LayerId;
  /** The geometry the layer stores; stations also take a polygon (the site) and keep its inner point. */
  geometry: 'polygon' | 'point' | 'line';
  fields: GisField[];
}

const field = (key: string, label: string, required: boolean, type: FieldType, aliases: string[]): GisField => ({ key, label, required, type, aliases: [key, label, ...aliases] });

const code = (required: boolean) => field('code', '编号', required, 'text', ['编码', '代码', '地块编号', '地块编码', '宗地编号', '宗地代码', '电站编号', '项目编号', 'bh', 'dkbh', 'zdbh', 'id', 'code']);
const name = (required: boolean) => field('name', '名称', required, 'text', ['地块名称', '宗地名称', '电站名称', '线路名称', 'mc', 'dkmc', 'zdmc', 'name']);
const project = field('project', '项目编号（关联项目）', false, 'text', ['所属项目', '项目代码', 'xmbh', 'project_code']);

/** The fields and geometry of each kind (keep the keys: saved mappings refer to them). */
export const gisKindSpecs: Readonly<Record<GisKind, GisKindSpec>> = {
  parcels: {
    label: '用地地块',
    layer: 'land_parcels',
    geometry: 'polygon',
    fields: [
      code(true), name(false),
      field('kind', '地块类型', true, parcelKinds, ['类型', '指标类型', 'dklx']),
      field('land_use', '用途', true, landUses, ['土地用途', '用地性质', '规划用途', 'tdyt', 'ydxz']),
      field('status', '状态', true, parcelStatuses, ['供应状态', '地块状态', 'zt']),
      field('services', '配套条件', false, 'text', ['配套', '基础设施', '通平']),
      field('price_wan_per_mu', '地价（万元/亩）', false, 'number', ['地价', '价格', '出让价格', 'dj']),
      field('plot_ratio_min', '容积率下限', false, 'number', ['容积率', 'rjl']),
      project,
    ],
  },
  stations: {
    label: '光伏风电站',
    layer: 'energy_stations',
    geometry: 'point',
    fields: [
      code(true), name(true),
      field('kind', '电站类型', true, stationKinds, ['类型', 'dzlx']),
      field('capacity_kw', '装机容量（千瓦）', true, 'number', ['装机容量', '容量', '装机容量kw', 'zjrl']),
      field('connected_kw', '并网容量（千瓦）', false, 'number', ['并网容量', '已并网容量', 'bwrl']),
      field('grid_status', '并网状态', true, gridStatuses, ['状态', 'bwzt']),
      field('connected_on', '并网日期', false, 'date', ['并网时间', 'bwrq']),
      field('substation', '接入变电站', false, 'text', ['变电站', '接入点']),
      project,
    ],
  },
  lines: {
    label: '交通线路',
    layer: 'transport_lines',
    geometry: 'line',
    fields: [
      code(true), name(true),
      field('kind', '线路类型', true, lineKinds, ['类型', '等级', 'xllx']),
      field('status', '建设状态', true, lineStatuses, ['状态', 'jszt']),
      project,
    ],
  },
  constraints: {
    label: '管控区',
    layer: 'constraint_zones',
    geometry: 'polygon',
    fields: [code(false), name(false)],
  },
  regions: {
    label: '行政区',
    layer: 'regions',
    geometry: 'polygon',
    fields: [
      field('code', '行政区划代码', true, 'region', ['区划代码', '代码', '编码', 'xzqdm', 'xzqhdm', 'pac', 'adcode', 'code']),
      field('name', '名称', true, 'text', ['行政区名称', '名称', 'xzqmc', 'name']),
    ],
  },
};

/** Source attribute per field key (null: not mapped; `=value`: the same value for every feature, e.g. `=标准地`). */
export type FieldMapping = Record<string, string | null>;

const constant = (a: string | null | undefined) => (a && a.startsWith('=') ? a.slice(1) : null);

const norm = (s: string) => s.replace(/[\s_（）()]/g, '').toLowerCase();

/**
 * The mapping used when the user has not chosen one: a remembered mapping where its attribute is in
 * this file, else the first attribute whose name is a known alias.
 */
export function autoMapping(kind: GisKind, attributes: string[], remembered: FieldMapping = {}): FieldMapping {
  const byNorm = new Map(attributes.map((a) => [norm(a), a]));
  const out: FieldMapping = {};
  for (const f of gisKindSpecs[kind].fields) {
    const kept = remembered[f.key];
    out[f.key] = kept && (attributes.includes(kept) || constant(kept) !== null) ? kept : (f.aliases.map((a) => byNorm.get(norm(a))).find((a) => a !== undefined) ?? null);
  }
  return out;
}

/** Mapping problems that stop a preview: a required field without a source attribute, an attribute that is not in the file. */
export function mappingProblems(kind: GisKind, mapping: FieldMapping, attributes: string[]): { field: string; reason: string }[] {
  const out: { field: string; reason: string }[] = [];
  for (const f of gisKindSpecs[kind].fields) {
    const a = mapping[f.key];
    if (a && constant(a) === null && !attributes.includes(a)) out.push({ field: f.label, reason: `文件中没有属性“${a}”` });
    else if (!a && f.required) out.push({ field: f.label, reason: `必填字段“${f.label}”没有对应的属性，请在字段对应中选择` });
  }
  return out;
}

export interface FeatureIssue {
  /** The feature's number in the file, from 1. */
  feature: number;
  field: string | null;
  value: string;
  reason: string;
}

export type FieldValues = Record<string, string | number | null>;

/** Reads one feature's attributes through the mapping into checked values; problems name the field, value and reason. */
export function readFeatureFields(kind: GisKind, properties: Record<string, unknown>, mapping: FieldMapping, feature: number): { values: FieldValues; errors: FeatureIssue[] } {
  const values: FieldValues = {};
  const errors: FeatureIssue[] = [];
  for (const f of gisKindSpecs[kind].fields) {
    const attr = mapping[f.key];
    const raw = constant(attr) ?? (attr ? properties[attr] : null);
    const text = raw === null || raw === undefined ? '' : String(raw).trim();
    const fail = (reason: string) => errors.push({ feature, field: f.label, value: text, reason });
    if (!text) {
      values[f.key] = null;
      if (f.required) fail(`${f.label}不能为空`);
      continue;
    }
    const v = readValue(f, text);
    if (typeof v === 'object' && v !== null) fail(v.error);
    else values[f.key] = v;
  }
  if (kind === 'stations') stationConsistency(values, feature, errors);
  if (kind === 'parcels' && typeof values.plot_ratio_min === 'number' && values.plot_ratio_min > 99) {
    errors.push({ feature, field: '容积率下限', value: String(values.plot_ratio_min), reason: '容积率应小于 100' });
  }
  return { values, errors };
}

function readValue(f: GisField, text: string): string | number | { error: string } {
  if (f.type === 'text') return text.length > 200 ? { error: `${f.label}超过 200 个字` } : text;
  if (f.type === 'number') {
    const n = Number(text.replace(/,/g, ''));
    if (!Number.isFinite(n)) return { error: `${f.label}应为数字` };
    if (n < 0) return { error: `${f.label}不能为负数` };
    return n;
  }
  if (f.type === 'date') {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
    if (!m) return { error: `${f.label}应为日期，如 2026-05-31` };
    const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    return Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d ? { error: `${f.label}不是有效日期` } : d;
  }
  if (f.type === 'region') {
    const c = text.replace(/\.0+$/, '');
    return /^[1-9]\d{5}$/.test(c) ? c : { error: '行政区划代码应为 6 位数字' };
  }
  // A vocabulary: the code or its Chinese label, with or without spaces.
  const vocabulary = f.type;
  const hit = Object.entries(vocabulary).find(([k, label]) => k === text || label === text || norm(label) === norm(text));
  return hit ? hit[0] : { error: `${f.label}“${text}”不在可选值中（${Object.values(vocabulary).join('、')}）` };
}

// The database's own checks, said in advance and per feature: connected capacity follows the status.
function stationConsistency(v: FieldValues, feature: number, errors: FeatureIssue[]): void {
  const capacity = v.capacity_kw;
  const status = v.grid_status;
  if (typeof capacity !== 'number' || typeof status !== 'string') return;
  if (capacity === 0) errors.push({ feature, field: '装机容量（千瓦）', value: '0', reason: '装机容量应大于 0' });
  const connected = v.connected_kw;
  if (connected === null) {
    if (status === 'partly_connected') errors.push({ feature, field: '并网容量（千瓦）', value: '', reason: '部分并网的电站须填写并网容量' });
    v.connected_kw = status === 'fully_connected' ? capacity : 0;
    return;
  }
  const at = (reason: string) => errors.push({ feature, field: '并网容量（千瓦）', value: String(connected), reason });
  if (typeof connected !== 'number') return;
  if (connected > capacity) at('并网容量大于装机容量');
  else if (status === 'fully_connected' && connected !== capacity) at('全容量并网时并网容量应等于装机容量');
  else if ((status === 'planned' || status === 'building') && connected !== 0) at(`${gridStatuses[status]}的电站并网容量应为 0`);
  else if (status === 'partly_connected' && (connected === 0 || connected === capacity)) at('部分并网时并网容量应大于 0 且小于装机容量');
}

/** The accepted geometry types of a kind, and the reason when a feature has another. */
export function geometryProblem(kind: GisKind, type: string): string | null {
  const want = gisKindSpecs[kind].geometry;
  const ok = want === 'polygon' ? /Polygon$/.test(type) : want === 'line' ? /LineString$/.test(type) : type === 'Point' || /Polygon$/.test(type);
  if (ok) return null;
  const what = { polygon: '面', line: '线', point: '点（或电站范围面）' }[want];
  return `${gisKindSpecs[kind].label}应为${what}要素，这是 ${type}`;
}

/** The level and parent a region code implies (province xx0000, city xxxx00, county otherwise). */
export function regionHierarchy(code: string): { level: 'province' | 'city' | 'county'; parents: string[] } {
  if (code.endsWith('0000')) return { level: 'province', parents: [] };
  const province = `${code.slice(0, 2)}0000`;
  if (code.endsWith('00')) return { level: 'city', parents: [province] };
  // A county directly under a province (省直辖县, e.g. 4290xx) has no city: its province is next.
  return { level: 'county', parents: [`${code.slice(0, 4)}00`, province] };
}
