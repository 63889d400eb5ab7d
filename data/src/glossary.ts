// The domain vocabulary: English identifiers used in code, SQL and the API, with the Chinese
// terms shown in the UI. The SQL CHECK constraints in data/migrations use exactly these values;
// glossary.test.ts reads the constraints back from the database to keep the two in step.

/** A closed set of codes with their Chinese labels, in display order. */
export type Vocabulary<K extends string> = Readonly<Record<K, string>>;

export const regionLevels = {
  province: '省',
  city: '市',
  county: '县（市、区）',
} as const satisfies Vocabulary<string>;

export const projectStages = {
  reserve: '储备',
  new_start: '新开工',
  continuing: '续建',
  completed: '竣工',
  operating: '投产',
} as const satisfies Vocabulary<string>;

export const projectLevels = {
  province_key: '省级重点',
  city_key: '市级重点',
  county_key: '县级重点',
  general: '一般项目',
} as const satisfies Vocabulary<string>;

export const projectCategories = {
  industry: '工业制造',
  energy: '能源',
  transport: '交通',
  urban: '城市建设',
  water: '水利',
  agriculture: '农业农村',
  social: '社会民生',
  services: '现代服务业',
  tourism: '文化旅游',
} as const satisfies Vocabulary<string>;

export const projectTags = {
  six_new: '六新',
  two_new_one_heavy: '两新一重',
  investment_promotion: '招商引资',
  special_bond: '专项债',
} as const satisfies Vocabulary<string>;

export const procedureKinds = {
  approval: '立项',
  planning_site: '规划选址',
  land_pre_review: '用地预审',
  eia: '环评',
  energy_review: '能评',
  land_use_permit: '用地规划许可',
  construction_permit: '施工许可',
} as const satisfies Vocabulary<string>;

export const procedureStatuses = {
  pending: '未办理',
  in_progress: '办理中',
  done: '已办结',
  not_required: '不涉及',
} as const satisfies Vocabulary<string>;

export const problemCategories = {
  funds: '资金',
  land: '土地',
  planning: '规划',
  environment: '环评',
  demolition: '征拆',
  approval: '审批手续',
  energy: '能耗指标',
  other: '其他',
} as const satisfies Vocabulary<string>;

export const problemLevels = {
  county: '县级',
  city: '市级',
  province: '省级',
} as const satisfies Vocabulary<string>;

export const problemStatuses = {
  open: '待交办',
  assigned: '已交办',
  resolved: '已解决',
  closed: '已销号',
} as const satisfies Vocabulary<string>;

export const parcelKinds = {
  new_quota: '新增建设用地指标',
  standard_land: '标准地',
  stock_land: '存量用地',
} as const satisfies Vocabulary<string>;

export const parcelStatuses = {
  available: '可供应',
  reserved: '已预留',
  allocated: '已配置',
  supplied: '已供地',
} as const satisfies Vocabulary<string>;

export const landUses = {
  industrial: '工业用地',
  logistics: '物流仓储用地',
  commercial: '商业服务业用地',
  public: '公共管理与公共服务用地',
  infrastructure: '公用设施用地',
  energy: '能源设施用地',
} as const satisfies Vocabulary<string>;

export const quotaFactors = {
  land: '用地指标',
  energy: '能耗指标',
  emission: '排放指标',
  water: '用水指标',
  funds: '资金',
} as const satisfies Vocabulary<string>;

/** The unit each quota factor is kept in. */
export const quotaUnits: Readonly<Record<keyof typeof quotaFactors, string>> = {
  land: '亩',
  energy: '吨标准煤',
  emission: '吨',
  water: '万立方米',
  funds: '万元',
};

export const stationKinds = {
  village_pv: '村级光伏电站',
  centralised_pv: '集中式光伏电站',
  distributed_pv: '分布式光伏',
  wind: '风电场',
  storage: '储能电站',
  pumped_hydro: '抽水蓄能电站',
} as const satisfies Vocabulary<string>;

