// Demo key projects with their monthly investment, procedures and problems.
import type { ProjectCategory, ProjectLevel, ProjectStage, ProjectTag, ProcedureKind } from '../glossary.ts';
import { codesOf, procedureKinds } from '../glossary.ts';
import type { Position } from '../geo/planar.ts';
import type { DemoMonth, DemoProblem, DemoProcedure, DemoProject, Geometry } from './dataset.ts';
import { addDays, addMonths, endOfMonth, minDate, monthOf } from './dates.ts';
import type { FlagshipProject } from './names.ts';
import { companySuffixes, flagshipProjects, industryChains, nameTemplates, problemTexts, responsibleUnits, surnames } from './names.ts';
import type { County } from './places.ts';
import { offset, randomPointIn, randomPointNear, rectangle, shortName } from './places.ts';
import type { Random } from './random.ts';
import { muToM2 } from '../units.ts';

/** Projects per scale unit: above the 300 the foundation asks for, with the flagships among them. */
export const PROJECTS_PER_SCALE = 330;
/** Problems per scale unit and how many of them are solved (public figures: 222, of which 196). */
export const PROBLEMS_PER_SCALE = 222;
export const SOLVED_PROBLEMS_PER_SCALE = 196;

const categoryWeights: Record<ProjectCategory, number> = {
  industry: 30, energy: 14, transport: 10, urban: 12, water: 6, agriculture: 9, social: 8, services: 6, tourism: 5,
};
const levelWeights: Record<ProjectLevel, number> = { province_key: 8, city_key: 20, county_key: 37, general: 35 };
const stageWeights: Record<ProjectStage, number> = { reserve: 12, new_start: 30, continuing: 38, completed: 12, operating: 8 };
const investmentRange: Record<ProjectLevel, [number, number]> = {
  province_key: [50_000, 800_000], city_key: [10_000, 200_000], county_key: [3_000, 50_000], general: [1_000, 20_000],
};
// Transport and energy projects run larger than a clinic or a farm at the same level.
const categoryScale: Record<ProjectCategory, number> = {
  industry: 1, energy: 1.4, transport: 1.5, urban: 0.5, water: 0.6, agriculture: 0.3, social: 0.3, services: 0.5, tourism: 0.5,
};
const industryCodes: Record<ProjectCategory, string> = {
  industry: '38', energy: '44', transport: '48', urban: '78', water: '76', agriculture: '01', social: '83', services: '59', tourism: '90',
};
// Construction slows in winter; these weights spread a year's investment over its months.
const monthWeights = [0.4, 0.5, 0.8, 1.1, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 0.9, 0.6];

