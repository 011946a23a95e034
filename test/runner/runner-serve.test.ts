import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeLlmProvider } from '../fakes/fake-llm-provider.js';
import { json, runCli, type ServeHandle, startServe, tempHome } from '../helpers/process.js';

interface SummaryBody {
  queueDepth: number;
  active: number;
  byStatus: Record<string, number>;
}
interface RunBody {
  status: string;
  receipt: { actualCharge: number; refund: number };
  output: unknown;
}

const BUDGETS = { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 2000 };
const handles: ServeHandle[] = [];
const fakes: FakeLlmProvider[] = [];

afterAll(async () => {
  for (const handle of handles) await handle.stop('SIGKILL');
  for (const fake of fakes) await fake.close();
});

async function serve(env: Record<string, string> = {}) {
  const handle = await startServe({ RUNNER_POLL_INTERVAL_MS: '50', ...env });
  handles.push(handle);
  return handle;
}

async function createKey(handle: ServeHandle, body: Record<string, unknown> = {}) {
  const response = await fetch(`${handle.baseUrl}/admin/api_keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-token': handle.adminToken },
    body: JSON.stringify({
      agent_id: 'wallet',
      owner: 'platform',
      scopes: 'runner:read,runner:write,llm:call',
      ...body,
    }),
  });
  expect(response.status).toBe(201);
  return ((await json(response)) as { key: string }).key;
}

function client(handle: ServeHandle, key: string) {
  return (method: string, path: string, body?: unknown) =>
    fetch(`${handle.baseUrl}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the seed 002 manual validation against serve', () => {
  it('grant → enqueue → pending → finalized with a receipt; revoke → the next run fails fast with UnauthorizedRunner', async () => {
    const handle = await serve();
    const api = client(handle, await createKey(handle));

    const summary = await json(await api('GET', '/summary'));
    expect(summary).toMatchObject({ queueDepth: 0, backend: 'embedded', paused: false });
    expect(summary.runner).toMatch(/^runner_/);

    expect((await api('POST', '/grants', { user: 'alice', agentId: 1 })).status).toBe(201);
    expect((await json(await api('GET', '/grants?user=alice'))).items).toHaveLength(1);
    expect(await json(await api('POST', '/vault/deposit', { user: 'alice', amount: 50_000 }))).toEqual({
      user: 'alice',
      balance: 50_000,
    });

    const enqueued = await api('POST', '/runs', {
      user: 'alice',
      agentId: 1,
      budgets: BUDGETS,
      workflowId: 'echo',
      input: { task: 'validate' },
      label: 'manual validation',
    });
    expect(enqueued.status).toBe(202);
    const run = await json(enqueued);
    expect(run.status).toBe('pending');

    const done = await waitFor(
      async () => (await json(await api('GET', `/runs/${run.id}`))) as RunBody,
      (value) => value.status === 'finalized',
    );
    expect(done.status).toBe('finalized');
    expect(done.receipt.actualCharge + done.receipt.refund).toBe(2000);
    expect(done.output).toEqual({ echo: { task: 'validate' } });
    expect((await json(await api('GET', '/vault/balance?user=alice'))).balance).toBe(
      50_000 - done.receipt.actualCharge,
    );
    expect((await json(await api('GET', '/runs'))).items[0].id).toBe(run.id);

    const revoked = await api('DELETE', '/grants', { user: 'alice', agentId: 1 });
    expect(revoked.status).toBe(200);
    const refused = await api('POST', '/runs', { user: 'alice', budgets: BUDGETS, workflowId: 'echo' });
    expect(refused.status).toBe(403);
    expect(await json(refused)).toMatchObject({ code: 'UnauthorizedRunner', contractError: 15 });

    const status = runCli(['runner', 'status', '--json'], { SETTLD_HOME: handle.home });
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ byStatus: { finalized: 1 } });
  });

  it('a key without runner scopes is refused, and another tenant’s run is invisible', async () => {
    const handle = await serve();
    const ours = client(handle, await createKey(handle, { tenant_id: 'ours' }));
    const theirs = client(handle, await createKey(handle, { tenant_id: 'theirs' }));
    const agentOnly = client(handle, await createKey(handle, { scopes: 'intents:read' }));
    expect((await agentOnly('GET', '/summary')).status).toBe(403);
    await ours('POST', '/grants', { user: 'u1' });
    await ours('POST', '/vault/deposit', { user: 'u1', amount: 10_000 });
    const run = await json(await ours('POST', '/runs', { user: 'u1', budgets: BUDGETS, workflowId: 'echo' }));
    expect((await theirs('GET', `/runs/${run.id}`)).status).toBe(404);
    // The same user name in another tenant is another vault: nothing granted, nothing deposited.
    expect((await json(await theirs('GET', '/vault/balance?user=u1'))).balance).toBe(0);
    expect((await theirs('POST', '/runs', { user: 'u1', budgets: BUDGETS, workflowId: 'echo' })).status).toBe(
      403,
    );
  });
});

