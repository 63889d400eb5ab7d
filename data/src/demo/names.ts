// Names for demo records. The flagship projects carry names (and, where public reports give them,
// investment figures) of real projects of the demo region; everything else is generated from the
// templates below and marked as demo data.
import type { ProjectCategory, ProjectLevel, ProjectStage, ProjectTag } from '../glossary.ts';

/** A named project of the demo region with the figures public reports give. */
export interface FlagshipProject {
  name: string;
  regionCode: string;
  category: ProjectCategory;
  level: ProjectLevel;
  stage: ProjectStage;
  /** 万元 */
  totalInvestment: number;
  tags: ProjectTag[];
  industryChain?: string;
  owner: string;
  description: string;
}

export const flagshipProjects: readonly FlagshipProject[] = [
  { name: '沁水抽水蓄能电站', regionCode: '140521', category: 'energy', level: 'province_key', stage: 'continuing', totalInvestment: 807_000, tags: ['two_new_one_heavy'], industryChain: '新能源', owner: '沁水抽水蓄能有限公司', description: '装机容量 120 万千瓦，4 台 30 万千瓦可逆式机组。' },
  { name: '晋钢低碳氢冶金项目', regionCode: '140525', category: 'industry', level: 'province_key', stage: 'new_start', totalInvestment: 420_000, tags: ['six_new', 'investment_promotion'], industryChain: '钢铁', owner: '晋城钢铁控股集团有限公司', description: '富氢低碳冶炼示范，配套氢气制备与储运。' },
  { name: '晋煤东大铁路专用线', regionCode: '140521', category: 'transport', level: 'province_key', stage: 'continuing', totalInvestment: 136_000, tags: ['two_new_one_heavy'], owner: '晋能控股装备制造集团有限公司', description: '东大煤矿铁路专用线，推进公转铁。' },
  { name: '忻雄高铁（忻州段）', regionCode: '140922', category: 'transport', level: 'province_key', stage: 'new_start', totalInvestment: 2_760_000, tags: ['two_new_one_heavy'], owner: '山西铁路投资集团有限公司', description: '忻州至雄安新区高速铁路山西境内段。' },
  { name: '省道366改建工程', regionCode: '140921', category: 'transport', level: 'city_key', stage: 'continuing', totalInvestment: 96_000, tags: ['two_new_one_heavy', 'special_bond'], owner: '定襄县交通运输局', description: '二级公路标准改建。' },
  { name: '华兆住工装配式新材料项目', regionCode: '140902', category: 'industry', level: 'city_key', stage: 'new_start', totalInvestment: 58_000, tags: ['six_new', 'investment_promotion'], industryChain: '绿色建材', owner: '山西华兆住工科技有限公司', description: '装配式建筑构件与新型墙体材料生产线。' },
  { name: '定襄法兰锻造产业园扩建', regionCode: '140921', category: 'industry', level: 'province_key', stage: 'continuing', totalInvestment: 150_000, tags: ['six_new'], industryChain: '高端装备', owner: '定襄县锻造产业投资有限公司', description: '风电法兰、大型环锻件智能化生产线。' },
  { name: '原平经济技术开发区标准化厂房', regionCode: '140981', category: 'industry', level: 'city_key', stage: 'continuing', totalInvestment: 45_000, tags: ['investment_promotion', 'special_bond'], owner: '原平经济技术开发区管委会', description: '标准化厂房及配套设施。' },
  { name: '繁峙县 20 万千瓦风电项目', regionCode: '140924', category: 'energy', level: 'province_key', stage: 'continuing', totalInvestment: 130_000, tags: ['six_new'], industryChain: '新能源', owner: '繁峙县新能源发展有限公司', description: '风电场及 220 千伏升压站。' },
  { name: '河曲黄河文化旅游综合体', regionCode: '140930', category: 'tourism', level: 'city_key', stage: 'new_start', totalInvestment: 38_000, tags: ['investment_promotion'], owner: '河曲县文旅投资有限公司', description: '黄河风情旅游集散与民俗体验。' },
  { name: '长治高科新型显示材料产业园', regionCode: '140403', category: 'industry', level: 'province_key', stage: 'continuing', totalInvestment: 260_000, tags: ['six_new', 'investment_promotion'], industryChain: '光电', owner: '长治高科产业投资有限公司', description: '新型显示材料与光电器件。' },
  { name: '潞城区煤焦化工循环经济园', regionCode: '140406', category: 'industry', level: 'province_key', stage: 'operating', totalInvestment: 320_000, tags: ['six_new'], industryChain: '现代煤化工', owner: '潞城区化工园区管委会', description: '焦炉煤气综合利用及化工新材料。' },
  { name: '沁源县抽水蓄能前期工程', regionCode: '140431', category: 'energy', level: 'province_key', stage: 'reserve', totalInvestment: 760_000, tags: ['two_new_one_heavy'], industryChain: '新能源', owner: '沁源县能源投资有限公司', description: '开展可研及勘察设计。' },
  { name: '晋城光机电产业园', regionCode: '140502', category: 'industry', level: 'province_key', stage: 'continuing', totalInvestment: 180_000, tags: ['six_new', 'investment_promotion'], industryChain: '光机电', owner: '晋城经济技术开发区管委会', description: '光电、智能装备与电子信息。' },
  { name: '高平市丹河新城基础设施', regionCode: '140581', category: 'urban', level: 'city_key', stage: 'continuing', totalInvestment: 72_000, tags: ['special_bond'], owner: '高平市城市建设投资有限公司', description: '道路、管网及公共设施。' },
  { name: '阳城县太行康养旅游度假区', regionCode: '140522', category: 'tourism', level: 'city_key', stage: 'new_start', totalInvestment: 55_000, tags: ['investment_promotion'], owner: '阳城县文旅集团有限公司', description: '皇城相府周边康养旅游。' },
  { name: '运城盐湖生态保护与修复', regionCode: '140802', category: 'water', level: 'province_key', stage: 'continuing', totalInvestment: 210_000, tags: ['two_new_one_heavy', 'special_bond'], owner: '运城盐湖保护发展服务中心', description: '盐湖生态保护修复及文旅融合。' },
  { name: '永济市电机电器产业园', regionCode: '140881', category: 'industry', level: 'city_key', stage: 'continuing', totalInvestment: 68_000, tags: ['six_new'], industryChain: '高端装备', owner: '永济经济技术开发区管委会', description: '牵引电机及电气装备配套。' },
  { name: '河津市铝镁新材料产业园', regionCode: '140882', category: 'industry', level: 'province_key', stage: 'continuing', totalInvestment: 240_000, tags: ['six_new', 'investment_promotion'], industryChain: '铝镁新材料', owner: '河津经济技术开发区管委会', description: '铝基、镁基合金及深加工。' },
  { name: '万荣县苹果冷链物流中心', regionCode: '140822', category: 'agriculture', level: 'county_key', stage: 'completed', totalInvestment: 12_000, tags: ['investment_promotion'], owner: '万荣县果业发展有限公司', description: '冷藏库、分拣线及电商仓储。' },
  { name: '滨州魏桥轻量化材料基地', regionCode: '371681', category: 'industry', level: 'province_key', stage: 'continuing', totalInvestment: 1_000_000, tags: ['six_new'], industryChain: '铝基新材料', owner: '山东魏桥创业集团有限公司', description: '汽车轻量化铝材及零部件。' },
  { name: '滨州港海港港区通用泊位', regionCode: '371623', category: 'transport', level: 'province_key', stage: 'continuing', totalInvestment: 180_000, tags: ['two_new_one_heavy'], owner: '滨州港集团有限公司', description: '3 万吨级通用泊位及配套设施。' },
  { name: '博兴县厨具产业园', regionCode: '371625', category: 'industry', level: 'city_key', stage: 'operating', totalInvestment: 35_000, tags: ['investment_promotion'], industryChain: '商用厨具', owner: '博兴县经济开发区管委会', description: '商用厨具智能制造。' },
  { name: '惠民县绳网产业集群技改', regionCode: '371621', category: 'industry', level: 'county_key', stage: 'new_start', totalInvestment: 18_000, tags: ['six_new'], industryChain: '化纤绳网', owner: '惠民县绳网产业协会', description: '绳网企业智能化技改。' },
  { name: '沾化区渔光互补光伏项目', regionCode: '371603', category: 'energy', level: 'city_key', stage: 'completed', totalInvestment: 92_000, tags: ['six_new'], industryChain: '新能源', owner: '沾化新能源开发有限公司', description: '盐田渔光互补光伏。' },
];

