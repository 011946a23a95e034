import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLlmProvider } from '../fakes/fake-llm-provider.js';
import { runCli, type ServeHandle } from '../helpers/process.js';
import { auditRows, callTool, type HttpAnswer, type McpAnswer, send, startDrillServe } from './helpers.js';

/*
 * The secrets drill: every flow runs with real secrets — the admin token, API keys, a runner secret,
 * a provider key — and then the server's log, every table of the store (the audit log first), every
 * answer (error bodies included), the host configurations and the matrix are searched for any of
 * them, or for any 16 characters of one (a message that echoes the first 40 characters of a key leaks
 * it as surely as one that echoes all of it). Only a key's creation answer — POST /admin/api_keys, the
 * admin_create_api_key tool, `keys create`, the runtime bootstrap's env.SETTLD_API_KEY — may hold a
 * key: its own, once.
 */

const TENANT = 'secrets-drill';
const FRAGMENT = 16;
const ADMIN_TOKEN = `adm_${randomBytes(24).toString('base64url')}`;
const RUNNER_SECRET = randomBytes(32).toString('base64url');
const PROVIDER_KEY = `sk-proj-${randomBytes(24).toString('base64url')}`;

let serve: ServeHandle;
let provider: FakeLlmProvider;
/** Every secret by name: the three above, then each API key as it is issued. */
const secrets = new Map<string, string>([
  ['SETTLD_ADMIN_TOKEN', ADMIN_TOKEN],
  ['RUNNER_SECRET', RUNNER_SECRET],
  ['OPENAI_API_KEY', PROVIDER_KEY],
]);

interface Output {
  label: string;
  text: string;
  /** An answer to a request that carried a secret where it does not belong. */
  misplaced?: boolean;
  /** A key this output may hold (its creation answer), and how often: MCP repeats a result in text and structuredContent. */
  allowed?: { key: string; times: number };
}
const outputs: Output[] = [];
const keys: Record<string, string> = {};

/** The part of a secret nobody may see: an API key's `sk_<id>_` names it and is public. */
const hiddenPart = (value: string) => /^sk_[A-Za-z0-9]{12}_(.+)$/.exec(value)?.[1] ?? value;

/** The names of the secrets any 16 characters of which occur in `text`. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const [name, value] of secrets) {
    const hidden = hiddenPart(value);
    for (let start = 0; start + FRAGMENT <= hidden.length; start++) {
      if (text.includes(hidden.slice(start, start + FRAGMENT))) {
        found.push(name);
        break;
      }
    }
  }
  return found;
}

/** Set while the drill sends secrets where they do not belong. */
let misplacing = false;

function keep(label: string, answer: HttpAnswer | McpAnswer): void {
  outputs.push({ label, text: answer.text, misplaced: misplacing });
}

