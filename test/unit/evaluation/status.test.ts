import { describe, it, expect } from 'vitest';
import { lampOf, likelihoodOf } from '../../../src/evaluation/status.ts';
import type { Likelihood, Status } from '../../../src/evaluation/types.ts';

describe('likelihoodOf (完成目标可能性 follows the state)', () => {
  it.each<[Status, boolean, Likelihood | null]>([
    // status, final (cap broken, deadline passed, period over), likelihood
    ['met', false, 'certain'],
    ['met', true, 'certain'],
    ['on_track', false, 'certain'],
    ['warning', false, 'possible'],
    ['off_track', false, 'possible'],
    ['warning', true, 'impossible'], // 部分达成 at period end
    ['off_track', true, 'impossible'],
    ['failed', false, 'impossible'],
    ['failed', true, 'impossible'],
    ['no_data', false, null],
    ['no_data', true, null],
    ['no_measure', true, null],
    ['needs_review', false, null],
  ])('%s (final %s) → %s', (status, final, likelihood) => {
    expect(likelihoodOf(status, final)).toBe(likelihood);
  });
});

describe('lampOf', () => {
  it.each<[Status, string]>([
    ['met', 'green'],
    ['on_track', 'green'],
    ['warning', 'yellow'],
    ['off_track', 'red'],
    ['failed', 'red'],
    ['no_data', 'grey'],
    ['no_measure', 'grey'],
    ['needs_review', 'grey'],
  ])('%s → %s', (status, lamp) => {
    expect(lampOf(status)).toBe(lamp);
  });
});