/** Subjects of generated project names per category (the county's short name goes in front). */
export const nameTemplates: Readonly<Record<ProjectCategory, readonly string[]>> = {
  industry: ['高端装备制造基地', '新材料产业园', '精密铸造生产线技改', '新能源汽车零部件', '生物医药产业园', '铝基新材料深加工', '碳基新材料', '智能制造产业园', '绿色建材产业园', '电子信息产业园', '食品精深加工'],
  energy: ['风电项目', '光伏发电项目', '独立储能电站', '氢能示范项目', '煤层气综合利用', '220千伏输变电工程', '110千伏输变电工程', '热电联产改造', '分布式光伏整县推进'],
  transport: ['国道改线工程', '县乡公路提质改造', '物流园铁路专用线', '综合客运枢纽', '农村公路安防工程', '互通立交新建工程'],
  urban: ['城市更新改造', '老旧小区改造', '供热管网改造', '污水处理厂提标改造', '智慧城市建设', '保障性住房', '城市燃气管网改造'],
  water: ['水库除险加固', '灌区续建配套与节水改造', '城乡供水一体化', '河道综合治理', '地下水超采综合治理'],
  agriculture: ['高标准农田建设', '杂粮精深加工', '现代农业产业园', '农产品冷链物流中心', '设施农业产业园', '肉牛养殖基地'],
  social: ['人民医院新院区', '职业教育实训基地', '第二中学新建', '养老服务中心', '全民健身中心', '疾控中心业务楼'],
  services: ['现代物流园', '商贸综合体', '电商产业园', '数据中心', '会展中心'],
  tourism: ['全域旅游集散中心', '古城保护利用', '康养旅游综合体', '景区提质升级', '红色文化旅游'],
};

