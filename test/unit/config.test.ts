import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: null,
      jobs: { enabled: true, catchUpMax: 7, schedules: { wechat: '0 9 * * *', probes: '*/5 * * * *' } },
    });
    expect(c.evaluation).toMatchObject({ offTrackTolerance: 0.1, budgetLamp: { red: 60, yellow: 80 }, grades: { excellent: 90, good: 80, fair: 60 } });
  });

  it('EVALUATION_SETTINGS overrides thresholds (e.g. a region using 80/70/60 grade bands)', () => {
    const c = loadConfig({ EVALUATION_SETTINGS: '{"grades":{"excellent":80,"good":70,"fair":60},"budgetLamp":{"red":70,"yellow":85}}' });
    expect(c.evaluation.grades).toEqual({ excellent: 80, good: 70, fair: 60 });
    expect(c.evaluation.budgetLamp).toEqual({ red: 70, yellow: 85 });
    expect(c.evaluation.offTrackTolerance).toBe(0.1);
  });

  it.each([
    ['EVALUATION_SETTINGS', 'not json', /EVALUATION_SETTINGS is not JSON/],
    ['EVALUATION_SETTINGS', '{"budgetLamp":{"red":90,"yellow":80}}', /EVALUATION_SETTINGS/],
    ['PORT', 'eighty', /PORT/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL/],
    ['JOBS_ENABLED', 'maybe', /JOBS_ENABLED/],
  ])('refuses a bad %s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('an empty variable counts as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ databaseUrl: null, port: 3000 });
  });
});
