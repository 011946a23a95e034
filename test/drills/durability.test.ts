import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeLlmProvider } from '../fakes/fake-llm-provider.js';
import { json, runCli, type ServeHandle, startServe, tempHome } from '../helpers/process.js';

const handles: ServeHandle[] = [];
let fake: FakeLlmProvider | undefined;
afterAll(async () => {
  for (const handle of handles) await handle.stop('SIGKILL');
  await fake?.close();
});

/** Bounded load: each worker stops after this many operations or when the server is gone. */
const OPERATIONS_PER_WORKER = 400;

interface Acknowledged {
  intents: Map<string, string>;
  chats: Map<string, string>;
  runs: Map<string, string>;
}

describe('durability drill', () => {
  it('kill -9 under mixed load: nothing acknowledged is lost, nothing applied twice, the ledgers balance, audit verify passes', async () => {
    fake = await FakeLlmProvider.start({ latencyMs: 20 });
    const home = tempHome();
    const env = {
      SETTLD_HOME: home,
      SETTLD_ADMIN_TOKEN: 'adm_durability_drill_0123456789abcdef',
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_API_KEY: 'sk-fake-provider-key-durability',
      SETTLD_RATE_LIMIT_PER_MINUTE: '1000000',
      RUNNER_CONCURRENCY: '8',
      RUNNER_POLL_INTERVAL_MS: '50',
    };
    const first = await startServe(env);
    handles.push(first);
    const created = await fetch(`${first.baseUrl}/admin/api_keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': first.adminToken },
      body: JSON.stringify({
        agent_id: 'loader',
        owner: 'drill',
        scopes: 'intents:read,intents:write,llm:call,runner:read,runner:write',
        daily_limit: 1000,
      }),
    });
    const key = ((await json(created)) as { key: string }).key;
    const call = (base: string, method: string, path: string, body: unknown, idempotencyKey?: string) =>
      fetch(`${base}${path}`, {
        method,
        headers: {
          'x-api-key': key,
          'content-type': 'application/json',
          ...(idempotencyKey ? { 'x-idempotency-key': idempotencyKey } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    await call(first.baseUrl, 'POST', '/grants', { user: 'drill' });
    await call(first.baseUrl, 'POST', '/vault/deposit', { user: 'drill', amount: 1_000_000_000 });

    const acknowledged: Acknowledged = { intents: new Map(), chats: new Map(), runs: new Map() };
    let alive = true;
    const worker = async (kind: keyof Acknowledged, id: number) => {
      for (let i = 0; i < OPERATIONS_PER_WORKER && alive; i++) {
        const idem = `${kind}-${id}-${i}`;
        try {
          if (kind === 'intents') {
            const response = await call(
              first.baseUrl,
              'POST',
              '/intents',
              { code: 'F401', file: `drill/${idem}.py`, reason: idem },
              idem,
            );
            if (response.status === 201)
              acknowledged.intents.set(idem, ((await json(response)) as { id: string }).id);
          } else if (kind === 'chats') {
            const response = await call(
              first.baseUrl,
              'POST',
              '/v1/llm/chat',
              { prompt: idem, max_completion_tokens: 16 },
              idem,
            );
            if (response.status === 200)
              acknowledged.chats.set(idem, ((await json(response)) as { call_id: string }).call_id);
          } else {
            const response = await call(
              first.baseUrl,
              'POST',
              '/runs',
              {
                user: 'drill',
                budgets: { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 1000 },
                workflowId: 'echo',
                input: idem,
              },
              idem,
            );
            if (response.status === 202)
              acknowledged.runs.set(idem, ((await json(response)) as { id: string }).id);
          }
          // An idempotent retry now and then: it must come back with the same object.
          if (i % 10 === 5 && kind === 'intents') {
            const earlier = `${kind}-${id}-${i - 1}`;
            const id0 = acknowledged.intents.get(earlier);
            if (id0) {
              const retry = await call(
                first.baseUrl,
                'POST',
                '/intents',
                { code: 'F401', file: `drill/${earlier}.py`, reason: earlier },
                earlier,
              );
              if (retry.status === 201) expect(((await json(retry)) as { id: string }).id).toBe(id0);
            }
          }
        } catch {
          return; // the server went away mid-request: that operation was never acknowledged
        }
      }
    };
    const load = Promise.all([
      worker('intents', 1),
      worker('intents', 2),
      worker('chats', 1),
      worker('chats', 2),
      worker('runs', 1),
      worker('runs', 2),
    ]);
    const deadline = Date.now() + 20_000;
    while (
      Date.now() < deadline &&
      (acknowledged.intents.size < 100 || acknowledged.chats.size < 40 || acknowledged.runs.size < 100)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await first.stop('SIGKILL')).toBeNull();
    alive = false;
    await load;

    const second = await startServe(env);
    handles.push(second);
    // Every acknowledged intent is there, once; an idempotent retry after the crash replays it.
    for (const [idem, id] of acknowledged.intents) {
      const response = await call(
        second.baseUrl,
        'POST',
        '/intents',
        { code: 'F401', file: `drill/${idem}.py`, reason: idem },
        idem,
      );
      expect(response.status).toBe(201);
      expect(((await json(response)) as { id: string }).id).toBe(id);
    }
    // The runs: all reach a terminal state once the worker has caught up.
    const terminal = new Set(['finalized', 'failed', 'cancelled']);
    const until = Date.now() + 60_000;
    for (;;) {
      const summary = (await json(
        await fetch(`${second.baseUrl}/summary`, { headers: { 'x-api-key': key } }),
      )) as {
        queueDepth: number;
        active: number;
      };
      if ((summary.queueDepth === 0 && summary.active === 0) || Date.now() > until) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await second.stop();

    const db = new Database(join(home, 'settld.db'), { readonly: true });
    try {
      const intents = db
        .prepare(`SELECT reason, COUNT(*) AS n FROM intents WHERE reason LIKE 'intents-%' GROUP BY reason`)
        .all() as {
        reason: string;
        n: number;
      }[];
      expect(intents.filter((row) => row.n > 1)).toEqual([]);
      const intentIds = new Set(
        (db.prepare('SELECT id FROM intents').all() as { id: string }[]).map((row) => row.id),
      );
      for (const id of acknowledged.intents.values()) expect(intentIds.has(id)).toBe(true);

      const ledger = new Map(
        (
          db.prepare('SELECT id, status, cost_micros FROM llm_usage').all() as {
            id: string;
            status: string;
            cost_micros: number | null;
          }[]
        ).map((row) => [row.id, row]),
      );
      for (const callId of acknowledged.chats.values()) expect(ledger.get(callId)?.status).toBe('settled');
      const spent = db
        .prepare(`SELECT COALESCE(SUM(spent_micros), 0) AS s FROM llm_budget_days WHERE caller != '*'`)
        .get() as { s: number };
      const settled = db
        .prepare(`SELECT COALESCE(SUM(cost_micros), 0) AS s FROM llm_usage WHERE status = 'settled'`)
        .get() as { s: number };
      expect(spent.s).toBe(settled.s);

      const runs = db.prepare('SELECT id, status FROM runner_runs').all() as { id: string; status: string }[];
      const runStatus = new Map(runs.map((row) => [row.id, row.status]));
      for (const id of acknowledged.runs.values())
        expect(terminal.has(runStatus.get(id) ?? 'missing')).toBe(true);
      expect(runs.every((row) => terminal.has(row.status))).toBe(true);
      const twice = db
        .prepare(
          `SELECT run_id FROM vault_journal WHERE reason = 'finalize_charge' GROUP BY run_id HAVING COUNT(*) > 1`,
        )
        .all();
      expect(twice).toEqual([]);
      const accounts = db.prepare('SELECT account, balance FROM vault_accounts').all() as {
        account: string;
        balance: number;
      }[];
      const sum = (prefix: string) =>
        accounts
          .filter((row) => row.account.startsWith(prefix))
          .reduce((total, row) => total + row.balance, 0);
      expect(sum('escrow:')).toBe(0);
      expect(-sum('external')).toBe(sum('user:') + sum('escrow:') + sum('developer:'));
    } finally {
      db.close();
    }
    const verify = runCli(['audit', 'verify'], { SETTLD_HOME: home });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(acknowledged.intents.size).toBeGreaterThan(0);
    expect(acknowledged.chats.size).toBeGreaterThan(0);
    expect(acknowledged.runs.size).toBeGreaterThan(0);
  }, 150_000);
});
