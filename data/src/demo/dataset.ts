// The shape of a generated demo dataset: plain records, ready for seed.ts to insert. Geometry is
// GeoJSON in CGCS2000 lon/lat; amounts are in the units of the schema (万元, 亩, kW, m²).
import type {
  ConstraintKind, GridStatus, LandUse, LineKind, LineStatus, ParcelKind, ParcelStatus, ProblemCategory,
  ProblemLevel, ProblemStatus, ProcedureKind, ProcedureStatus, ProjectCategory, ProjectLevel, ProjectStage,
  ProjectTag, QuotaFactor, StationKind,
} from '../glossary.ts';
import type { Position } from '../geo/planar.ts';

export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface DemoMonth {
  month: string; // YYYY-MM-01
  investmentMonth: number;
  investmentYtd: number;
  stage: ProjectStage;
  progress: string;
}

export interface DemoProcedure {
  kind: ProcedureKind;
  status: ProcedureStatus;
  doneOn: string | null;
  documentNo: string | null;
}

export interface DemoProblem {
  category: ProblemCategory;
  description: string;
  solveLevel: ProblemLevel;
  responsibleUnit: string;
  reportedOn: string;
  deadline: string;
  status: ProblemStatus;
  resolvedOn: string | null;
  feedback: string | null;
}

export interface DemoProject {
  code: string;
  name: string;
  level: ProjectLevel;
  stage: ProjectStage;
  category: ProjectCategory;
  tags: ProjectTag[];
  industryChain: string | null;
  regionCode: string;
  owner: string;
  responsibleLeader: string;
  totalInvestment: number;
  annualPlan: number;
  planYear: number;
  plannedStart: string | null;
  plannedFinish: string | null;
  actualStart: string | null;
  actualFinish: string | null;
  description: string;
  location: Position;
  site: Geometry | null;
  needLandMu: number;
  needEnergyTce: number;
  needWater10kM3: number;
  needEmissionT: number;
  fundingGap: number;
  months: DemoMonth[];
  procedures: DemoProcedure[];
  problems: DemoProblem[];
}

export interface DemoParcel {
  code: string;
  name: string;
  kind: ParcelKind;
  landUse: LandUse;
  status: ParcelStatus;
  regionCode: string;
  projectCode: string | null;
  areaM2: number;
  services: string;
  priceWanPerMu: number | null;
  plotRatioMin: number | null;
  geom: Geometry;
}

export interface DemoLedger {
  regionCode: string;
  year: number;
  factor: QuotaFactor;
  unit: string;
  granted: number;
  allocated: number;
  advanced: number;
  draws: { projectCode: string; amount: number }[];
}

export interface DemoStation {
  code: string;
  name: string;
  kind: StationKind;
  capacityKw: number;
  connectedKw: number;
  gridStatus: GridStatus;
  connectedOn: string | null;
  substation: string;
  regionCode: string;
  projectCode: string | null;
  point: Position;
  site: Geometry | null;
}

export interface DemoLine {
  code: string;
  name: string;
  kind: LineKind;
  status: LineStatus;
  regionCode: string | null;
  projectCode: string | null;
  geom: Geometry;
}

export interface DemoZone {
  code: string;
  name: string;
  kind: ConstraintKind;
  regionCode: string;
  geom: Geometry;
}

export interface DemoCounty {
  code: string;
  name: string;
  cityCode: string;
  boundary: Geometry;
}

/** Everything the demo region holds. */
export interface DemoDataset {
  asOf: string;
  months: string[];
  counties: DemoCounty[];
  projects: DemoProject[];
  parcels: DemoParcel[];
  ledgers: DemoLedger[];
  stations: DemoStation[];
  lines: DemoLine[];
  zones: DemoZone[];
}
