import { describe, expect, it } from 'vitest';
import { autoMapping, geometryProblem, mappingProblems, readFeatureFields, regionHierarchy } from './gis-fields.ts';

describe('autoMapping', () => {
  it('finds the land bureau’s field names, case- and space-insensitively', () => {
    const m = autoMapping('parcels', ['DKBH', 'DKMC', '土地用途', '地块类型', ' 状态', 'RJL', 'other']);
    expect(m).toMatchObject({ code: 'DKBH', name: 'DKMC', land_use: '土地用途', kind: '地块类型', status: ' 状态', plot_ratio_min: 'RJL', services: null });
  });

  it('prefers a remembered mapping when its attribute is in the file, and ignores it when not', () => {
    expect(autoMapping('lines', ['线路代号', '编号'], { code: '线路代号' }).code).toBe('线路代号');
    expect(autoMapping('lines', ['编号'], { code: '线路代号' }).code).toBe('编号');
  });
});

describe('mappingProblems', () => {
  it('names required fields without an attribute and attributes missing from the file', () => {
    const problems = mappingProblems('lines', { code: 'BH', name: null, kind: 'LX', status: 'ZT', project: null }, ['BH', 'ZT']);
    expect(problems).toEqual([
      { field: '名称', reason: expect.stringContaining('必填') },
      { field: '线路类型', reason: '文件中没有属性“LX”' },
    ]);
  });
});

describe('readFeatureFields', () => {
  const parcelMapping = { code: 'BH', name: 'MC', kind: 'LX', land_use: 'YT', status: 'ZT', services: null, price_wan_per_mu: 'DJ', plot_ratio_min: null, project: null };

  it('accepts vocabulary codes and Chinese labels, numbers with thousands separators', () => {
    const r = readFeatureFields('parcels', { BH: 'DK-1', MC: '园区一号', LX: '标准地', YT: 'industrial', ZT: '可供应', DJ: '1,250.5' }, parcelMapping, 3);
    expect(r.errors).toEqual([]);
    expect(r.values).toMatchObject({ code: 'DK-1', name: '园区一号', kind: 'standard_land', land_use: 'industrial', status: 'available', price_wan_per_mu: 1250.5 });
  });

  it('takes a constant for every feature when the mapping says =value', () => {
    const r = readFeatureFields('parcels', { BH: 'DK-2', YT: '工业用地' }, { ...parcelMapping, kind: '=标准地', status: '=可供应', LX: null }, 1);
    expect(r.errors).toEqual([]);
    expect(r.values).toMatchObject({ kind: 'standard_land', status: 'available' });
    expect(mappingProblems('parcels', { code: 'BH', kind: '=标准地', land_use: 'YT', status: '=可供应' }, ['BH', 'YT'])).toEqual([]);
    expect(autoMapping('parcels', ['BH'], { kind: '=标准地' }).kind).toBe('=标准地');
  });

  it('names the feature, field, value and reason of each problem', () => {
    const r = readFeatureFields('parcels', { BH: '', LX: '商品房', YT: '工业用地', ZT: '可供应', DJ: '-3' }, parcelMapping, 7);
    expect(r.errors).toEqual([
      { feature: 7, field: '编号', value: '', reason: '编号不能为空' },
      { feature: 7, field: '地块类型', value: '商品房', reason: expect.stringContaining('不在可选值中') },
      { feature: 7, field: '地价（万元/亩）', value: '-3', reason: '地价（万元/亩）不能为负数' },
    ]);
  });

  const stationMapping = { code: 'c', name: 'n', kind: 'k', capacity_kw: 'cap', connected_kw: 'con', grid_status: 's', connected_on: 'd', substation: null, project: null };
  const station = (over: Record<string, unknown>) => readFeatureFields('stations', { c: 'S1', n: '一号', k: 'wind', cap: 5000, s: '全容量并网', d: '2026/5/3', ...over }, stationMapping, 1);

  it('derives the connected capacity from the status when it is absent, and reads dates in Chinese forms', () => {
    expect(station({}).values).toMatchObject({ connected_kw: 5000, connected_on: '2026-05-03' });
    expect(station({ s: '在建', d: '' }).values.connected_kw).toBe(0);
    expect(station({ d: '2026年13月1日' }).errors[0]!.reason).toBe('并网日期不是有效日期');
  });

  it('refuses a connected capacity that contradicts the status', () => {
    expect(station({ con: 6000 }).errors[0]!.reason).toBe('并网容量大于装机容量');
    expect(station({ s: '部分并网' }).errors[0]!.reason).toContain('须填写并网容量');
    expect(station({ s: '规划', con: 10 }).errors[0]!.reason).toContain('应为 0');
  });

  it('reads region codes as six digits', () => {
    const m = { code: 'dm', name: 'mc' };
    expect(readFeatureFields('regions', { dm: 610502.0, mc: '临渭区' }, m, 1).values.code).toBe('610502');
    expect(readFeatureFields('regions', { dm: '6105', mc: '临渭区' }, m, 1).errors[0]!.reason).toContain('6 位数字');
  });
});

describe('geometryProblem', () => {
  it('takes polygons for parcels, lines for lines, points or site polygons for stations', () => {
    expect(geometryProblem('parcels', 'MultiPolygon')).toBeNull();
    expect(geometryProblem('parcels', 'Point')).toContain('应为面要素');
    expect(geometryProblem('lines', 'MultiLineString')).toBeNull();
    expect(geometryProblem('lines', 'Polygon')).toContain('应为线要素');
    expect(geometryProblem('stations', 'Polygon')).toBeNull();
    expect(geometryProblem('stations', 'LineString')).toContain('点');
  });
});

describe('regionHierarchy', () => {
  it('derives level and parents from the code', () => {
    expect(regionHierarchy('610000')).toEqual({ level: 'province', parents: [] });
    expect(regionHierarchy('610500')).toEqual({ level: 'city', parents: ['610000'] });
    expect(regionHierarchy('429004')).toEqual({ level: 'county', parents: ['429000', '420000'] });
  });
});
