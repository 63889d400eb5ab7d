// Demo highway and rail lines between county seats, and constraint zones (basic farmland,
// ecological red line, urban development boundary, water-source protection) as polygons.
import type { ConstraintKind, LineKind, LineStatus } from '../glossary.ts';
import type { Position } from '../geo/planar.ts';
import { metresPerDegree } from '../geo/planar.ts';
import type { DemoLine, DemoProject, DemoZone } from './dataset.ts';
import type { County } from './places.ts';
import { blob, offset, randomPointIn, roundRing, shortName } from './places.ts';
import type { Random } from './random.ts';

interface NamedLine {
  name: string;
  kind: LineKind;
  status: LineStatus;
  /** County codes whose seats the line passes, in order. */
  via: string[];
  projectName?: string;
}

const namedLines: NamedLine[] = [
  { name: '忻雄高铁', kind: 'high_speed_rail', status: 'building', via: ['140902', '140921', '140922'], projectName: '忻雄高铁（忻州段）' },
  { name: '大西高铁（忻州段）', kind: 'high_speed_rail', status: 'existing', via: ['140923', '140981', '140902'] },
  { name: '大西高铁（运城段）', kind: 'high_speed_rail', status: 'existing', via: ['140825', '140823', '140802', '140881'] },
  { name: '晋煤东大铁路专用线', kind: 'rail_spur', status: 'building', via: ['140521', '140522'], projectName: '晋煤东大铁路专用线' },
  { name: '省道366', kind: 'provincial_road', status: 'building', via: ['140921', '140922'], projectName: '省道366改建工程' },
  { name: '太行一号旅游公路', kind: 'tourism_road', status: 'existing', via: ['140524', '140425', '140427'] },
  { name: '黄河一号旅游公路', kind: 'tourism_road', status: 'existing', via: ['140932', '140930', '140931'] },
  { name: '长邯高速', kind: 'expressway', status: 'existing', via: ['140403', '140406', '140426'] },
  { name: '晋阳高速', kind: 'expressway', status: 'existing', via: ['140581', '140525', '140522'] },
  { name: '滨德高速', kind: 'expressway', status: 'existing', via: ['371602', '371622', '371623'] },
  { name: '沾临高速', kind: 'expressway', status: 'building', via: ['371603', '371602', '371625'] },
  { name: '黄河三角洲城际铁路（规划）', kind: 'railway', status: 'planned', via: ['371603', '371602', '371681'] },
];

/** Densifies a polyline and bends it a little so that roads do not look ruled. */
function meander(path: Position[], random: Random, amplitudeM: number): Position[] {
  const out: Position[] = [path[0]!];
  for (let s = 1; s < path.length; s++) {
    const a = path[s - 1]!;
    const b = path[s]!;
    const m = metresPerDegree(a[1]);
    const dx = (b[0] - a[0]) * m.lon;
    const dy = (b[1] - a[1]) * m.lat;
    const len = Math.hypot(dx, dy) || 1;
    const steps = Math.max(2, Math.min(12, Math.round(len / 2_500)));
    for (let i = 1; i <= steps; i++) {
      const t = i / steps;
      const bend = i === steps ? 0 : Math.sin(Math.PI * t) * random.range(-amplitudeM, amplitudeM);
      out.push(offset([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], (-dy / len) * bend, (dx / len) * bend));
    }
  }
  return roundRing(out);
}

/** Orders a city's counties as a nearest-neighbour chain from its first county. */
function chain(counties: County[]): County[] {
  const rest = [...counties];
  const out = [rest.shift()!];
  while (rest.length) {
    const last = out[out.length - 1]!.seat;
    rest.sort((p, q) => Math.hypot(p.seat[0] - last[0], p.seat[1] - last[1]) - Math.hypot(q.seat[0] - last[0], q.seat[1] - last[1]));
    out.push(rest.shift()!);
  }
  return out;
}