export const gridStatuses = {
  planned: '规划',
  building: '在建',
  partly_connected: '部分并网',
  fully_connected: '全容量并网',
} as const satisfies Vocabulary<string>;

export const lineKinds = {
  high_speed_rail: '高速铁路',
  railway: '普速铁路',
  rail_spur: '铁路专用线',
  expressway: '高速公路',
  national_road: '国道',
  provincial_road: '省道',
  tourism_road: '旅游公路',
} as const satisfies Vocabulary<string>;

export const lineStatuses = {
  existing: '已建成',
  building: '在建',
  planned: '规划',
} as const satisfies Vocabulary<string>;

export const constraintKinds = {
  basic_farmland: '永久基本农田',
  ecological_redline: '生态保护红线',
  urban_boundary: '城镇开发边界',
  water_source: '水源保护区',
  other: '其他管控区',
} as const satisfies Vocabulary<string>;

export const dataVersionKinds = {
  demo: '演示数据',
  monthly: '按月调度',
  gis: 'GIS 导入',
  manual: '人工维护',
} as const satisfies Vocabulary<string>;

export const userRoles = {
  admin: '管理员',
  editor: '编辑',
  planner: '规划',
  viewer: '查看',
} as const satisfies Vocabulary<string>;

export const shareFieldProfiles = {
  public: '仅公开字段',
  investor: '公开字段 + 地价（招商）',
  internal: '内部字段（含责任领导、问题）',
} as const satisfies Vocabulary<string>;

export type RegionLevel = keyof typeof regionLevels;
export type ProjectStage = keyof typeof projectStages;
export type ProjectLevel = keyof typeof projectLevels;
export type ProjectCategory = keyof typeof projectCategories;
export type ProjectTag = keyof typeof projectTags;
export type ProcedureKind = keyof typeof procedureKinds;
export type ProcedureStatus = keyof typeof procedureStatuses;
export type ProblemCategory = keyof typeof problemCategories;
export type ProblemLevel = keyof typeof problemLevels;
export type ProblemStatus = keyof typeof problemStatuses;
export type ParcelKind = keyof typeof parcelKinds;
export type ParcelStatus = keyof typeof parcelStatuses;
export type LandUse = keyof typeof landUses;
export type QuotaFactor = keyof typeof quotaFactors;
export type StationKind = keyof typeof stationKinds;
export type GridStatus = keyof typeof gridStatuses;
export type LineKind = keyof typeof lineKinds;
export type LineStatus = keyof typeof lineStatuses;
export type ConstraintKind = keyof typeof constraintKinds;

/** The codes of a vocabulary, in display order. */
export function codesOf<K extends string>(vocabulary: Vocabulary<K>): K[] {
  return Object.keys(vocabulary) as K[];
}

/** Every vocabulary that a SQL CHECK constraint enforces, keyed by "table.column". */
export const checkedVocabularies: Readonly<Record<string, Vocabulary<string>>> = {
  'regions.level': regionLevels,
  'projects.stage': projectStages,
  'projects.level': projectLevels,
  'projects.category': projectCategories,
  'project_months.stage': projectStages,
  'procedures.kind': procedureKinds,
  'procedures.status': procedureStatuses,
  'problems.category': problemCategories,
  'problems.solve_level': problemLevels,
  'problems.status': problemStatuses,
  'land_parcels.kind': parcelKinds,
  'land_parcels.status': parcelStatuses,
  'land_parcels.land_use': landUses,
  'quota_ledgers.factor': quotaFactors,
  'energy_stations.kind': stationKinds,
  'energy_stations.grid_status': gridStatuses,
  'transport_lines.kind': lineKinds,
  'transport_lines.status': lineStatuses,
  'constraint_zones.kind': constraintKinds,
  'data_versions.kind': dataVersionKinds,
  'users.role': userRoles,
  'shares.field_profile': shareFieldProfiles,
};