export interface ProjectContext {
  counties: County[];
  /** Industrial park centres per county code: industry and parcels cluster there. */
  parks: Map<string, Position[]>;
  random: Random;
  scale: number;
  asOf: string;
  months: string[];
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function pickTags(category: ProjectCategory, random: Random): ProjectTag[] {
  const tags: ProjectTag[] = [];
  if ((category === 'industry' || category === 'energy') && random.chance(0.5)) tags.push('six_new');
  if (['transport', 'water', 'urban', 'energy'].includes(category) && random.chance(0.4)) tags.push('two_new_one_heavy');
  if (['industry', 'services', 'tourism', 'agriculture'].includes(category) && random.chance(0.3)) tags.push('investment_promotion');
  if (['urban', 'water', 'social', 'transport'].includes(category) && random.chance(0.35)) tags.push('special_bond');
  return tags;
}

function leaderFor(level: ProjectLevel, county: County, random: Random): string {
  const suffix = county.name.endsWith('区') ? '区' : county.name.endsWith('市') ? '市' : '县';
  const title: Record<ProjectLevel, string> = {
    province_key: '副市长', city_key: '市发展改革委主任', county_key: `副${suffix}长`, general: `${suffix}发展改革局局长`,
  };
  return `${random.pick(surnames)}某某（${title[level]}）`;
}

function needsFor(category: ProjectCategory, total: number, random: Random) {
  const land: Record<ProjectCategory, [number, number]> = {
    industry: [30, 600], energy: [50, 2500], transport: [100, 3000], urban: [10, 200], water: [20, 800],
    agriculture: [20, 500], social: [15, 150], services: [20, 300], tourism: [30, 500],
  };
  const [lo, hi] = land[category];
  const heavy = category === 'industry' || category === 'energy';
  return {
    needLandMu: round2(random.logRange(lo, hi)),
    needEnergyTce: round2(heavy ? random.logRange(2_000, 150_000) : random.logRange(50, 3_000)),
    needWater10kM3: round2(heavy ? random.logRange(5, 300) : random.logRange(0.5, 30)),
    needEmissionT: round2(heavy ? random.logRange(5, 400) : 0),
    fundingGap: random.chance(0.3) ? Math.round(total * random.range(0.05, 0.3)) : 0,
  };
}

interface Schedule {
  plannedStart: string | null;
  plannedFinish: string | null;
  actualStart: string | null;
  actualFinish: string | null;
  annualPlan: number;
}

function scheduleFor(stage: ProjectStage, total: number, asOf: string, random: Random): Schedule {
  const year = Number(asOf.slice(0, 4));
  const d = (y: number, m: number, day = 1) => `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  switch (stage) {
    case 'reserve': {
      const start = d(year + 1, random.int(3, 9));
      return { plannedStart: start, plannedFinish: addMonths(start, random.int(12, 36)), actualStart: null, actualFinish: null, annualPlan: Math.round(total * random.range(0, 0.02)) };
    }
    case 'new_start': {
      const start = d(year, random.int(1, Number(asOf.slice(5, 7)) - 1), random.int(1, 28));
      // About one in seven new starts is late: planned this year, not started by now.
      const started = random.chance(0.86);
      const drift = addDays(start, random.int(-15, 40));
      const actual = started ? minDate(drift < `${year}-01-02` ? `${year}-01-02` : drift, addDays(asOf, -20)) : null;
      return { plannedStart: start, plannedFinish: addMonths(start, random.int(12, 36)), actualStart: actual, actualFinish: null, annualPlan: Math.round(total * random.range(0.15, 0.4)) };
    }
    case 'continuing': {
      const start = d(year - random.int(1, 3), random.int(2, 10), random.int(1, 28));
      return { plannedStart: start, plannedFinish: d(year + random.int(0, 2), random.int(6, 12), 28), actualStart: addDays(start, random.int(0, 30)), actualFinish: null, annualPlan: Math.round(total * random.range(0.18, 0.35)) };
    }
    case 'completed': {
      const start = d(year - random.int(1, 3), random.int(2, 10), random.int(1, 28));
      const finish = d(year, random.int(3, Number(asOf.slice(5, 7)) - 1), random.int(1, 28));
      return { plannedStart: start, plannedFinish: finish, actualStart: start, actualFinish: finish, annualPlan: Math.round(total * random.range(0.08, 0.25)) };
    }
    case 'operating': {
      const start = d(year - random.int(3, 5), random.int(2, 10), random.int(1, 28));
      const finish = d(year - random.int(1, 2), random.int(1, 12), random.int(1, 28));
      return { plannedStart: start, plannedFinish: finish, actualStart: start, actualFinish: finish, annualPlan: 0 };
    }
  }
}

const progressTexts = ['前期手续办理', '场地平整', '基础施工', '主体结构施工', '设备安装', '调试及竣工验收准备'];

function monthsFor(s: Schedule, stage: ProjectStage, months: string[], random: Random): DemoMonth[] {
  if (!s.actualStart || stage === 'operating') return [];
  const year = months[months.length - 1]!.slice(0, 4);
  // Months of this year in which the project was under way.
  const active = months.filter((m) => m >= monthOf(s.actualStart!) && (!s.actualFinish || m <= monthOf(s.actualFinish)));
  if (active.length === 0) return [];
  const late = stage === 'new_start' && random.chance(0.15);
  const target = s.annualPlan * (late ? random.range(0.2, 0.5) : random.range(0.6, 1.08));
  const weights = active.map((m) => (m.startsWith(year) ? monthWeights[Number(m.slice(5, 7)) - 1]! * random.range(0.7, 1.3) : 0));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let ytd = 0;
  // Months of last year carry last year's running total (this demo only reaches back to December).
  const lastYearYtd = round2(s.annualPlan * random.range(0.7, 1.0));
  return active.map((m, i) => {
    const isThisYear = m.startsWith(year);
    const amount = isThisYear ? round2((target * weights[i]!) / total) : round2(lastYearYtd * 0.06);
    if (isThisYear) ytd = round2(ytd + amount);
    const finished = s.actualFinish !== null && endOfMonth(m) >= s.actualFinish;
    const startedThisYear = s.actualStart!.startsWith(year);
    const monthStage: ProjectStage = finished ? 'completed' : startedThisYear ? 'new_start' : 'continuing';
    const progress = progressTexts[Math.min(progressTexts.length - 1, Math.floor(((i + 1) / active.length) * (finished ? 6 : 4)) + (finished ? 0 : 1))]!;
    return { month: m, investmentMonth: amount, investmentYtd: isThisYear ? ytd : lastYearYtd, stage: monthStage, progress };
  });
}

function proceduresFor(stage: ProjectStage, s: Schedule, asOf: string, region: string, random: Random): DemoProcedure[] {
  const kinds = codesOf(procedureKinds);
  const anchor = s.actualStart ?? minDate(s.plannedStart ?? asOf, asOf);
  return kinds.map((kind: ProcedureKind, i): DemoProcedure => {
    const doneOn = addDays(anchor, -30 * (kinds.length - i) - random.int(0, 20));
    const doc = `${region}-${kind}-${doneOn.slice(0, 4)}-${random.int(10, 999)}`;
    let status: DemoProcedure['status'] = 'done';
    if (kind === 'energy_review' && random.chance(0.15)) status = 'not_required';
    if (stage === 'reserve') status = i === 0 ? (random.chance(0.6) ? 'done' : 'in_progress') : i === 1 ? 'in_progress' : 'pending';
    if (stage === 'new_start' && !s.actualStart && i >= 4) status = random.chance(0.5) ? 'in_progress' : 'pending';
    if (status === 'done' && doneOn > asOf) status = 'in_progress';
    return { kind, status, doneOn: status === 'done' ? doneOn : null, documentNo: status === 'done' ? doc : null };
  });
}

function siteFor(category: ProjectCategory, location: Position, needLandMu: number, random: Random): Geometry | null {
  if (category === 'transport') {
    const a = random.range(0, Math.PI);
    const len = random.range(3_000, 15_000);
    const coords: Position[] = [];
    for (let i = 0; i <= 8; i++) {
      const t = (i / 8 - 0.5) * len;
      coords.push(offset(location, t * Math.cos(a) + random.range(-150, 150), t * Math.sin(a) + random.range(-150, 150)));
    }
    return { type: 'LineString', coordinates: coords };
  }
  if (category === 'social' || random.chance(0.25)) return null;
  const areaM2 = muToM2(Math.min(needLandMu, 1500));
  const ratio = random.range(1, 2.2);
  const w = Math.sqrt(areaM2 * ratio);
  return { type: 'Polygon', coordinates: [rectangle(location, w, areaM2 / w, random.range(0, Math.PI))] };
}

function makeProject(index: number, county: County, flagship: FlagshipProject | null, ctx: ProjectContext): DemoProject {
  const { random, asOf } = ctx;
  const category = flagship?.category ?? random.weighted(categoryWeights);
  const level = flagship?.level ?? random.weighted(levelWeights);
  const stage = flagship?.stage ?? random.weighted(stageWeights);
  const [lo, hi] = investmentRange[level];
  const total = flagship?.totalInvestment ?? Math.round(random.logRange(lo, hi) * categoryScale[category]);
  const short = shortName(county.name);
  const round = Math.floor(index / PROJECTS_PER_SCALE);
  const name = flagship?.name ?? `${short}${random.pick(nameTemplates[category])}${round > 0 ? `（${round + 1}期）` : ''}`;
  const parks = ctx.parks.get(county.code) ?? [];
  const location = category === 'industry' && parks.length > 0
    ? randomPointNear(county, random.pick(parks), 2_500, random)
    : flagship ? randomPointNear(county, county.seat, 15_000, random) : randomPointIn(county, random);
  const s = scheduleFor(stage, total, asOf, random);
  const needs = needsFor(category, total, random);
  const chains = industryChains[category];
  const year = (s.plannedStart ?? asOf).slice(0, 4);
  return {
    code: `${year}-${county.code}-${industryCodes[category]}-0${random.int(1, 3)}-${String(index + 1).padStart(6, '0')}`,
    name,
    level,
    stage,
    category,
    tags: flagship?.tags ?? pickTags(category, random),
    industryChain: flagship?.industryChain ?? (chains && random.chance(0.7) ? random.pick(chains) : null),
    regionCode: county.code,
    owner: flagship?.owner ?? `${short}${random.pick(['鑫', '恒', '华', '晟', '润', '泰', '德', '源'])}${random.pick(['达', '盛', '通', '信', '丰', '安'])}${random.pick(companySuffixes)}`,
    responsibleLeader: leaderFor(level, county, random),
    totalInvestment: total,
    annualPlan: s.annualPlan,
    planYear: Number(asOf.slice(0, 4)),
    plannedStart: s.plannedStart,
    plannedFinish: s.plannedFinish,
    actualStart: s.actualStart,
    actualFinish: s.actualFinish,
    description: flagship?.description ?? `${name}，演示数据。`,
    location: [Number(location[0].toFixed(7)), Number(location[1].toFixed(7))],
    site: siteFor(category, location, needs.needLandMu, random),
    ...needs,
    months: monthsFor(s, stage, ctx.months, random),
    procedures: proceduresFor(stage, s, asOf, county.code, random),
    problems: [],
  };
}

function makeProblem(project: DemoProject, solved: boolean, asOf: string, random: Random): DemoProblem {
  const category = random.pick(Object.keys(problemTexts)) as DemoProblem['category'];
  const reportedOn = addDays(asOf, -random.int(20, 320));
  const deadline = addDays(reportedOn, random.int(30, 120));
  const solveLevel = random.weighted({ county: 6, city: 3, province: 1 });
  const levelPrefix = { county: '县', city: '市', province: '省' }[solveLevel];
  if (solved) {
    const resolvedOn = minDate(addDays(reportedOn, random.int(7, 110)), asOf);
    return {
      category, description: random.pick(problemTexts[category]!), solveLevel,
      responsibleUnit: `${levelPrefix}${random.pick(responsibleUnits[category]!)}`, reportedOn, deadline,
      status: random.chance(0.7) ? 'closed' : 'resolved', resolvedOn, feedback: '已协调解决，经项目单位确认。',
    };
  }
  return {
    category, description: random.pick(problemTexts[category]!), solveLevel,
    responsibleUnit: `${levelPrefix}${random.pick(responsibleUnits[category]!)}`, reportedOn, deadline,
    status: random.chance(0.6) ? 'assigned' : 'open', resolvedOn: null, feedback: random.chance(0.5) ? '正在协调推进。' : null,
  };
}

/** Generates the demo projects: flagships first, the rest spread over counties by weight. */
export function generateProjects(ctx: ProjectContext): DemoProject[] {
  const { counties, random, scale, asOf } = ctx;
  const byCode = new Map(counties.map((c) => [c.code, c]));
  const projects: DemoProject[] = [];
  flagshipProjects.forEach((f) => {
    const county = byCode.get(f.regionCode);
    if (!county) throw new Error(`flagship ${f.name}: county ${f.regionCode} not in the demo region`);
    projects.push(makeProject(projects.length, county, f, ctx));
  });
  const total = PROJECTS_PER_SCALE * scale;
  while (projects.length < total) projects.push(makeProject(projects.length, counties[projects.length % counties.length]!, null, ctx));
  // Problems go mostly to projects under way, where they arise.
  const eligible = projects.filter((p) => p.stage !== 'operating');
  for (let i = 0; i < PROBLEMS_PER_SCALE * scale; i++) {
    const p = random.pick(eligible);
    p.problems.push(makeProblem(p, i % PROBLEMS_PER_SCALE < SOLVED_PROBLEMS_PER_SCALE, asOf, random));
  }
  return projects;
}
