// Demo PV, wind, storage and pumped-hydro stations. The village PV totals match the public figures
// exactly (per scale unit): 1,350 stations, 30.448 万千瓦 connected = 85.32% of capacity; and 8
// centralised PV stations of which 6 are fully connected.
import type { GridStatus, StationKind } from '../glossary.ts';
import type { DemoProject, DemoStation } from './dataset.ts';
import { addDays } from './dates.ts';
import type { County } from './places.ts';
import { blob, randomPointIn, randomPointNear, shortName } from './places.ts';
import type { Random } from './random.ts';

export const VILLAGE_PV_PER_SCALE = 1_350;
export const VILLAGE_PV_CONNECTED_KW = 304_480;
/** Capacity chosen so that connected / capacity = 85.32% (304,480 / 356,868 = 0.853201). */
export const VILLAGE_PV_CAPACITY_KW = 356_868;

interface FleetSpec {
  kind: StationKind;
  count: number;
  statuses: GridStatus[];
  capacityKw: [number, number];
  siteRadiusM: number | null;
  label: string;
}

const fleets: FleetSpec[] = [
  { kind: 'centralised_pv', count: 8, statuses: ['fully_connected', 'fully_connected', 'fully_connected', 'fully_connected', 'fully_connected', 'fully_connected', 'partly_connected', 'building'], capacityKw: [50_000, 200_000], siteRadiusM: 1_100, label: '集中式光伏电站' },
  { kind: 'wind', count: 6, statuses: ['fully_connected', 'fully_connected', 'fully_connected', 'fully_connected', 'partly_connected', 'building'], capacityKw: [50_000, 200_000], siteRadiusM: 3_000, label: '风电场' },
  { kind: 'storage', count: 3, statuses: ['fully_connected', 'building', 'planned'], capacityKw: [50_000, 100_000], siteRadiusM: 150, label: '独立储能电站' },
  { kind: 'distributed_pv', count: 40, statuses: ['fully_connected', 'fully_connected', 'fully_connected', 'partly_connected', 'building'], capacityKw: [500, 6_000], siteRadiusM: null, label: '分布式光伏' },
];

const villageSyllables = [['东', '西', '南', '北', '前', '后', '上', '下', '大', '小', '王家', '李家'], ['庄', '沟', '堡', '营', '坡', '峪', '寨', '头', '河', '岭', '窑', '湾']];

/** Splits `total` into integer parts proportional to `weights`, adding up exactly. */
function splitInteger(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts.length, rest--) parts[i]! += 1;
  return parts;
}

function villagePv(counties: County[], scale: number, asOf: string, random: Random): DemoStation[] {
  const n = VILLAGE_PV_PER_SCALE * scale;
  const capacities = splitInteger(VILLAGE_PV_CAPACITY_KW * scale, Array.from({ length: n }, () => random.range(150, 400)));
  // Stations not yet connected make up the shortfall; one partly connected station takes the remainder.
  let shortfall = (VILLAGE_PV_CAPACITY_KW - VILLAGE_PV_CONNECTED_KW) * scale;
  const connected = [...capacities];
  const status: GridStatus[] = capacities.map(() => 'fully_connected');
  for (let i = n - 1; i >= 0 && shortfall > 0; i -= 1 + (i % 3)) {
    if (capacities[i]! <= shortfall) {
      connected[i] = 0;
      status[i] = random.chance(0.7) ? 'building' : 'planned';
      shortfall -= capacities[i]!;
    } else {
      connected[i] = capacities[i]! - shortfall;
      status[i] = 'partly_connected';
      shortfall = 0;
    }
  }
  if (shortfall !== 0) throw new Error('village PV totals could not be matched');
  return capacities.map((cap, i) => {
    const county = counties[i % counties.length]!;
    const village = `${random.pick(villageSyllables[0]!)}${random.pick(villageSyllables[1]!)}村`;
    return {
      code: `PV-${county.code}-${String(i + 1).padStart(6, '0')}`,
      name: `${shortName(county.name)}${village}光伏电站`,
      kind: 'village_pv',
      capacityKw: cap,
      connectedKw: connected[i]!,
      gridStatus: status[i]!,
      connectedOn: connected[i]! > 0 ? addDays(asOf, -random.int(60, 2200)) : null,
      substation: `${shortName(county.name)}${random.pick(['城关', '东关', '北郊', '南郊'])}110千伏变电站`,
      regionCode: county.code,
      projectCode: null,
      point: randomPointIn(county, random),
      site: null,
    };
  });
}

/** Generates all demo stations; the pumped-hydro station belongs to the 沁水 project. */
export function generateStations(counties: County[], projects: DemoProject[], scale: number, asOf: string, random: Random): DemoStation[] {
  const stations = villagePv(counties, scale, asOf, random);
  for (let round = 0; round < scale; round++) {
    for (const fleet of fleets) {
      for (let i = 0; i < fleet.count; i++) {
        const county = random.pick(counties);
        const status = fleet.statuses[i % fleet.statuses.length]!;
        const capacity = Math.round(random.range(...fleet.capacityKw) / 100) * 100;
        const connected = status === 'fully_connected' ? capacity : status === 'partly_connected' ? Math.round(capacity * random.range(0.3, 0.8)) : 0;
        const point = randomPointIn(county, random);
        stations.push({
          code: `${fleet.kind.toUpperCase()}-${county.code}-${round}-${i + 1}`,
          name: `${shortName(county.name)}${random.pick(['东山', '西岭', '北梁', '南塬', '红崖', '青龙'])}${fleet.label}${round > 0 ? `（${round + 1}期）` : ''}`,
          kind: fleet.kind,
          capacityKw: capacity,
          connectedKw: connected,
          gridStatus: status,
          connectedOn: connected > 0 ? addDays(asOf, -random.int(30, 1500)) : null,
          substation: `${shortName(county.name)}${random.pick(['汇集站', '升压站'])}220千伏`,
          regionCode: county.code,
          projectCode: null,
          point,
          site: fleet.siteRadiusM ? { type: 'MultiPolygon', coordinates: [[blob(point, fleet.siteRadiusM, random)]] } : null,
        });
      }
    }
    const qinshui = projects.find((p) => p.name === '沁水抽水蓄能电站');
    const county = counties.find((c) => c.code === '140521');
    if (qinshui && county) {
      const point = randomPointNear(county, qinshui.location, 2_000, random);
      stations.push({
        code: `PUMPED_HYDRO-140521-${round}`,
        name: `沁水抽水蓄能电站${round > 0 ? `（${round + 1}期）` : ''}`,
        kind: 'pumped_hydro', capacityKw: 1_200_000, connectedKw: 0, gridStatus: 'building', connectedOn: null,
        substation: '沁水500千伏开关站', regionCode: '140521', projectCode: qinshui.code, point,
        site: { type: 'MultiPolygon', coordinates: [[blob(point, 1_500, random)]] },
      });
    }
  }
  return stations;
}