export const industryChains: Readonly<Partial<Record<ProjectCategory, readonly string[]>>> = {
  industry: ['高端装备', '新材料', '铝镁新材料', '绿色建材', '生物医药', '电子信息', '现代煤化工', '特色食品'],
  energy: ['新能源', '氢能', '现代电网'],
  agriculture: ['特色农业'],
  services: ['现代物流', '数字经济'],
  tourism: ['文化旅游'],
};

export const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '郭', '马', '罗', '梁', '宋'];

export const companySuffixes = ['发展有限公司', '投资有限公司', '实业有限公司', '科技有限公司', '建设投资有限公司', '能源有限公司'];

export const problemTexts: Readonly<Record<string, readonly string[]>> = {
  funds: ['项目资本金未足额到位', '专项债券资金拨付滞后', '银行贷款审批未完成'],
  land: ['用地指标不足，需市级统筹', '土地组卷报批进度慢', '林地占用手续未办结'],
  planning: ['规划条件需调整', '项目选址与国土空间规划衔接未完成'],
  environment: ['环评批复未取得', '排污总量指标未落实'],
  demolition: ['征地拆迁补偿未达成一致', '地上附着物清表未完成'],
  approval: ['施工许可证未办理', '节能审查意见未出具'],
  energy: ['能耗指标缺口需省级协调', '电力接入方案未批复'],
  other: ['施工用水用电未接通', '配套道路未建成'],
};

export const responsibleUnits: Readonly<Record<string, readonly string[]>> = {
  funds: ['财政局', '发改局'],
  land: ['自然资源局'],
  planning: ['自然资源局', '住建局'],
  environment: ['生态环境局'],
  demolition: ['乡镇人民政府', '住建局'],
  approval: ['行政审批服务管理局'],
  energy: ['发改局', '供电公司'],
  other: ['住建局', '交通运输局'],
};