describe('crash drill', () => {
  it('kill -9 with 200 runs queued or in flight: after restart every run is terminal, none finalized twice, the ledger holds', async () => {
    const fake = await FakeLlmProvider.start({ latencyMs: 1500 });
    fakes.push(fake);
    const home = tempHome();
    const env = {
      SETTLD_HOME: home,
      SETTLD_ADMIN_TOKEN: 'adm_crash_drill_token_0123456789',
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_API_KEY: 'sk-fake-provider-key',
      RUNNER_CONCURRENCY: '40',
      SETTLD_RATE_LIMIT_PER_MINUTE: '100000',
    };
    const first = await serve(env);
    const api = client(first, await createKey(first, { daily_limit: 1000 }));
    await api('POST', '/grants', { user: 'crash' });
    await api('POST', '/vault/deposit', { user: 'crash', amount: 100_000_000 });
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const body =
        i % 2 === 0
          ? { user: 'crash', budgets: BUDGETS, workflowId: 'echo', input: { i } }
          : {
              user: 'crash',
              budgets: { llmIn: 5000, llmOut: 64, httpCalls: 1, runtimeMs: 30_000 },
              workflowId: 'llm_chat',
              input: { prompt: `run ${i}` },
            };
      const response = await api('POST', '/runs', body);
      expect(response.status).toBe(202);
      ids.push((await json(response)).id);
    }
    // Some runs are done, LLM runs are in flight with their escrow held, the rest are queued.
    await waitFor(
      async () => (await json(await api('GET', '/summary'))) as SummaryBody,
      (summary) => summary.active >= 20 && (summary.byStatus.finalized ?? 0) >= 10,
    );
    expect(await first.stop('SIGKILL')).toBeNull();

    const db = new Database(join(home, 'settld.db'));
    const before = db.prepare(`SELECT status, COUNT(*) AS n FROM runner_runs GROUP BY status`).all() as {
      status: string;
      n: number;
    }[];
    expect(before.some((row) => ['opening', 'running', 'finalizing'].includes(row.status))).toBe(true);

    const second = await serve(env);
    const after = client(second, await createKey(second, { daily_limit: 1000 }));
    const summary = await waitFor(
      async () => (await json(await after('GET', '/summary'))) as SummaryBody,
      (value) => value.queueDepth === 0 && value.active === 0,
      60_000,
    );
    expect(summary).toMatchObject({ queueDepth: 0, active: 0 });

    const statuses = db.prepare('SELECT id, status, vault_run_id FROM runner_runs').all() as {
      id: string;
      status: string;
      vault_run_id: number | null;
    }[];
    expect(statuses).toHaveLength(200);
    expect(statuses.every((row) => ['finalized', 'failed', 'cancelled'].includes(row.status))).toBe(true);
    // One vault run per attempt at most, each closed exactly once; no escrow left behind.
    const vault = db
      .prepare(
        `SELECT COUNT(*) AS runs, SUM(status = 'open') AS open, COUNT(DISTINCT reference) AS refs FROM vault_runs`,
      )
      .get() as { runs: number; open: number; refs: number };
    expect(vault.open).toBe(0);
    expect(vault.refs).toBe(vault.runs);
    const finalizedTwice = db
      .prepare(
        `SELECT run_id FROM vault_journal WHERE reason = 'finalize_charge' GROUP BY run_id HAVING COUNT(*) > 1`,
      )
      .all();
    expect(finalizedTwice).toEqual([]);
    const accounts = db.prepare('SELECT account, balance FROM vault_accounts').all() as {
      account: string;
      balance: number;
    }[];
    const sum = (prefix: string) =>
      accounts.filter((row) => row.account.startsWith(prefix)).reduce((total, row) => total + row.balance, 0);
    expect(sum('external') + sum('user:') + sum('escrow:') + sum('developer:')).toBe(0);
    expect(sum('escrow:')).toBe(0);
    expect(-sum('external')).toBe(100_000_000);
    const journal = db
      .prepare(
        `SELECT account, SUM(amount) AS balance FROM (
           SELECT credit_account AS account, amount FROM vault_journal
           UNION ALL SELECT debit_account, -amount FROM vault_journal) GROUP BY account`,
      )
      .all() as { account: string; balance: number }[];
    for (const row of journal)
      expect(accounts.find((account) => account.account === row.account)?.balance).toBe(row.balance);
    db.close();
  }, 120_000);
});
