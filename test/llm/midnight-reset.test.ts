import { afterEach, expect, it } from 'vitest';
import { createHarness, failure, type Harness, ledgerRows } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

// Every answer takes all its tokens, so each call costs exactly its worst case.
const call = { prompt: 'hi', model: 'gpt-4o-mini', max_completion_tokens: 1000 } as const;

it('resets the daily budget at 00:00 UTC, and not a millisecond before', async () => {
  harness = await createHarness({
    now: '2026-03-01T23:59:00.000Z',
    fake: { completionTokens: (max) => max },
  });
  const h = harness;
  const { principal } = await h.principal({ daily_limit: 0.001 });

  const first = await h.service.chat(principal, call);
  expect(first.cost_micros).toBeGreaterThan(500);
  const refused = await failure(h.service.chat(principal, call));
  expect(refused).toMatchObject({
    code: 'QUOTA_EXCEEDED',
    details: { resetsAt: '2026-03-02T00:00:00.000Z' },
  });
  expect((refused.details as Record<string, number>).retryAfterSeconds).toBe(60);

  h.clock.set('2026-03-01T23:59:59.999Z');
  await expect(h.service.chat(principal, call)).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });

  h.clock.set('2026-03-02T00:00:00.000Z');
  expect(await h.service.quotaStatus(principal)).toMatchObject({
    day: '2026-03-02',
    spent_micros: 0,
    remaining_micros: 1_000,
    resets_at: '2026-03-03T00:00:00.000Z',
  });
  const next = await h.service.chat(principal, call);
  expect(next.remaining_micros).toBe(1_000 - next.cost_micros);
  expect(ledgerRows(h.db).map((row) => [row.day, row.status])).toEqual([
    ['2026-03-01', 'settled'],
    ['2026-03-02', 'settled'],
  ]);
});

it('charges a call reserved before midnight and answered after it to the day it was reserved on', async () => {
  harness = await createHarness({
    now: '2026-03-01T23:59:59.900Z',
    fake: { latencyMs: 200, completionTokens: (max) => max },
  });
  const h = harness;
  const { principal } = await h.principal({ daily_limit: 0.001 });

  const inFlight = h.service.chat(principal, call);
  await new Promise((resolve) => setTimeout(resolve, 50));
  h.clock.set('2026-03-02T00:00:00.100Z');
  const answered = await inFlight;

  expect(ledgerRows(h.db)[0]!.day).toBe('2026-03-01');
  expect(answered.remaining_micros).toBe(1_000 - answered.cost_micros);
  expect(await h.service.quotaStatus(principal)).toMatchObject({ day: '2026-03-02', spent_micros: 0 });
});