async function http(
  label: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<HttpAnswer> {
  const answer = await send(serve.baseUrl, method, path, options);
  keep(`${label}: ${method} ${path.split('?')[0]} → ${answer.status}`, answer);
  return answer;
}

async function tool(label: string, bearer: string, name: string, args: Record<string, unknown>) {
  const outcome = await callTool(serve.baseUrl, bearer, name, args);
  keep(`${label}: tool ${name}`, outcome.answer);
  return outcome;
}

/** Issues a key through the REST route, records its creation answer as the one place it may appear. */
async function createKey(
  name: string,
  body: Record<string, unknown>,
  headers: Record<string, string>,
  path = '/admin/api_keys',
) {
  const answer = await send(serve.baseUrl, 'POST', path, { headers, body: { owner: 'drill', ...body } });
  expect(answer.status, answer.text).toBe(201);
  const key = (answer.body as { key: string }).key;
  secrets.set(`key:${name}`, key);
  keys[name] = key;
  outputs.push({ label: `create key ${name}`, text: answer.text, allowed: { key, times: 1 } });
  return key;
}

const asKey = (key: string) => ({ 'x-api-key': key });

async function waitForRun(id: string, key: string): Promise<Record<string, unknown>> {
  for (let tries = 0; tries < 200; tries++) {
    const run = await send(serve.baseUrl, 'GET', `/runs/${id}`, { headers: asKey(key) });
    const status = (run.body as { status?: string } | undefined)?.status;
    if (status === 'finalized' || status === 'failed' || status === 'cancelled') {
      keep(`run ${id}`, run);
      return run.body as Record<string, unknown>;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${id} did not finish`);
}

beforeAll(async () => {
  provider = await FakeLlmProvider.start();
  serve = await startDrillServe({
    SETTLD_ADMIN_TOKEN: ADMIN_TOKEN,
    RUNNER_SECRET,
    OPENAI_API_KEY: PROVIDER_KEY,
    SETTLD_LLM_BASE_URL: provider.baseUrl,
    SETTLD_LOG_LEVEL: 'debug',
  });
});

afterAll(async () => {
  await serve?.stop();
  await provider?.close();
});

describe('every flow, with real secrets', () => {
  it('keys: created by the admin token (header and the seed’s query), by a tool and by the CLI; listed; revoked by the full key', async () => {
    const admin = { 'x-admin-token': ADMIN_TOKEN };
    const adminKey = await createKey('admin', { tenant_id: TENANT, agent_id: 'ops', scopes: 'admin' }, admin);
    await createKey(
      'agent',
      { tenant_id: TENANT, agent_id: 'agent', scopes: '*', daily_limit: 50 },
      {},
      `/admin/api_keys?admin_token=${ADMIN_TOKEN}`,
    );
    const created = await callTool(serve.baseUrl, adminKey, 'admin_create_api_key', {
      agent_id: 'to-revoke',
      owner: 'drill',
      scopes: 'intents:read',
    });
    const toRevoke = (created.answer.rpc?.result?.structuredContent as { key: string }).key;
    secrets.set('key:revoked', toRevoke);
    keys.revoked = toRevoke;
    outputs.push({
      label: 'tool admin_create_api_key',
      text: created.answer.text,
      allowed: { key: toRevoke, times: 2 },
    });

    const cli = runCli(
      ['keys', 'create', '--tenant', TENANT, '--agent_id', 'cli', '--owner', 'me', '--json'],
      {
        SETTLD_HOME: serve.home,
      },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const cliKey = (JSON.parse(cli.stdout) as { key: string }).key;
    secrets.set('key:cli', cliKey);
    outputs.push({ label: 'cli keys create', text: cli.stdout, allowed: { key: cliKey, times: 1 } });
    outputs.push({ label: 'cli keys create (stderr)', text: cli.stderr });
    const listed = runCli(['keys', 'list', '--tenant', TENANT, '--json'], { SETTLD_HOME: serve.home });
    expect(listed.status, listed.stderr).toBe(0);
    outputs.push({ label: 'cli keys list', text: listed.stdout + listed.stderr });

    expect((await http('list keys', 'GET', '/admin/api_keys', { headers: asKey(adminKey) })).status).toBe(
      200,
    );
    expect(
      (await http('list keys (operator)', 'GET', `/admin/api_keys?admin_token=${ADMIN_TOKEN}`)).status,
    ).toBe(200);
    const revoked = await http('revoke by full key', 'DELETE', `/admin/api_keys/${toRevoke}`, {
      headers: asKey(adminKey),
    });
    expect(revoked.status, revoked.text).toBe(200);
    const refused = await http('revoked key', 'GET', '/intents', { headers: asKey(toRevoke) });
    expect(refused.status).toBe(401);
  });

  it('intents: create, the pre-PR check with findings (REST and MCP), export', async () => {
    const key = keys.agent!;
    expect(
      (
        await http('create intent', 'POST', '/intents', {
          headers: { 'X-T4-API-KEY': key, 'x-idempotency-key': 'drill-intent-1' },
          body: { code: 'F821', file: 'app/core.py', status: 'planned', owner: 'core', ticket: 'T-1' },
        })
      ).status,
    ).toBe(201);
    const findings = [{ code: 'F401', filename: 'app/util.py', location: { row: 3 } }];
    const check = await http('pre-PR check', 'POST', '/intents/pre_pr_check', {
      headers: { authorization: `Bearer ${key}` },
      body: {
        files: ['app/core.py', 'app/util.py'],
        critical_codes: ['F821', 'F401'],
        findings,
        auto_create_reserved: true,
      },
    });
    expect(check.status, check.text).toBe(200);
    const viaMcp = await tool('pre-PR check', key, 'intents_pre_pr_check', {
      files: ['app/util.py'],
      critical_codes: ['F401'],
      findings: JSON.stringify(findings),
    });
    expect(viaMcp.isError, viaMcp.answer.text).toBe(false);
    expect((await http('export', 'GET', '/intents/export', { headers: asKey(key) })).status).toBe(200);
  });

  it('LLM: priced calls over REST and MCP, a provider failure that echoes its Authorization header, quota and usage', async () => {
    const key = keys.agent!;
    const chat = await http('llm chat', 'POST', '/v1/llm/chat', {
      headers: { ...asKey(key), 'x-idempotency-key': 'drill-chat-1' },
      body: { prompt: 'say hi', max_completion_tokens: 32 },
    });
    expect(chat.status, chat.text).toBe(200);
    const viaMcp = await tool('llm chat', key, 'llm_chat', {
      prompt: 'say hi again',
      max_completion_tokens: 32,
    });
    expect(viaMcp.isError, viaMcp.answer.text).toBe(false);

    provider.options.errorMessage = (request) =>
      `Incorrect API key provided: ${String(request.headers.authorization)}`;
    provider.failNext(401);
    const failed = await http('llm chat, provider refuses', 'POST', '/v1/llm/chat', {
      headers: asKey(key),
      body: { prompt: 'fail please', max_completion_tokens: 8 },
    });
    expect(failed.status, failed.text).toBe(502);
    expect(
      provider.chatRequests().every((request) => request.headers.authorization === `Bearer ${PROVIDER_KEY}`),
    ).toBe(true);
    expect((await http('quota', 'GET', '/v1/llm/quota', { headers: asKey(key) })).status).toBe(200);
    expect(
      (
        await http('usage', 'GET', '/v1/llm/usage?group_by=model', {
          headers: { 'x-admin-token': ADMIN_TOKEN },
        })
      ).status,
    ).toBe(200);
  });

  it('runner: grant, deposit, an echo run and an llm_chat run to the end, summary', async () => {
    const key = keys.agent!;
    const user = 'drill-user';
    expect((await http('grant', 'POST', '/grants', { headers: asKey(key), body: { user } })).status).toBe(
      201,
    );
    const deposit = await http('deposit', 'POST', '/vault/deposit', {
      headers: { ...asKey(key), 'x-idempotency-key': 'drill-deposit-1' },
      body: { user, amount: 5_000_000 },
    });
    expect(deposit.status, deposit.text).toBe(200);
    const budgets = { llmIn: 2_000, llmOut: 64, httpCalls: 1, runtimeMs: 60_000 };
    const echo = await http('run echo', 'POST', '/runs', {
      headers: asKey(key),
      body: { user, workflowId: 'echo', input: { hello: 'world' }, budgets },
    });
    expect(echo.status, echo.text).toBe(202);
    const llm = await http('run llm_chat', 'POST', '/runs', {
      headers: asKey(key),
      body: { user, workflowId: 'llm_chat', input: { prompt: 'one line please' }, budgets },
    });
    expect(llm.status, llm.text).toBe(202);
    expect((await waitForRun((echo.body as { id: string }).id, key)).status).toBe('finalized');
    expect((await waitForRun((llm.body as { id: string }).id, key)).status).toBe('finalized');
    const summary = await http('summary', 'GET', '/summary', { headers: asKey(key) });
    expect(summary.status).toBe(200);
    expect((summary.body as { runner: string }).runner).toMatch(/^runner_/);
  });

  it('onboarding: runtime bootstrap, smoke tests (passing and failing), first paid call, conformance matrix', async () => {
    const adminKey = keys.admin!;
    const base = `/v1/tenants/${TENANT}/onboarding`;
    const bootstrap = await send(serve.baseUrl, 'POST', `${base}/runtime-bootstrap`, {
      headers: asKey(adminKey),
      body: { apiKey: { create: true } },
    });
    expect(bootstrap.status, bootstrap.text).toBe(200);
    const result = bootstrap.body as { env: Record<string, string>; snippets: unknown[]; mcp: unknown };
    const runtimeKey = result.env.SETTLD_API_KEY!;
    expect(runtimeKey).toMatch(/^sk_/);
    secrets.set('key:runtime', runtimeKey);
    outputs.push({
      label: 'runtime bootstrap',
      text: bootstrap.text,
      allowed: { key: runtimeKey, times: 1 },
    });
    outputs.push({
      label: 'runtime bootstrap: snippets and mcp',
      text: JSON.stringify([result.snippets, result.mcp]),
    });
    expect(JSON.stringify(result.snippets)).toContain('SETTLD_API_KEY');

    const smoke = await http('smoke test', 'POST', `${base}/runtime-bootstrap/smoke-test`, {
      headers: asKey(adminKey),
      body: { env: result.env },
    });
    expect(smoke.status, smoke.text).toBe(200);
    const failing = await http(
      'smoke test with a revoked key',
      'POST',
      `${base}/runtime-bootstrap/smoke-test`,
      {
        headers: asKey(adminKey),
        body: { env: { ...result.env, SETTLD_API_KEY: keys.revoked! }, timeoutMs: 10_000 },
      },
    );
    expect(failing.status, failing.text).toBe(502);

    const paid = await http('first paid call', 'POST', `${base}/first-paid-call`, {
      headers: asKey(adminKey),
      body: {},
    });
    expect(paid.status, paid.text).toBe(200);
    const matrix = await http('conformance matrix', 'POST', `${base}/conformance-matrix`, {
      headers: asKey(adminKey),
      body: {},
    });
    expect(matrix.status, matrix.text).toBe(200);
    expect((matrix.body as { targets: unknown[] }).targets.length).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('the smoke test runs no code the caller slipped into its env (it could read every secret of serve)', async () => {
    // A child of serve, running as its user, can read /proc/<serve pid>/environ: the admin token, the
    // provider key and the runner secret. Here the code only leaves a mark.
    const mark = join(serve.home, 'smoke-test-ran-caller-code');
    const code = `import fs from 'node:fs'; fs.writeFileSync(${JSON.stringify(mark)}, String(process.ppid));`;
    const env = {
      SETTLD_BASE_URL: serve.baseUrl,
      SETTLD_TENANT_ID: TENANT,
      SETTLD_API_KEY: secrets.get('key:runtime')!,
      NODE_OPTIONS: `--import=data:text/javascript;base64,${Buffer.from(code).toString('base64')}`,
    };
    const answer = await http(
      'smoke test with NODE_OPTIONS',
      'POST',
      `/v1/tenants/${TENANT}/onboarding/runtime-bootstrap/smoke-test`,
      {
        headers: asKey(keys.admin!),
        body: { env, timeoutMs: 10_000 },
      },
    );
    expect(answer.status, answer.text).toBeLessThan(500);
    expect(
      existsSync(mark),
      `the caller's code ran in a child of serve (${answer.status} ${answer.text.slice(0, 120)})`,
    ).toBe(false);
  });

  it('bad requests that carry a secret where it does not belong', async () => {
    misplacing = true;
    const adminKey = keys.admin!;
    const agentKey = keys.agent!;
    const admin = { 'x-admin-token': ADMIN_TOKEN };
    // A secret pasted into a field that the refusal names.
    await http('admin token as a scope', 'POST', '/admin/api_keys', {
      headers: admin,
      body: { agent_id: 'x', owner: 'y', scopes: ADMIN_TOKEN },
    });
    await http('a key as a scope', 'POST', '/admin/api_keys', {
      headers: asKey(adminKey),
      body: { agent_id: 'x', owner: 'y', scopes: [agentKey] },
    });
    await http('provider key as a model', 'POST', '/v1/llm/chat', {
      headers: asKey(agentKey),
      body: { prompt: 'x', model: PROVIDER_KEY },
    });
    await http('runner secret as a workflow', 'POST', '/runs', {
      headers: asKey(agentKey),
      body: {
        user: 'drill-user',
        workflowId: RUNNER_SECRET,
        budgets: { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 1 },
      },
    });
    await http('admin token in an unknown path', 'GET', `/nope/${ADMIN_TOKEN}?admin_token=${ADMIN_TOKEN}`);
    await http('a key as an intent id', 'GET', `/intents/${agentKey}`, { headers: asKey(agentKey) });
    await http('a key as a tenant', 'GET', `/intents?tenant_id=${encodeURIComponent(agentKey)}`, {
      headers: asKey(agentKey),
    });
    await tool('a key as an intent id', agentKey, 'intents_get', { id: adminKey });
    await tool('provider key as a model', agentKey, 'llm_chat', { prompt: 'x', model: PROVIDER_KEY });
    // Credentials that are almost right, or in the wrong place.
    await http('wrong admin token', 'GET', '/admin/api_keys', {
      headers: { 'x-admin-token': `${ADMIN_TOKEN}x` },
    });
    await http('admin token as a key', 'GET', '/intents', { headers: { 'x-api-key': ADMIN_TOKEN } });
    await http('provider key as a bearer', 'GET', '/intents', {
      headers: { authorization: `Bearer ${PROVIDER_KEY}` },
    });
    await http('runner secret as a bearer', 'GET', '/summary', {
      headers: { authorization: `Bearer ${RUNNER_SECRET}` },
    });
    await http('a key with a typo', 'GET', '/intents', { headers: asKey(`${agentKey.slice(0, -1)}Q`) });
    const mcp = await callTool(serve.baseUrl, `${adminKey}x`, 'health', {});
    keep('mcp with a bad bearer', mcp.answer);
    misplacing = false;
    expect(mcp.answer.status).toBe(401);
  });

  it('audit verify passes, and says nothing secret', () => {
    const verified = runCli(['audit', 'verify', '--json'], { SETTLD_HOME: serve.home });
    outputs.push({ label: 'cli audit verify', text: verified.stdout + verified.stderr });
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });

  it('public answers too: health, ready, metrics, OpenAPI', async () => {
    for (const path of ['/health', '/ready', '/metrics', '/openapi.json']) {
      expect((await http('public', 'GET', path)).status).toBe(200);
    }
  });
});

