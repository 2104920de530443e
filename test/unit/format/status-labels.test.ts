import { describe, expect, it } from 'vitest';
import type { Status } from '../../../src/evaluation/types.ts';
import {
  LAMP_LABELS,
  LIKELIHOOD_LABELS,
  STATUS_LABELS,
  STATUS_ORDER,
  lampLabel,
  lampMark,
  lampOfStatus,
  likelihoodLabel,
  statusLabel,
  statusMark,
} from '../../../src/format/status-labels.ts';

const STATUSES: Status[] = ['met', 'on_track', 'warning', 'off_track', 'failed', 'no_data', 'no_measure', 'needs_review'];

describe('status and lamp words', () => {
  it('docs/design.md "Monitoring rules" words in Chinese, and an English word for every code', () => {
    expect(STATUSES.map((s) => statusLabel(s))).toEqual(['已完成', '正常', '预警', '偏离', '未完成', '无数据', '未设置度量', '待确认']);
    for (const language of ['zh', 'en'] as const) {
      expect(Object.keys(STATUS_LABELS[language]).sort()).toEqual([...STATUSES].sort());
      expect(Object.keys(LAMP_LABELS[language]).sort()).toEqual(['green', 'grey', 'red', 'yellow']);
      expect(Object.keys(LIKELIHOOD_LABELS[language]).sort()).toEqual(['certain', 'impossible', 'possible']);
    }
    expect(statusLabel('off_track', 'en')).toBe('Off track');
    expect([...STATUS_ORDER].sort()).toEqual([...STATUSES].sort());
  });

  it('marks pair a dot with a word: filled for colours, hollow for grey', () => {
    expect(['green', 'yellow', 'red', 'grey'].map((l) => lampMark(l))).toEqual(['●绿', '●黄', '●红', '○灰']);
    expect(lampMark('red', 'en')).toBe('● Red');
    expect(statusMark('warning')).toBe('●黄 预警');
    expect(statusMark('no_measure')).toBe('○灰 未设置度量');
  });

  it('unknown codes: the code itself, grey lamp', () => {
    expect(statusLabel('retired')).toBe('retired');
    expect(lampOfStatus('retired')).toBe('grey');
    expect(lampLabel('purple')).toBe('灰');
    expect(lampMark('toString')).toBe('○灰');
    expect(statusLabel('toString')).toBe('toString');
  });

  it('likelihood words (完成目标可能性)', () => {
    expect(likelihoodLabel('impossible')).toBe('完全不可能');
    expect(likelihoodLabel('certain', 'en')).toBe('Certain');
    expect(likelihoodLabel(null)).toBe('—');
  });
});
