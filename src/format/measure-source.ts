import { entryKindLabels } from '../evidence/entry-kinds.ts';
import type { MeasureSpec } from '../measures/spec.ts';
import type { Language } from './status-labels.ts';

// Where an indicator's number comes from, in a few words (UI.md: "来源：微信+微博"), for pages and workbooks.

const platformWords: Record<Language, Record<string, string>> = {
  zh: { wechat: '微信', weibo: '微博', rss: 'RSS' },
  en: { wechat: 'WeChat', weibo: 'Weibo', rss: 'RSS' },
};

export function measureSource(spec: MeasureSpec | null, language: Language = 'zh'): string {
  const zh = language === 'zh';
  if (!spec) return zh ? '未设置度量' : 'no measure';
  const platforms = (list: readonly string[]) => list.map((p) => platformWords[language][p] ?? p).join('+');
  if (spec.type === 'manual') return zh ? '人工填报' : 'entered by hand';
  if (spec.type === 'elapsed_days') return zh ? '按日历计算' : 'calendar';
  if (spec.source === 'posts') return `${platforms(spec.platforms)}${zh ? '发文' : ' posts'}`;
  if (spec.source === 'post_stats') return `${platforms(spec.platforms)}${zh ? (spec.metric === 'readers' ? '阅读人数' : '阅读次数') : ` ${spec.metric}`}`;
  if (spec.source === 'probes') return zh ? '网络探测' : 'network probes';
  if (spec.source === 'tallies') return zh ? '计数登记之比' : 'ratio of tallies';
  if (spec.kind === 'tally') return zh ? '计数登记' : 'tallies';
  return zh ? `登记：${entryKindLabels[spec.kind]}` : `log: ${spec.kind}`;
}