/** Generates named lines plus a generic road and rail network per city. */
export function generateLines(counties: County[], projects: DemoProject[], scale: number, random: Random): DemoLine[] {
  const byCode = new Map(counties.map((c) => [c.code, c]));
  const cities = [...new Set(counties.map((c) => c.cityCode))];
  const lines: DemoLine[] = [];
  for (let round = 0; round < scale; round++) {
    const shift = round * 400; // scaled copies run alongside, 400 m apart
    const add = (name: string, kind: LineKind, status: LineStatus, path: Position[], regionCode: string | null, projectName?: string) => {
      const shifted = path.map((p) => offset(p, shift, shift));
      lines.push({
        code: `L-${String(lines.length + 1).padStart(6, '0')}`,
        name: round > 0 ? `${name}（复本${round + 1}）` : name,
        kind, status, regionCode,
        projectCode: projectName ? (projects.find((p) => p.name === projectName)?.code ?? null) : null,
        geom: { type: 'MultiLineString', coordinates: [meander(shifted, random, 1_500)] },
      });
    };
    for (const l of namedLines) {
      const seats = l.via.map((code) => byCode.get(code)?.seat).filter((s): s is Position => !!s);
      if (seats.length >= 2) add(l.name, l.kind, l.status, seats, byCode.get(l.via[0]!)!.cityCode, l.projectName);
    }
    for (const city of cities) {
      const members = chain(counties.filter((c) => c.cityCode === city));
      const cityName = shortName(members[0]!.name);
      add(`${cityName}境内国道主线`, 'national_road', 'existing', members.map((c) => c.seat), city);
      const half = members.filter((_, i) => i % 2 === 0);
      if (half.length >= 2) add(`${cityName}境内普速铁路`, 'railway', 'existing', half.map((c) => c.seat), city);
      for (const c of members) {
        const end = randomPointIn(c, random);
        const status = random.weighted({ existing: 6, building: 2, planned: 2 });
        add(`${shortName(c.name)}县乡公路${random.int(1, 30)}线`, 'provincial_road', status, [c.seat, end], c.code);
      }
    }
  }
  return lines;
}

interface ZoneSpec {
  kind: ConstraintKind;
  perCounty: [number, number];
  radiusM: [number, number];
  atSeat: boolean;
  label: string;
}

const zoneSpecs: ZoneSpec[] = [
  { kind: 'urban_boundary', perCounty: [1, 1], radiusM: [2_500, 5_000], atSeat: true, label: '城镇开发边界' },
  { kind: 'ecological_redline', perCounty: [1, 2], radiusM: [3_000, 7_000], atSeat: false, label: '生态保护红线' },
  { kind: 'basic_farmland', perCounty: [6, 10], radiusM: [600, 2_000], atSeat: false, label: '永久基本农田保护区' },
  { kind: 'water_source', perCounty: [0, 1], radiusM: [800, 1_500], atSeat: false, label: '饮用水水源保护区' },
];

/** Generates constraint zones per county; urban development boundaries surround the county seats. */
export function generateZones(counties: County[], scale: number, random: Random): DemoZone[] {
  const zones: DemoZone[] = [];
  for (const c of counties) {
    for (const spec of zoneSpecs) {
      const count = spec.atSeat ? 1 : random.int(...spec.perCounty) * scale;
      for (let i = 0; i < count; i++) {
        const centre = spec.atSeat ? c.seat : randomPointIn(c, random);
        zones.push({
          code: `${spec.kind.toUpperCase()}-${c.code}-${String(i + 1).padStart(5, '0')}`,
          name: `${shortName(c.name)}${spec.label}${count > 1 ? `${i + 1}号` : ''}`,
          kind: spec.kind,
          regionCode: c.code,
          geom: { type: 'MultiPolygon', coordinates: [[blob(centre, random.range(...spec.radiusM), random)]] },
        });
      }
    }
  }
  return zones;
}
