// The target table's own vocabulary (docs/design.md, Targets): level-1/level-2 names, header words, metadata labels
// and qualitative phrases. The importer reads cells by what they say, not by where they stand.

/** Full-width ASCII → half-width, ideographic space → space; one char for one char, so offsets survive. */
export function fold(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Folded, without any whitespace: the form every vocabulary comparison uses. */
export function compact(text: string): string {
  return fold(text).replace(/[\s\u200b-\u200d\ufeff]+/g, '');
}

export const LEVEL1_NAMES = ['产出指标', '效益指标', '满意度指标', '成本指标'] as const;

/** Known level-2 names and the level-1 each belongs to. 成本指标 is level-2 under 产出指标 in older templates. */
const LEVEL2_PARENT = new Map<string, string>([
  ...['数量指标', '质量指标', '时效指标', '成本指标'].map((n): [string, string] => [n, '产出指标']),
  ...['经济成本指标', '社会成本指标', '生态环境成本指标', '生态成本指标', '环境成本指标'].map((n): [string, string] => [n, '成本指标']),
  ...['经济效益指标', '社会效益指标', '生态效益指标', '环境效益指标', '生态环境效益指标', '可持续影响指标'].map((n): [string, string] => [n, '效益指标']),
  ...['服务对象满意度指标', '满意度指标', '社会公众满意度指标', '公众满意度指标', '群众满意度指标'].map((n): [string, string] => [n, '满意度指标']),
]);

// `产出指标(50分)` and `产出指标：` name the same level; the score in brackets is not part of the name. Old
// templates gloss a name in brackets (`数量指标(或建筑规模指标)`, `时效指标(工期指标)`): the gloss is not either.
function levelForm(text: string): string {
  return compact(text)
    .replace(/^\*/, '')
    .replace(/[:]$/, '')
    .replace(/\([^()]*(分|%)[^()]*\)$/, '')
    .replace(/\((或|含)?[^()]*指标[^()]*\)$/, '')
    .replace(/\(\d+(-\d+)?\)分?$/, '');
}

/** Old-template (2019 and before) names and their current ones (docs/design.md, Targets: old templates). */
const OLD_LEVEL_NAMES = new Map<string, string>([
  ['预期产出指标', '产出指标'],
  ['产出', '产出指标'],
  ['效果指标', '效益指标'],
  ['预期效果指标', '效益指标'],
  ['效益', '效益指标'],
  ['预算控制指标', '成本指标'],
  ['预算(或投资规模)控制指标', '成本指标'],
  ['投资规模控制指标', '成本指标'],
  ['建筑规模指标', '数量指标'],
  ['工期指标', '时效指标'],
  ['形象进度指标', '时效指标'],
]);

const oldName = (form: string): string => OLD_LEVEL_NAMES.get(form) ?? form;

function withSuffix(name: string): string[] {
  return name.endsWith('指标') ? [name] : [name, `${name}指标`];
}

/** Canonical level-1 name for `产出指标`, `产出`, `效益指标(30分)`…; null otherwise. */
export function matchLevel1(text: string): string | null {
  const form = oldName(levelForm(text));
  if (form === '成本指标' && OLD_LEVEL_NAMES.has(levelForm(text))) return null; // 预算控制指标 is a level-2
  return withSuffix(form).find((n) => (LEVEL1_NAMES as readonly string[]).includes(n)) ?? null;
}

/** Canonical (or, for an unlisted `…效益指标`, as-written) level-2 name; null otherwise. */
export function matchLevel2(text: string): string | null {
  const written = levelForm(text);
  const form = oldName(written);
  if (written !== form && LEVEL1_NAMES.includes(form as (typeof LEVEL1_NAMES)[number]) && form !== '成本指标') return null;
  const known = withSuffix(form).find((n) => LEVEL2_PARENT.has(n));
  if (known) return known;
  // `社会、经济、生态效益指标` (old templates join the three effects in one level-2).
  return /^[\p{Script=Han}、]{1,12}(效益|成本|满意度|影响)指标$/u.test(form) && !form.startsWith('、') ? form : null;
}

/** Every known level name, longest first, for reading names run together (`产出指标数量指标…`). */
export const LEVEL_NAMES: string[] = [...new Set<string>([...LEVEL1_NAMES, ...LEVEL2_PARENT.keys()])].sort((a, b) => b.length - a.length);

/** The level-1 a level-2 belongs to; an unlisted `…效益指标` is still an effect. `…成本指标` may be either level. */
export function parentOfLevel2(level2: string): string | null {
  const known = LEVEL2_PARENT.get(level2);
  if (known) return known;
  if (/(效益|影响)指标$/.test(level2)) return '效益指标';
  return /满意度指标$/.test(level2) ? '满意度指标' : null;
}

export type ColumnKind = 'section' | 'level1' | 'level2' | 'level3' | 'description' | 'value' | 'nature' | 'unit' | 'weight' | 'ignore';

const HEADER_WORDS: [ColumnKind, string[]][] = [
  // `绩`: the vertical label 绩效指标 cut to its first character by a copied page.
  ['section', ['绩效指标', '年度绩效指标', '绩效指标表', '绩']],
  ['level1', ['一级指标']],
  ['level2', ['二级指标']],
  ['level3', ['三级指标', '指标名称', '三级指标名称']],
  ['description', ['绩效指标描述', '指标描述', '指标内容', '指标解释', '指标说明', '指标值说明']],
  ['value', ['指标值', '目标值', '年度指标值', '指标目标值', '年度目标值', '绩效指标值', '预期目标值', '绩效目标值', '计划指标值', '当年预期实现值']],
  ['nature', ['指标性质', '指标方向', '比较方式', '符号', '指标值类型']],
  ['unit', ['度量单位', '计量单位', '单位']],
  ['weight', ['权重', '权重(%)', '分值', '指标权重', '权重分值', '分值(%)']],
  [
    'ignore',
    [
      '指标标准或依据',
      '指标值设定依据',
      '指标值确定依据',
      '评分标准',
      '评(扣)分标准',
      '评(计)分标准',
      '备注',
      '历史值',
      '绩效标准',
      '指标方向性',
      '保障绩效目标实现措施',
      '指标值设定依据及数据来源',
    ],
  ],
];
const HEADER_INDEX = new Map(HEADER_WORDS.flatMap(([kind, words]) => words.map((w): [string, ColumnKind] => [w, kind])));

/** The column a header cell names (`一级\n指标` included), or null when it is not a header word. */
export function matchHeaderWord(text: string): ColumnKind | null {
  const written = compact(text).replace(/^\*/, '').replace(/[:]$/, '');
  const known = HEADER_INDEX.get(written);
  if (known) return known;
  // `指标值(或计划水平)`, `二级指标(长期)`, `三级指标(年度)`: a gloss or the column group in brackets.
  const form = written.replace(/\([^()]*\)$/, '');
  const glossed = form !== written ? HEADER_INDEX.get(form) : undefined;
  if (glossed) return glossed;
  // Sub-headers of 指标值 in two-row headers: `2023年实际实现值 | 预期2024年实现值`.
  if (/^(\d{4}年)?(实际|历史)?(实现|完成)值$|^\d{4}年(度)?(实际|历史)/.test(form)) return 'ignore';
  if (/^(当年|本年|本年度|年度)?(预期|计划|目标)(\d{4}年)?(实现|完成|目标|指标)值$/.test(form)) return 'value';
  return null;
}

/** The words that make a row a table header (a header has at least two of them). */
export function isCoreHeaderWord(kind: ColumnKind | null): boolean {
  return kind === 'level1' || kind === 'level2' || kind === 'level3' || kind === 'value' || kind === 'description';
}

export type LabelKind =
  | 'projectName'
  | 'supervisor'
  | 'unit'
  | 'budgetGroup'
  | 'total'
  | 'fiscal'
  | 'other'
  | 'purpose'
  | 'goals'
  | 'budgetWeight'
  | 'ignored'
  | 'caption';

const LABELS: [LabelKind, string[]][] = [
  ['projectName', ['项目名称']],
  ['supervisor', ['主管部门', '主管部门及代码', '项目主管部门', '主管单位', '主管部门名称', '主管部门(单位)']],
  [
    'unit',
    [
      '实施单位',
      '单位信息',
      '单位名称',
      '项目实施单位',
      '预算单位',
      '实施单位及代码',
      '预算单位名称',
      '填报单位',
      '申报单位',
      '项目单位',
      '部门(单位)名称',
      '部门名称',
    ],
  ],
  ['budgetGroup', ['项目资金', '预算规模及资金用途', '资金情况', '项目资金情况', '资金来源', '预算情况']],
  [
    'total',
    [
      '预算数',
      '年度资金总额',
      '项目金额',
      '项目总投资',
      '资金总额',
      '预算金额',
      '年度预算数',
      '年初预算数',
      '全年预算数',
      '项目总金额',
      '预算资金',
      '项目预算',
      '项目总预算',
      '年度预算',
    ],
  ],
  ['fiscal', ['财政资金', '财政拨款', '当年财政拨款', '当年市级财政资金', '市级财政资金', '区级财政资金', '本级财政资金']],
  ['other', ['其他资金', '其他来源资金', '自筹资金']],
  ['purpose', ['资金用途', '预算资金用途', '主要用途', '资金主要用途']],
  [
    'goals',
    [
      '绩效目标',
      '年度目标',
      '年度绩效目标',
      '整体目标',
      '年度总体目标',
      '总体目标',
      '项目绩效目标',
      '项目年度目标',
      '年度总体绩效目标',
      '总体绩效目标',
      '整体绩效目标',
      '年度整体绩效目标',
      '部门整体绩效目标',
    ],
  ],
  ['budgetWeight', ['预算执行率权重(%)', '预算执行率权重', '预算执行率分值', '预算执行率权重%']],
  [
    'ignored',
    [
      '项目负责人',
      '项目经办人',
      '联系人',
      '联系电话',
      '填报人',
      '填报日期',
      '项目属性',
      '项目类型',
      '项目期限',
      '项目类别',
      '项目性质',
      '立项依据',
      '部门职责',
      '部门(单位)职责',
      '单位职责',
      '项目负责人及联系电话',
      '项目负责人及电话',
    ],
  ],
  // Vertical labels cut to their first character in a copied page (`总`, `绩`): placed, no value of their own.
  ['caption', ['总', '总体', '项目预算成本构成', '成本构成', '预算成本构成']],
];
const LABEL_INDEX = new Map(LABELS.flatMap(([kind, words]) => words.map((w): [string, LabelKind] => [w, kind])));

export interface LabelMatch {
  kind: LabelKind;
  /** Text after `label:` in the same cell, '' when the value is in the next cell. */
  rest: string;
  /** A money unit written in the label, as in `项目资金(万元)`. */
  moneyUnit: MoneyUnit | null;
}

export type MoneyUnit = '元' | '万元' | '亿元';

function labelForm(text: string): { form: string; moneyUnit: MoneyUnit | null } {
  let form = text
    .replace(/^\*/, '')
    .replace(/[:]$/, '')
    .replace(/^其中[:]?/, '')
    .replace(/\((文字|必填)\)$/, '');
  const unit = /\((万元|元|亿元)\)$/.exec(form);
  if (unit) form = form.slice(0, unit.index);
  return { form, moneyUnit: (unit?.[1] as MoneyUnit | undefined) ?? null };
}

// Money labels vary by region: 当年区级财政拨款资金, 其他来源资金, 全年预算总额…
function labelByPattern(form: string): LabelKind | null {
  if (/^(当年)?(中央|省级|市级|区级|县级|本级)?财政(拨款|资金|拨款资金|性资金)$/.test(form)) return 'fiscal';
  if (/^(其他(来源)?|单位自筹|自筹)资金$/.test(form)) return 'other';
  if (/^(年度|全年|年初)?(项目)?(预算|资金)(总额|金额|总金额|规模)$/.test(form)) return 'total';
  // 东莞: `本年度申请市财政预算资金(万元)` is the year's budget; `中期市财政预算` the three-year one, not imported.
  if (/^(本年度|当年|年度)(申请)?(中央|省|市|区|县)?(级)?财政预算(资金)?$/.test(form)) return 'total';
  if (/^中期(中央|省|市|区|县)?(级)?财政预算(资金)?$/.test(form)) return 'ignored';
  return null;
}

/** Reads a metadata label cell (`其中：财政    资金`, `年度资金总额:`, `项目名称：某项目`). */
export function matchLabel(text: string): LabelMatch | null {
  const whole = compact(text);
  const { form, moneyUnit } = labelForm(whole);
  const kind = LABEL_INDEX.get(form) ?? labelByPattern(form);
  if (kind) return { kind, rest: '', moneyUnit };
  // `项目名称：某项目`, or `项目名称  某项目` with only spaces between.
  const inline = /^([^:]{2,12}):(.+)$/.exec(fold(text).trim()) ?? /^(\S{2,12})\s+(\S.*)$/.exec(fold(text).trim());
  if (!inline) return null;
  const head = labelForm(compact(inline[1] ?? ''));
  const headKind = LABEL_INDEX.get(head.form) ?? labelByPattern(head.form);
  return headKind ? { kind: headKind, rest: (inline[2] ?? '').trim(), moneyUnit: head.moneyUnit } : null;
}

/** All label words, longest first, for splitting text that runs labels and values together. */
export const LABEL_WORDS: string[] = [...LABEL_INDEX.keys(), '其中:财政资金', '其中:财政拨款']
  // `项目主管部门` inside `…监测项目主管部门` would eat the name's 项目; 主管部门 alone splits it right.
  .filter((w) => !(w.startsWith('项目') && ['supervisor', 'unit'].includes(LABEL_INDEX.get(w.slice(2)) ?? '')))
  .sort((a, b) => b.length - a.length);

export const HEADER_SPLIT_WORDS: string[] = [...HEADER_INDEX.keys()]
  .filter((w) => w !== '单位' && w !== '符号' && w !== '绩')
  .sort((a, b) => b.length - a.length);

/** Qualitative 指标值 phrases, longest first, for telling a glued phrase from the name before it. */
export const QUALITATIVE_PHRASES: string[] = [
  '持续改善',
  '逐步改善',
  '明显改善',
  '有效改善',
  '有所改善',
  '效果明显',
  '效果显著',
  '成效显著',
  '明显提升',
  '有效提升',
  '显著提升',
  '稳步提升',
  '持续提升',
  '逐步提升',
  '大幅提升',
  '达到预期',
  '符合要求',
  '符合标准',
  '长期有效',
  '高中低',
  '不超预算',
  '不超过预算',
  '应保尽保',
  '按时完成',
  '按期完成',
  '优良',
  '良好',
  '较好',
  '显著',
  '明显',
  '提升',
  '提高',
  '长远',
  '长期',
  '持续',
  '改善',
  '有效',
  '达标',
  '合格',
  '稳定',
  '增强',
  '降低',
  '减少',
  '好',
  '优',
].sort((a, b) => b.length - a.length);

/** The qualitative phrase a text ends with (leaving a name of at least two characters), or null. */
export function trailingQualitativePhrase(text: string): string | null {
  return QUALITATIVE_PHRASES.find((p) => text.endsWith(p) && text.length - p.length >= 2) ?? null;
}

export function isQualitativePhrase(text: string): boolean {
  return QUALITATIVE_PHRASES.includes(compact(text));
}

/** A 指标性质 cell: the comparator written apart from the value, or 定性/定量. */
export function matchNature(text: string): string | null {
  const form = compact(text).replace(/＞/g, '>').replace(/＜/g, '<');
  return /^(≥|≤|≧|≦|>=|<=|>|<|=|==|定性|定量|正向|反向)$/.test(form) ? form : null;
}

/** A table title: `项目支出绩效目标表`, `…绩效目标批复表`, or a heading `1.<project>绩效目标表`. */
export function matchTitle(text: string): { name: string | null; year: number | null; unit: string | null } | null {
  let form = compact(text).replace(/\.(docx?|xlsx?|pdf|wps)$/i, '');
  // `部门预算项目绩效目标申报表(2023年度)`, `…批复表(镇际联网路升级改造工程一期)`: a year or the project after the title.
  const after = /绩效目标(申报|批复|审核|审批)?表\(([^()]+)\)$/.exec(form);
  const bracketed = after?.[2] ?? null;
  if (after) form = form.slice(0, form.length - (bracketed?.length ?? 0) - 2);
  if (form.length > 120 || !/绩效目标(申报|批复|审核|审批)?表$/.test(form)) return null;
  const year = /(\d{4})年度?/.exec(form) ?? (bracketed ? /^(\d{4})年度?$/.exec(bracketed) : null);
  const name = fold(text)
    .trim()
    .replace(/\.(docx?|xlsx?|pdf|wps)$/i, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*\([^()]+\)$/, (m) => (after ? '' : m))
    .replace(/^\d{1,3}\s*[.、]\s*/, '')
    .replace(/^\(?\d{4}年度?\)?\s*/, '')
    .replace(/\s*(项目支出)?\s*绩效目标(申报|批复|审核|审批)?表$/, '')
    .replace(/\s*\d{4}年度?(整体|部门整体|部门)?$/, '')
    .replace(/(整体|部门整体)$/, '');
  // A unit-wide table (整体绩效目标表) is read as one project named for it.
  const whole = /整体绩效目标(申报|批复|审核|审批)?表$/.test(form) && name !== '' ? `${name}整体绩效` : name;
  const inBrackets = bracketed && !/^\d{4}年度?$/.test(bracketed) ? bracketed : null;
  // What is left may name the issuer, not the project: `东莞市财政`, `市直部门预算`, `部门预算`.
  const issuer = /^(\d{4}年度?)?(.{0,12}(省|市|区|县|镇|州|旗))?(本级|市直|区直|县直)?(财政|部门|单位|部门预算|项目|项目支出|整体)?(预算)?$/;
  const projectName = inBrackets ?? (issuer.test(name.replace(/\s+|\d{4}年度?/g, '')) ? null : whole);
  // `某县农业农村局 2024年 高标准农田建设项目绩效目标表`: the publishing unit, set off by a space or the year.
  const led = projectName === whole && !/整体绩效$/.test(whole) ? TITLE_UNIT.exec(name) : null;
  if (led?.[1] && led[2]) return { name: led[2].trim(), year: year ? Number(year[1]) : null, unit: led[1] };
  return { name: projectName, year: year ? Number(year[1]) : null, unit: null };
}

const TITLE_UNIT =
  /^(\S{2,30}?(?:局|中心|站|所|院|办公室|委员会|政府|公司|厅|馆|学校|医院|大队|支队|管理处|服务处))(?:\s+\d{4}年度?\s*|\s*\d{4}年度?\s*|\s+)(\S.*)$/;

/** `(2025年度)` on its own. */
export function matchYearCell(text: string): number | null {
  const m = /^\(?(\d{4})年度?\)?$/.exec(compact(text));
  return m ? Number(m[1]) : null;
}

/** `单位：万元`, `金额单位:元`, `(万元)`: the money unit of the tables that follow. */
export function matchMoneyUnitCell(text: string): MoneyUnit | null {
  const m = /^(?:(?:金额|资金|计量)?单位[:]?)?\(?(万元|元|亿元)\)?$/.exec(compact(text));
  return m && m[0] !== m[1] ? (m[1] as MoneyUnit) : null;
}

/** Signature and stamp footers (`财政资金管理科室(盖章) 年 月 日`), ignored with one warning. */
export function isFooter(text: string): boolean {
  const form = fold(text);
  return /\(\s*(盖章|签章|签字|公章)\s*\)/.test(form) || /(^|\s)年\s+月\s+日/.test(form);
}

/** A cell that says the row does not apply: level-3 `无`, `本项目不适用此指标`. */
export function isNotApplicableName(text: string): boolean {
  const form = compact(text);
  return /^(无|\/|-|—|——|不适用)$/.test(form) || form.includes('不适用');
}

/** A cell made of the table's own words (a label, a header word, a level name, a title): never continued. */
export function isTableWord(text: string): boolean {
  const kind = matchHeaderWord(text);
  return (
    matchLabel(text) !== null || (kind !== null && kind !== 'unit') || matchLevel1(text) !== null || matchLevel2(text) !== null || matchTitle(text) !== null
  );
}

/** A column heading over the goals (`中期滚动目标(2019年--2021年)`, `年度目标`, `年度总体目标完成情况`). */
export function isGoalColumn(text: string): boolean {
  return /^(中期|长期|年度|本年度|当年|中长期)(滚动)?(绩效)?(总体)?目标|目标完成情况$/.test(compact(text));
}
