import type { Actor } from '../../src/auth/actor.ts';
import { formatDecimal, formatMoney, formatShare, NO_VALUE } from '../../src/format/index.ts';
import type { Language } from '../../src/format/status-labels.ts';
import type { Translate } from '../../src/i18n/messages.ts';
import type { SelfEvalTable } from '../../src/reports/official-tables.ts';
import { selfEvalTitle } from '../../src/reports/selfeval-xlsx.ts';
import { Layout } from '../layout.tsx';

// The self-evaluation table as a printable page (docs/design.md "Official tables"): the workbook's layout cell
// for cell, from the same table model, so what is printed is what is downloaded. The table is an official form
// and stays in Chinese; the page around it speaks the reader's language.

const points = (v: number | null) => (v === null ? NO_VALUE : formatDecimal(v, { decimals: 2, fixed: true }));
const wan = (yuan: number | null) => formatMoney(yuan, '万元', { fixed: true, bare: true });
const share = (v: number | null) => formatShare(v);

/** Cells of a level (一级 or 二级) merged down over the rows of its group, as the workbook merges them. */
function spans(values: string[], same: (i: number) => boolean = () => true): number[] {
  const out = values.map(() => 0);
  let start = 0;
  for (let i = 1; i <= values.length; i++) {
    if (i < values.length && values[i] === values[start] && same(i)) continue;
    out[start] = i - start;
    start = i;
  }
  return out;
}

export function SelfEvalSheet({ table: s }: { table: SelfEvalTable }) {
  const rows = s.indicators;
  const l1 = spans(rows.map((r) => r.level1));
  const l2 = spans(
    rows.map((r) => r.level2),
    (i) => rows[i]!.level1 === rows[i - 1]!.level1,
  );
  const [total, fiscal, other] = s.funds.rows;
  const fundRow = (f: typeof total, first: boolean) =>
    f && (
      <tr>
        <th scope="row" colspan={2}>
          {f.label}
        </th>
        <td class="num">{wan(f.initial)}</td>
        <td class="num">{wan(f.full)}</td>
        <td class="num">{wan(f.spent)}</td>
        <td class="num">{first ? points(s.funds.weight) : NO_VALUE}</td>
        <td class="num">{share(f.rate)}</td>
        <td class="num">{first ? points(s.funds.points) : NO_VALUE}</td>
      </tr>
    );
  return (
    <section class="official-sheet" lang="zh-CN">
      <h2 class="official-title">项目支出绩效自评表</h2>
      <p class="official-subtitle">{selfEvalTitle(s)}</p>
      <table class="official">
        <colgroup>
          <col class="c-section" />
          <col span={2} class="c-level" />
          <col class="c-name" />
          <col span={2} class="c-value" />
          <col span={2} class="c-points" />
          <col class="c-note" />
        </colgroup>
        <tbody>
          <tr>
            <th scope="row">项目名称</th>
            <td colspan={8}>{s.head.projectName}</td>
          </tr>
          <tr>
            <th scope="row">主管部门</th>
            <td colspan={4}>{s.head.department ?? ''}</td>
            <th scope="row">实施单位</th>
            <td colspan={3}>{s.head.unitName}</td>
          </tr>
          <tr>
            <th scope="rowgroup" rowspan={4}>
              项目资金（万元）
            </th>
            <td colspan={2} />
            <th scope="col">年初预算数</th>
            <th scope="col">全年预算数</th>
            <th scope="col">全年执行数</th>
            <th scope="col">分值</th>
            <th scope="col">执行率</th>
            <th scope="col">得分</th>
          </tr>
          {fundRow(total, true)}
          {fundRow(fiscal, false)}
          {fundRow(other, false)}
          <tr>
            <th scope="rowgroup" rowspan={2}>
              年度总体目标
            </th>
            <th scope="col" colspan={4}>
              预期目标
            </th>
            <th scope="col" colspan={4}>
              实际完成情况
            </th>
          </tr>
          <tr>
            <td colspan={4} class="text">
              {s.goals.expected.split('\n').map((line) => (
                <p>{line}</p>
              ))}
            </td>
            <td colspan={4} class="text">
              {s.goals.achieved}
            </td>
          </tr>
          <tr>
            <th scope="rowgroup" rowspan={rows.length + 1}>
              绩效指标
            </th>
            <th scope="col">一级指标</th>
            <th scope="col">二级指标</th>
            <th scope="col">三级指标</th>
            <th scope="col">年度指标值</th>
            <th scope="col">实际完成值</th>
            <th scope="col">分值</th>
            <th scope="col">得分</th>
            <th scope="col">偏差原因分析及改进措施</th>
          </tr>
          {rows.map((r, i) => (
            <tr>
              {l1[i]! > 0 && <td rowspan={l1[i]}>{r.level1}</td>}
              {l2[i]! > 0 && <td rowspan={l2[i]}>{r.level2}</td>}
              <td>{r.level3}</td>
              <td class="num">{r.target}</td>
              <td class="num">{r.actual}</td>
              <td class="num">{points(r.weight)}</td>
              <td class="num">{points(r.points)}</td>
              <td class="text">{r.deviation}</td>
            </tr>
          ))}
          <tr class="total">
            <th scope="row" colspan={6}>
              总分
            </th>
            <td class="num">{points(s.weightTotal)}</td>
            <td class="num">
              <strong>{points(s.total)}</strong>
            </td>
            <td>{s.grade ? `自评等级：${s.grade}` : (s.scoreError ?? NO_VALUE)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

export function SelfEvalPage(p: { t: Translate; language: Language; actor: Actor; formToken: string; path: string; tables: SelfEvalTable[]; back: string }) {
  const { t } = p;
  const first = p.tables[0]!;
  const query = `?asOf=${first.head.asOf}`;
  return (
    <Layout
      title={`${first.head.projectName} · ${t('report.selfeval')}`}
      t={t}
      language={p.language}
      actor={p.actor}
      formToken={p.formToken}
      active="overview"
      path={p.path}
      scripts={['/static/print.js']}
      styles={['/static/report.css']}
    >
      <p class="no-print report-actions">
        <a href={p.back}>{t('report.back')}</a>
        <a class="button secondary" href={`${p.path}.xlsx${query}`} download>
          {t('report.downloadSelfeval')}
        </a>
        <button type="button" class="secondary" data-print hidden>
          {t('report.print')}
        </button>
      </p>
      {!first.head.final && (
        <p class="warning-box no-print" role="note">
          {t('report.forecastNotice', { asOf: first.head.asOf, end: first.head.period.end })}
        </p>
      )}
      {p.tables.map((table) => (
        <SelfEvalSheet table={table} />
      ))}
    </Layout>
  );
}
