import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type ServeHandle, startServe } from '../helpers/process.js';

const TENANT = 'acme';
let serve: ServeHandle;
let adminKey: string;
const others: ServeHandle[] = [];

beforeAll(async () => {
  serve = await startServe({ SETTLD_MATRIX_RUNS_PER_HOUR: '2', RUNNER_POLL_INTERVAL_MS: '50' });
  const created = await fetch(`${serve.baseUrl}/admin/api_keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-token': serve.adminToken },
    body: JSON.stringify({
      tenant_id: TENANT,
      agent_id: 'control-plane',
      owner: 'platform',
      scopes: 'admin',
    }),
  });
  adminKey = ((await json(created)) as { key: string }).key;
});

afterAll(async () => {
  for (const handle of others) await handle.stop();
  await serve.stop();
});

/** The seed's curl: `x-api-key: <admin_api_key>`, JSON body. */
function post(path: string, body: unknown, headers: Record<string, string> = {}, base = serve.baseUrl) {
  return fetch(`${base}/v1/tenants/${TENANT}/onboarding/${path}`, {
    method: 'POST',
    headers: { 'x-api-key': adminKey, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

function auditActions(home: string): string[] {
  const db = new Database(join(home, 'settld.db'), { readonly: true });
  try {
    return (db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map(
      (row) => row.action,
    );
  } finally {
    db.close();
  }
}

describe('the seed 000 golden path against serve', () => {
  let runtimeKey: string;

  it('1. runtime bootstrap issues the runtime key once, then reuses it; snippets hold no secret', async () => {
    const response = await post('runtime-bootstrap', {
      apiKey: { create: true, description: 'onboarding runtime key' },
    });
    expect(response.status).toBe(200);
    const result = await json(response);
    expect(result.env).toMatchObject({ SETTLD_BASE_URL: serve.baseUrl, SETTLD_TENANT_ID: TENANT });
    runtimeKey = result.env.SETTLD_API_KEY;
    expect(runtimeKey).toMatch(/^sk_/);
    expect(result.apiKey).toMatchObject({ reused: false });
    expect(result.apiKey.scopes).not.toContain('admin');
    expect(result.snippets.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(result.snippets)).not.toContain(runtimeKey);
    expect(JSON.stringify(result.mcp)).not.toContain(runtimeKey);

    const again = await json(await post('runtime-bootstrap', { apiKey: { create: true } }));
    expect(again.apiKey).toMatchObject({ id: result.apiKey.id, reused: true });
    expect(again.env.SETTLD_API_KEY).toBeNull();
  });

  it('2. the MCP smoke test passes with the env block and fails, naming the stage, with a wrong key', async () => {
    const env = { SETTLD_BASE_URL: serve.baseUrl, SETTLD_TENANT_ID: TENANT, SETTLD_API_KEY: runtimeKey };
    const response = await post('runtime-bootstrap/smoke-test', { env });
    const result = await json(response);
    expect(response.status, JSON.stringify(result)).toBe(200);
    expect(result).toMatchObject({ ok: true, call: { tool: 'health' } });
    expect(result.tools).toBeGreaterThan(10);

    const wrong = `${runtimeKey.slice(0, -4)}XXXX`;
    const failed = await post('runtime-bootstrap/smoke-test', {
      env: { ...env, SETTLD_API_KEY: wrong },
      timeoutMs: 5000,
    });
    expect(failed.status).toBe(502);
    const body = await json(failed);
    expect(body.code).toBe('MCP_SMOKE_TEST_FAILED');
    expect(body.stage).toBeDefined();
    expect(JSON.stringify(body)).not.toContain(wrong);

    const tooLong = await post('runtime-bootstrap/smoke-test', { env, timeoutMs: 60_000 });
    expect((await json(tooLong)).code).toBe('INVALID_INPUT');
  });

  it('3. the first paid call completes step by step; history lists it; a replay runs and spends nothing', async () => {
    const response = await post('first-paid-call', {});
    const attempt = await json(response);
    expect(response.status, JSON.stringify(attempt)).toBe(200);
    expect(attempt.attemptId).toMatch(/^fpc_/);
    expect(attempt.status).toBe('completed');
    expect(attempt.steps.map((step: { step: string }) => step.step)).toEqual([
      'runtime_key',
      'fund_wallet',
      'grant_runner',
      'open_run',
      'execute_and_finalize',
      'verify_receipt',
    ]);
    expect(attempt.receipt.actualCharge + attempt.receipt.refund).toBe(attempt.receipt.escrow);

    const history = await json(
      await fetch(`${serve.baseUrl}/v1/tenants/${TENANT}/onboarding/first-paid-call/history`, {
        headers: { 'x-api-key': adminKey },
      }),
    );
    expect(history.attempts[0].attemptId).toBe(attempt.attemptId);

    const db = new Database(join(serve.home, 'settld.db'), { readonly: true });
    const journalRows = () =>
      (db.prepare('SELECT COUNT(*) AS n FROM vault_journal').get() as { n: number }).n;
    const before = journalRows();
    const replay = await json(await post('first-paid-call', { replayAttemptId: attempt.attemptId }));
    expect(replay).toMatchObject({ attemptId: attempt.attemptId, replayed: true, receipt: attempt.receipt });
    expect(journalRows()).toBe(before);
    db.close();

    const unknown = await post('first-paid-call', { replayAttemptId: 'fpc_doesnotexist' });
    expect(unknown.status).toBe(404);
  });

  it('4. the conformance matrix: the seed’s shape, idempotent replays, and a rate limit with retryAfterSeconds', async () => {
    const key = `matrix_${TENANT}_build-1`;
    const first = await post(
      'conformance-matrix',
      { targets: ['codex', 'claude', 'openhands'] },
      { 'x-idempotency-key': key },
    );
    const matrix = await json(first);
    expect(first.status, JSON.stringify(matrix).slice(0, 2000)).toBe(200);
    expect(Object.keys(matrix)).toEqual(
      expect.arrayContaining(['tenantId', 'runId', 'generatedAt', 'checks', 'targets', 'ready']),
    );
    expect(matrix.targets.map((row: { target: string }) => row.target)).toEqual([
      'codex',
      'claude',
      'openhands',
    ]);
    expect(matrix.reused).toBe(false);

    const replay = await post(
      'conformance-matrix',
      { targets: ['codex', 'claude', 'openhands'] },
      { 'x-idempotency-key': key },
    );
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const replayed = await json(replay);
    expect(replayed).toMatchObject({ runId: matrix.runId, reused: true });

    // The limit is 2 per hour here: the replay did not count, so one more run passes and the next is refused.
    expect((await post('conformance-matrix', { targets: ['codex'] })).status).toBe(200);
    const limited = await post('conformance-matrix', { targets: ['codex'] });
    expect(limited.status).toBe(429);
    expect((await json(limited)).retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.headers.get('retry-after')).toBeTruthy();

    const badKey = await post('conformance-matrix', {}, { 'x-idempotency-key': 'x'.repeat(161) });
    expect((await json(badKey)).code).toBe('INVALID_IDEMPOTENCY_KEY');
  }, 120_000);

  it('every audit event the seed expects is there', () => {
    expect(auditActions(serve.home)).toEqual(
      expect.arrayContaining([
        'TENANT_RUNTIME_BOOTSTRAP_ISSUED',
        'TENANT_RUNTIME_MCP_SMOKE_TESTED',
        'TENANT_RUNTIME_FIRST_PAID_CALL_COMPLETED',
        'TENANT_RUNTIME_CONFORMANCE_MATRIX_RUN',
      ]),
    );
  });

  it('a key of another tenant, or without onboarding:run, is refused', async () => {
    const other = await fetch(`${serve.baseUrl}/admin/api_keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': serve.adminToken },
      body: JSON.stringify({ tenant_id: 'other', agent_id: 'x', owner: 'o', scopes: 'admin' }),
    });
    const otherKey = ((await json(other)) as { key: string }).key;
    const response = await fetch(`${serve.baseUrl}/v1/tenants/${TENANT}/onboarding/first-paid-call/history`, {
      headers: { 'x-api-key': otherKey },
    });
    expect(response.status).toBe(403);
  });
});

