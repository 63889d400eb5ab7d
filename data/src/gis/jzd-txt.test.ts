import { describe, expect, it } from 'vitest';
import { parseJzd } from './jzd-txt.ts';

const header = (zone = '38') => `[属性描述]\n格式版本号=1.01版本\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=${zone}\n精度=0.01\n[地块坐标]\n`;
const square = (x0: number, y0: number, ring = 1) => [
  `J1,${ring},${x0},${y0}`, `J2,${ring},${x0},${y0 + 100}`, `J3,${ring},${x0 + 100},${y0 + 100}`, `J4,${ring},${x0 + 100},${y0}`, `J1,${ring},${x0},${y0}`,
].join('\n');

describe('界址点 TXT', () => {
  it('reads parcels, rings and the zone, in GIS order', () => {
    const text = `${header()}5,1.0000,1,一号地块,面,,工业用地,,@\n${square(3930000, 38500000)}\n9,0.9600,2,二号地块,面,,物流仓储用地,,@\n${square(3931000, 38501000)}\n${square(3931040, 38501040, 2).replace(/100/g, '20')}\n`;
    const f = parseJzd(text);
    expect(f.crs).toMatchObject({ epsg: 4526, zone: 38 });
    expect(f.parcels.map((p) => [p.code, p.name, p.use, p.statedArea, p.rings.length])).toEqual([['1', '一号地块', '工业用地', 1, 1], ['2', '二号地块', '物流仓储用地', 0.96, 2]]);
    expect(f.parcels[0]!.rings[0]![1]).toEqual([38500100, 3930000]);
  });

  it('takes the zone from the header when eastings have no prefix', () => {
    expect(parseJzd(`${header('37')}5,1,1,地块,面,,,,@\n${square(3930000, 500000)}\n`).crs).toMatchObject({ epsg: 4546, centralMeridian: 111, prefixed: false });
  });

  it('refuses swapped X/Y, 西安80, a zone mismatch and points without a parcel line, naming the line', () => {
    expect(() => parseJzd(`${header()}5,1,1,地块,面,,,,@\n${square(38500000, 3930000)}\n`)).toThrow(/第 11 行：X\/Y 填反了/);
    expect(() => parseJzd(header().replace('2000国家大地坐标系', '1980西安坐标系') + `5,1,1,a,面,,,,@\n${square(3930000, 38500000)}`)).toThrow(/西安80/);
    expect(() => parseJzd(`${header('39')}5,1,1,a,面,,,,@\n${square(3930000, 38500000)}`)).toThrow(/带号 38 与文件头的带号 39 不一致/);
    expect(() => parseJzd(`${header()}J1,1,3930000,38500000\n`)).toThrow(/第 10 行：界址点行前面缺少/);
    expect(() => parseJzd(`${header()}3,1,1,a,面,,,,@\nJ1,1,3930000,38500000\nJ2,1,3930000,38500100\n`)).toThrow(/少于 3 个界址点/);
  });
});
