import type { Lamp } from '../../src/evaluation/types.ts';
import { lampLabel, statusLabel, type Language } from '../../src/format/status-labels.ts';

/** A lamp with its word (never colour alone, UI.md "Lamps and states"), and the status text when given. */
export function LampTag(props: { lamp: Lamp; status?: string; language: Language }) {
  const word = lampLabel(props.lamp, props.language);
  return (
    <span class={`lamp lamp-${props.lamp}`}>
      {word}
      {props.status ? ` ${statusLabel(props.status, props.language)}` : ''}
    </span>
  );
}

/**
 * Progress toward the target as an SVG bar (the CSP forbids inline styles, SVG attributes are not styles):
 * the filled share, and a mark where the pace says it should be today.
 */
export function ProgressBar(props: { share: number | null; pace: number | null; label: string }) {
  const clamp = (v: number) => Math.max(0, Math.min(1, v));
  const done = props.share === null ? 0 : clamp(props.share);
  return (
    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={props.label}>
      <rect class="track" x="0" y="0" width="100" height="10" />
      <rect class="done" x="0" y="0" width={(done * 100).toFixed(1)} height="10" />
      {props.pace !== null && <line class="pace" x1={(clamp(props.pace) * 100).toFixed(1)} x2={(clamp(props.pace) * 100).toFixed(1)} y1="0" y2="10" />}
    </svg>
  );
}

/** Data for charts.js: a JSON block (not executed, so the CSP allows it) and the canvas that names it. */
export function Chart(props: {
  id: string;
  title: string;
  type?: 'line' | 'bar';
  unit?: string;
  labels: string[];
  series: { label: string; values: (number | null)[]; style: 'actual' | 'pace' | 'target' | 'bars' }[];
}) {
  const spec = JSON.stringify({ type: props.type ?? 'line', unit: props.unit ?? '', labels: props.labels, series: props.series }).replace(/</g, '\\u003c');
  return (
    <figure class="chart-box">
      <figcaption>{props.title}</figcaption>
      <div class="chart-area">
        <canvas data-chart={props.id} role="img" aria-label={props.title} height="220" />
      </div>
      <script type="application/json" id={props.id} dangerouslySetInnerHTML={{ __html: spec }} />
    </figure>
  );
}
