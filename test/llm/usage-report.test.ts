import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../core/auth/authenticator.js';
import type { Principal } from '../../core/auth/principal.js';
import { createHarness, failure, type Harness } from './harness.js';

let h: Harness;
let agentA: Principal;
let admin: Principal;

// Every answer bills 100 prompt + 50 completion tokens:
// gpt-4o-mini 15 + 30 = 45 micros; gpt-4.1-nano 10 + 20 = 30; gpt-4o 250 + 500 = 750.
beforeEach(async () => {
  h = await createHarness({
    now: '2026-03-01T10:00:00.000Z',
    fake: { usage: () => ({ prompt_tokens: 100, completion_tokens: 50 }), retryAfterMs: 1 },
  });
  agentA = (await h.principal({ agent_id: 'agent-a' })).principal;
  const agentB = (await h.principal({ agent_id: 'agent-b' })).principal;
  admin = (await h.principal({ agent_id: 'ops', scopes: ['admin'] })).principal;
  const outsider = (await h.principal({ agent_id: 'agent-x', tenant_id: 'other' })).principal;

  await h.service.chat(agentA, { prompt: 'one', model: 'gpt-4o-mini' });
  await h.service.chat(agentA, { prompt: 'two', model: 'gpt-4o-mini' });
  await h.service.chat(outsider, { prompt: 'elsewhere', model: 'gpt-4o' });
  h.clock.set('2026-03-02T10:00:00.000Z');
  await h.service.chat(agentA, { prompt: 'three', model: 'gpt-4.1-nano' });
  await h.service.chat(agentB, { prompt: 'four', model: 'gpt-4o' });
  h.fake.failNext(500, 500, 500);
  await expect(h.service.chat(agentB, { prompt: 'five', model: 'gpt-4o' })).rejects.toMatchObject({
    code: 'LLM_PROVIDER_ERROR',
  });
});

afterEach(async () => {
  await h.close();
});

describe('LlmService.usage', () => {
  it('sums the tenant by agent for an admin, most expensive first, counting failures apart', async () => {
    const report = await h.service.usage(admin, { group_by: 'agent' });
    expect(report.scope).toBe('tenant');
    expect(report.rows).toEqual([
      {
        group: 'agent-b',
        calls: 2,
        settled_calls: 1,
        failed_calls: 1,
        in_flight_calls: 0,
        prompt_tokens: 100,
        completion_tokens: 50,
        cost: 0.00075,
        cost_micros: 750,
      },
      {
        group: 'agent-a',
        calls: 3,
        settled_calls: 3,
        failed_calls: 0,
        in_flight_calls: 0,
        prompt_tokens: 300,
        completion_tokens: 150,
        cost: 0.00012,
        cost_micros: 120,
      },
    ]);
    expect(report.total).toEqual({ calls: 5, cost: 0.00087, cost_micros: 870 });
    expect(report.truncated).toBe(false);
  });

  it('groups by model and by UTC day, and filters by an inclusive day range', async () => {
    const byModel = await h.service.usage(admin, { group_by: 'model' });
    expect(byModel.rows.map((row) => [row.group, row.cost_micros])).toEqual([
      ['gpt-4o', 750],
      ['gpt-4o-mini', 90],
      ['gpt-4.1-nano', 30],
    ]);
    const byDay = await h.service.usage(admin, { group_by: 'day' });
    expect(byDay.rows.map((row) => [row.group, row.cost_micros])).toEqual([
      ['2026-03-01', 90],
      ['2026-03-02', 780],
    ]);
    const secondDay = await h.service.usage(admin, {
      group_by: 'agent',
      from: '2026-03-02',
      to: '2026-03-02',
    });
    expect(secondDay.rows.map((row) => [row.group, row.cost_micros])).toEqual([
      ['agent-b', 750],
      ['agent-a', 30],
    ]);
    const firstDay = await h.service.usage(admin, { group_by: 'agent', to: '2026-03-01' });
    expect(firstDay.rows.map((row) => row.group)).toEqual(['agent-a']);
  });

  it('shows a key without the admin scope only its own calls', async () => {
    const report = await h.service.usage(agentA, { group_by: 'model' });
    expect(report.scope).toBe('caller');
    expect(report.rows.map((row) => [row.group, row.calls])).toEqual([
      ['gpt-4o-mini', 2],
      ['gpt-4.1-nano', 1],
    ]);
    await expect(h.service.usage(agentA, { tenant_id: 'other' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('lets the operator see every tenant, or one', async () => {
    const all = await h.service.usage(OPERATOR, { group_by: 'agent' });
    expect(all.scope).toBe('all_tenants');
    expect(all.rows.map((row) => row.group).sort()).toEqual(['agent-a', 'agent-b', 'agent-x']);
    const other = await h.service.usage(OPERATOR, { tenant_id: 'other' });
    expect(other.rows.map((row) => [row.group, row.cost_micros])).toEqual([['agent-x', 750]]);
  });

  it('rejects a bad range', async () => {
    expect(await failure(h.service.usage(admin, { from: '2026-03-02', to: '2026-03-01' }))).toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await failure(h.service.usage(admin, { from: '2026-02-30' }))).toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it("keeps the seed runbook's sqlite3 query working on the ledger", () => {
    const rows = h.db
      .prepare(
        'SELECT agent_id, SUM(est_cost) as total_cost FROM llm_usage GROUP BY agent_id ORDER BY agent_id',
      )
      .all();
    expect(rows).toEqual([
      { agent_id: 'agent-a', total_cost: 0.00012 },
      { agent_id: 'agent-b', total_cost: 0.00075 },
      { agent_id: 'agent-x', total_cost: 0.00075 },
    ]);
  });
});
