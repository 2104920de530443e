// The last check on what the reader made of a row (docs/design.md, "Never a header"): the table's own header
// words, the page around a copied table (索引号, 发布日期, 扫一扫, [下载][打印] …), sign-off rows and template
// placeholders (`(≥**%)`) never become indicators, whatever column they landed in.
import type { ParsedIndicator } from './types.ts';
import { compact, fold, isFooter, isGoalColumn, LEVEL_NAMES, matchHeaderWord, matchLabel, matchTitle } from './vocabulary.ts';

// Labels of a government site's article page and download box, as they stand at the start of a cell.
const PAGE_LABELS =
  /^(索引号|信息索引号|发布日期|发布时间|发布机构|发布单位|成文日期|生效日期|来源|信息来源|文章来源|浏览次数|访问次数|点击数|阅读次数|发文机关|发文字号|文号|主题分类|公开方式|公开范围|公开时限|归档时间|归档日期|当前位置|您当前的位置|所在位置|资源ID|资源id|资源大小|资源格式|文件大小|文件格式|下载次数|下载积分|友情提示|温馨提示|分享到|字号|打印本页|关闭窗口|责任编辑|作者)[:：]?/;
const PAGE_WORDS = /扫一扫|[[【](下载|打印|关闭|收藏|分享)[\]】]|<image>|^#\s*source:|打印本页|关闭窗口|在手机上查看|用手机扫描|附件下载/;
const SIGN_OFF = /^(审核意见|审核人|填报人|填表人|联系人|联系电话|负责人(签字)?|单位负责人|财务负责人|经办人|复核人|日期)[:：]?/;

/** Why a cell is page furniture or a sign-off rather than table content, or null when it is neither. */
export function furnitureReason(text: string): string | null {
  const form = fold(text).trim();
  const tight = compact(text);
  if (tight === '') return null;
  if (PAGE_LABELS.test(tight) || PAGE_WORDS.test(form)) return '是网页上的页面信息';
  if (/^附件\s*\d*\s*[:：]?$|^附件\s*\d+/.test(tight)) return '是附件标注';
  // A breadcrumb: `首页 > 政务公开 > 财政预决算`.
  if (/(^|\s)(首页|网站首页|主页)\s*[>›»]/.test(form) || (form.match(/\s[>›»]\s/g)?.length ?? 0) >= 2) return '是网页导航';
  if (SIGN_OFF.test(tight) || isFooter(form) || /\(\s*盖章\s*\)|（\s*盖章\s*）/.test(text)) return '是签章栏';
  return null;
}

// `(≥**%)`, `( ≥**个 )`, `≥**人`, `**`: what the template asked the unit to fill in and it left.
const BRACKETED_PLACEHOLDER = /[(（]\s*[≥≤<>=]*\s*[*＊]{2,}\s*[^()（）*]{0,4}\s*[)）]/g;
const LEADING_PLACEHOLDER = /^\s*[(（]?\s*[≥≤<>=]*\s*[*＊]{2,}\s*[%％个人次项件元万天年月日]*\s*[)）]?\s*/;
const TRAILING_PLACEHOLDER = /\s*[≥≤<>=]+\s*[*＊]{2,}\s*[^\s()（）*]{0,3}\s*$|\s*[*＊]{2,}\s*$/;

/** The name without template placeholders and a leading required-field star. */
export function stripPlaceholders(name: string): string {
  return name
    .replace(BRACKETED_PLACEHOLDER, '')
    .replace(TRAILING_PLACEHOLDER, '')
    .replace(LEADING_PLACEHOLDER, '')
    .replace(/^\s*[*＊]+\s*/, '')
    .trim();
}

/** True for text that holds a placeholder and nothing once placeholders are taken out (`(≥**%)`, `≥**%`). */
function isPlaceholder(text: string): boolean {
  return /[*＊]{2,}/.test(text) && stripPlaceholders(text) === '';
}

const LEVEL_NAME_SET = new Set(LEVEL_NAMES);

/**
 * Why this reading is not an indicator (a header, a label, furniture, a bare target as its name, a placeholder,
 * no name, or no target while applicable), or null when it is one.
 */
export function indicatorProblem(indicator: ParsedIndicator): string | null {
  const name = indicator.level3.trim();
  const form = compact(name);
  if (form === '') return '没有三级指标名称';
  if (isPlaceholder(name)) return '是模板占位符';
  if (/[*＊]{2,}/.test(indicator.target.raw)) return '的指标值是模板占位符（如「≥**%」），未填写';
  const header = matchHeaderWord(name);
  if (header !== null && header !== 'unit') return '是表头';
  if (isGoalColumn(name)) return '是表头';
  if (matchLabel(name) !== null) return '是表格的栏目名称';
  if (matchTitle(name) !== null && /绩效目标(申报|批复)?表$/.test(form)) return '是表格标题';
  const furniture = furnitureReason(name);
  if (furniture !== null) return furniture;
  // A level name as the third level is a real reading only when it carries a target (`社会成本指标 | 定量 | 100%`).
  if (LEVEL_NAME_SET.has(form) && indicator.target.raw === '') return '是指标层级名称，没有指标值';
  // A name that is itself a target (`≥95%`) means the columns were misread.
  if (/^[≥≤<>=]+\d/.test(form)) return '是指标值而不是指标名称';
  return null;
}