describe('an upstream settld-mcp server (MAGIC_LINK_SETTLD_*)', () => {
  it('half-configured is RUNTIME_BOOTSTRAP_UNCONFIGURED (503); configured, the loop runs on the upstream', async () => {
    const half = await startServe({ MAGIC_LINK_SETTLD_API_BASE_URL: serve.baseUrl });
    others.push(half);
    const refused = await fetch(`${half.baseUrl}/v1/tenants/${TENANT}/onboarding/runtime-bootstrap`, {
      method: 'POST',
      headers: { 'x-admin-token': half.adminToken, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(503);
    expect(await json(refused)).toMatchObject({ code: 'RUNTIME_BOOTSTRAP_UNCONFIGURED' });

    const proxy = await startServe({
      MAGIC_LINK_SETTLD_API_BASE_URL: serve.baseUrl,
      MAGIC_LINK_SETTLD_OPS_TOKEN: serve.adminToken,
    });
    others.push(proxy);
    const history = await fetch(`${proxy.baseUrl}/v1/tenants/${TENANT}/onboarding/first-paid-call/history`, {
      headers: { 'x-admin-token': proxy.adminToken },
    });
    expect(history.status).toBe(200);
    // The attempts are the upstream's.
    expect((await json(history)).attempts.length).toBeGreaterThan(0);
    expect(proxy.logs()).not.toContain(serve.adminToken);
  });
});

describe('the conformance matrix limit at its default', () => {
  it('refuses the 13th run in an hour with retryAfterSeconds', async () => {
    const fresh = await startServe();
    others.push(fresh);
    const run = () =>
      fetch(`${fresh.baseUrl}/v1/tenants/${TENANT}/onboarding/conformance-matrix`, {
        method: 'POST',
        headers: { 'x-admin-token': fresh.adminToken, 'content-type': 'application/json' },
        body: JSON.stringify({ targets: ['codex'] }),
      });
    for (let i = 1; i <= 12; i++) expect((await run()).status, `run ${i}`).toBe(200);
    const thirteenth = await run();
    expect(thirteenth.status).toBe(429);
    expect(await json(thirteenth)).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await json(await run())).retryAfterSeconds).toBeGreaterThan(0);
  }, 120_000);
});