describe('then nothing holds a secret', () => {
  /** The outputs (of one kind) that hold a secret they may not. */
  function unlawful(misplaced: boolean): string[] {
    const problems: string[] = [];
    for (const output of outputs.filter((one) => (one.misplaced ?? false) === misplaced)) {
      let text = output.text;
      if (output.allowed) {
        const shown = text.split(output.allowed.key).length - 1;
        if (shown !== output.allowed.times) problems.push(`${output.label} shows its key ${shown} times`);
        text = text.split(output.allowed.key).join('');
      }
      const found = leaks(text);
      if (found.length > 0) problems.push(`${output.label} holds ${found.join(', ')}: ${text.slice(0, 300)}`);
    }
    return problems;
  }

  it('no answer of the flows holds one, but a key’s creation answer — and that one only its own key, as often as it is shown', () => {
    expect(outputs.filter((output) => !output.misplaced).length).toBeGreaterThan(30);
    expect(unlawful(false)).toEqual([]);
  });

  it('no refusal echoes a secret it was sent, whole or in part', () => {
    expect(outputs.filter((output) => output.misplaced).length).toBeGreaterThan(10);
    expect(unlawful(true)).toEqual([]);
  });

  it('the server’s log holds none', () => {
    const logs = serve.logs();
    expect(logs.split('\n').filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThan(40);
    const problems = logs
      .split('\n')
      .filter((line) => leaks(line).length > 0)
      .map((line) => `${leaks(line).join(', ')}: ${line.slice(0, 300)}`);
    expect(problems).toEqual([]);
  });

  it('the store holds none: not the audit log, not any other table', () => {
    const actions = new Set(auditRows(serve.home).map((row) => row.action));
    for (const action of [
      'API_KEY_CREATED',
      'API_KEY_REVOKED',
      'INTENT_CREATED',
      'runner_run_finalized',
      'TENANT_RUNTIME_BOOTSTRAP_ISSUED',
    ]) {
      expect(actions, action).toContain(action);
    }
    const db = new Database(join(serve.home, 'settld.db'), { readonly: true });
    const problems: string[] = [];
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .pluck()
        .all() as string[];
      for (const table of tables) {
        for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
          const text = JSON.stringify(row, (_key, value: unknown) =>
            Buffer.isBuffer(value)
              ? value.toString('latin1')
              : typeof value === 'bigint'
                ? String(value)
                : value,
          );
          const found = leaks(text);
          if (found.length > 0) problems.push(`${table} holds ${found.join(', ')}: ${text.slice(0, 300)}`);
        }
      }
    } finally {
      db.close();
    }
    expect(problems).toEqual([]);
  });

  it('the host configurations and the matrix name the key by its variable, never its value', () => {
    const bootstrap = outputs.find((output) => output.label === 'runtime bootstrap: snippets and mcp')!;
    expect(leaks(bootstrap.text)).toEqual([]);
    expect(bootstrap.text).toContain('${SETTLD_API_KEY}');
    const matrix = outputs.find((output) => output.label.startsWith('conformance matrix'))!;
    const configs = (
      JSON.parse(matrix.text) as { targets: { config: { text: string }[] }[] }
    ).targets.flatMap((target) => target.config);
    expect(configs.length).toBeGreaterThanOrEqual(3);
    expect(leaks(matrix.text)).toEqual([]);
  });
});
