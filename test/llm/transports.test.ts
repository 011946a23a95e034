import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { FakeLlmProvider } from '../fakes/fake-llm-provider.js';
import { json, runCli, type ServeHandle, startServe, stdioClient, tempHome } from '../helpers/process.js';
import { PROVIDER_KEY } from './harness.js';

let fake: FakeLlmProvider;
let serve: ServeHandle;

beforeAll(async () => {
  // Every answer costs 1000 prompt + 100 completion tokens: 1000 × $0.15/M + 100 × $0.60/M = 210 micros.
  fake = await FakeLlmProvider.start({ usage: () => ({ prompt_tokens: 1000, completion_tokens: 100 }) });
  serve = await startServe({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: PROVIDER_KEY });
});

afterAll(async () => {
  await serve.stop();
  await fake.close();
});

async function createKey(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${serve.baseUrl}/admin/api_keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-token': serve.adminToken },
    body: JSON.stringify({ tenant_id: 'acme', owner: 'platform', ...body }),
  });
  expect(response.status).toBe(201);
  return ((await json(response)) as { key: string }).key;
}

const chat = (key: string, body: Record<string, unknown>) =>
  fetch(`${serve.baseUrl}/v1/llm/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(body),
  });

const get = (key: string, path: string) =>
  fetch(`${serve.baseUrl}${path}`, { headers: { 'x-api-key': key } });

describe('LLM quota over REST (serve against a loopback provider)', () => {
  it('prices a call from the provider usage, and quota and usage show the spend', async () => {
    const key = await createKey({ agent_id: 'rest-agent', daily_limit: 1 });

    const response = await chat(key, { prompt: 'Explain this diff', max_completion_tokens: 200 });
    expect(response.status).toBe(200);
    const result = await json(response);
    expect(result).toMatchObject({
      cost_micros: 210,
      cost: 0.00021,
      usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 },
      remaining_micros: 1_000_000 - 210,
    });
    expect(result.text).toContain('Explain this diff');
    expect(fake.chatRequests().at(-1)?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);

    const quota = await json(await get(key, '/v1/llm/quota'));
    expect(quota).toMatchObject({ limit: 1, spent_micros: 210, reserved_micros: 0 });
    expect(quota.resets_at).toMatch(/T00:00:00\.000Z$/);

    const usage = await json(await get(key, '/v1/llm/usage?group_by=agent'));
    expect(usage).toMatchObject({
      group_by: 'agent',
      scope: 'caller',
      total: { calls: 1, cost_micros: 210 },
    });
    expect(usage.rows).toEqual([
      expect.objectContaining({ group: 'rest-agent', calls: 1, cost_micros: 210 }),
    ]);
  });

  it('refuses a model without a price before any request reaches the provider', async () => {
    const key = await createKey({ agent_id: 'unknown-model-agent', daily_limit: 1 });
    const before = fake.chatRequests().length;

    const response = await chat(key, { prompt: 'hi', model: 'gpt-unreleased-9' });

    expect(response.status).toBe(400);
    expect((await json(response)).code).toBe('UNKNOWN_MODEL_PRICE');
    expect(fake.chatRequests()).toHaveLength(before);
  });

  it('refuses with 402 QUOTA_EXCEEDED, remaining and resetsAt, when the worst case does not fit', async () => {
    // $0.0001 = 100 micros: less than the 1024 completion tokens the default reserves for.
    const key = await createKey({ agent_id: 'poor-agent', daily_limit: 0.0001 });
    const before = fake.chatRequests().length;

    const response = await chat(key, { prompt: 'hi' });

    expect(response.status).toBe(402);
    const body = await json(response);
    expect(body).toMatchObject({ code: 'QUOTA_EXCEEDED', remaining_micros: 100 });
    expect(body.resetsAt).toMatch(/T00:00:00\.000Z$/);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(fake.chatRequests()).toHaveLength(before);
  });

  it('replays a retried call with the same idempotency key instead of paying twice', async () => {
    const key = await createKey({ agent_id: 'retrying-agent', daily_limit: 1 });
    const send = () =>
      fetch(`${serve.baseUrl}/v1/llm/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key, 'x-idempotency-key': 'chat-1' },
        body: JSON.stringify({ prompt: 'Once only', max_completion_tokens: 50 }),
      });
    const calls = fake.chatRequests().length;
    const first = await json(await send());
    const retry = await send();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(retry)).toEqual(first);
    expect(fake.chatRequests().length).toBe(calls + 1);
    expect((await json(await get(key, '/v1/llm/quota'))).spent_micros).toBe(210);
  });

  it('forbids a key without llm:call', async () => {
    const key = await createKey({ agent_id: 'reader', scopes: 'intents:read', daily_limit: 1 });
    const response = await chat(key, { prompt: 'hi' });
    expect(response.status).toBe(403);
    expect((await get(key, '/v1/llm/quota')).status).toBe(403);
  });

  it('lists the routes in /openapi.json', async () => {
    const openapi = await json(await fetch(`${serve.baseUrl}/openapi.json`));
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/v1/llm/chat', '/v1/llm/quota', '/v1/llm/usage']),
    );
  });

  it('never writes the provider key to its logs', () => {
    expect(serve.logs().length).toBeGreaterThan(0);
    expect(serve.logs()).not.toContain(PROVIDER_KEY);
  });
});

describe('LLM quota over MCP stdio and the CLI', () => {
  const home = tempHome();
  const env = { SETTLD_HOME: home, OPENAI_API_KEY: PROVIDER_KEY };
  let client: Client | undefined;

  afterAll(async () => {
    await client?.close();
  });

  it('llm_chat answers with text, cost, usage and remaining; llm usage reports it', async () => {
    const created = runCli(
      [
        'keys',
        'create',
        '--agent_id',
        'mcp-agent',
        '--owner',
        'me',
        '--tenant',
        'acme',
        '--daily_limit',
        '1',
      ],
      { SETTLD_HOME: home },
    );
    expect(created.status).toBe(0);
    const key = created.stdout.trim();

    const handle = await stdioClient({
      ...env,
      OPENAI_BASE_URL: fake.baseUrl,
      SETTLD_TENANT_ID: 'acme',
      SETTLD_API_KEY: key,
    });
    client = handle.client;
    const result = await client.callTool({
      name: 'llm_chat',
      arguments: { prompt: 'Summarise the PR', model: 'gpt-4o-mini', max_completion_tokens: 200 },
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      cost: 0.00021,
      usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 },
      remaining: 0.99979,
      remaining_micros: 1_000_000 - 210,
    });
    expect((result.structuredContent as { text: string }).text).toContain('Summarise the PR');
    expect(handle.stderr()).not.toContain(PROVIDER_KEY);

    const usage = runCli(['llm', 'usage', '--group_by', 'agent', '--tenant', 'acme', '--json'], {
      SETTLD_HOME: home,
    });
    expect(usage.status).toBe(0);
    const report = JSON.parse(usage.stdout) as {
      scope: string;
      rows: { group: string; cost_micros: number }[];
    };
    expect(report.scope).toBe('tenant');
    expect(report.rows).toEqual([expect.objectContaining({ group: 'mcp-agent', cost_micros: 210 })]);
  });
});
