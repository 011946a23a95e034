import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSettldError } from '../../core/errors.js';
import { parseFindings } from '../../core/intents/findings.js';
import { parseRegistryFile } from '../../core/intents/registry-file.js';
import { FakeLlmProvider } from '../fakes/fake-llm-provider.js';
import type { ServeHandle } from '../helpers/process.js';
import {
  callTool,
  deepNesting,
  describeValue,
  errorLogLines,
  fillPath,
  type HttpAnswer,
  hostileArbitrary,
  hostileQueryValue,
  hostileValue,
  internalsIn,
  isStableCode,
  issueKey,
  type JsonSchema,
  listTools,
  mcpRequest,
  minimalValue,
  type OpenApiRoute,
  queryString,
  readOpenApi,
  send,
  startDrillServe,
  toJsonText,
  type ToolInfo,
  type ToolOutcome,
  validArbitrary,
} from './helpers.js';

/*
 * Bad input, generated from the server's own schemas (OpenAPI bodies and queries, tools/list input
 * schemas): first one edge value per field on an otherwise valid input (so each reaches past the
 * checks in front of it), then random mutations — wrong types, huge strings, deep nesting, unicode,
 * nulls, extra and missing keys, broken JSON, odd idempotency keys. Whatever comes in: never a 5xx
 * (but the gateway answers below), never a crash, never a protocol error for a tool's arguments, and
 * every refusal a JSON {code, message} with a stable code and nothing internal.
 */

const RANDOM_RUNS = 25;
/** 502s that report an outside process or service failing (the smoke test's server, the LLM provider). */
const GATEWAY_CODES = new Set(['MCP_SMOKE_TEST_FAILED', 'LLM_PROVIDER_ERROR']);
/** At most this many problems are kept per route or tool: one is enough to act on. */
const PROBLEMS_PER_SURFACE = 3;

const TENANT = 'fuzz-tenant';
let serve: ServeHandle;
let provider: FakeLlmProvider;
let key: string;
let routes: OpenApiRoute[];
let tools: ToolInfo[];
/** Real values for fields named like these, so that mutations elsewhere reach the service. */
let named: Record<string, unknown>;
let sharedNames: Record<string, unknown>;
let surfaces = 0;

/**
 * Names for the next route or tool: its own user (funded, with a grant) and its own intent, so that
 * what one surface's inputs did (a user paused, a balance filled, an intent deleted) does not hide
 * another's bugs.
 */
async function freshNames(): Promise<void> {
  const surface = ++surfaces;
  const intent = await send(serve.baseUrl, 'POST', '/intents', {
    headers: { 'x-api-key': key },
    body: { code: 'F821', file: `fuzz/surface-${surface}.py`, status: 'reserved' },
  });
  expect(intent.status, intent.text).toBe(201);
  const id = (intent.body as { id: string }).id;
  const user = `fuzz-user-${surface}`;
  // A funded user who granted the runner: a run queued for them goes all the way through the worker.
  await send(serve.baseUrl, 'POST', '/grants', { headers: { 'x-api-key': key }, body: { user } });
  await send(serve.baseUrl, 'POST', '/vault/deposit', {
    headers: { 'x-api-key': key },
    body: { user, amount: 10_000_000_000 },
  });
  named = { ...sharedNames, user, intent_id: id, 'intents.id': id };
}

/** One at a time on an otherwise valid input; the order matters where the first valid one changes state. */
const EDGE_VALUES: unknown[] = [
  // 3,000 levels pass JSON.stringify but not a recursive walk; 5,000 and 20,000 overflow both.
  deepNesting(3_000, 'array'),
  deepNesting(5_000, 'object'),
  deepNesting(20_000, 'array'),
  Number.MAX_SAFE_INTEGER,
  'ü\u0000'.repeat(100_000),
  null,
];

const RAW_BODIES: { text: string; type: string }[] = [
  { text: '{', type: 'application/json' },
  { text: '', type: 'application/json' },
  { text: '{"a":1,}', type: 'application/json' },
  { text: 'null', type: 'application/json' },
  { text: '"just a string"', type: 'application/json' },
  { text: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
  { text: 'plain words', type: 'text/plain' },
  { text: '{"a":1}', type: 'application/xml' },
  { text: '\u0000\u0001', type: 'application/json; charset=utf-16' },
];

function withNames(
  value: unknown,
  properties: Record<string, JsonSchema> | undefined,
  family: string,
): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !properties) return value;
  const out = { ...(value as Record<string, unknown>) };
  for (const name of Object.keys(properties)) {
    const real = named[`${family}.${name}`] ?? named[name];
    if (real !== undefined) out[name] = real;
  }
  return out;
}

/** What is wrong with an HTTP answer to bad input, if anything. */
function httpProblem(answer: HttpAnswer): string | undefined {
  const body = answer.body as Record<string, unknown> | undefined;
  if (answer.status >= 500 && !(answer.status === 502 && GATEWAY_CODES.has(body?.code as string))) {
    return `answered ${answer.status}: ${answer.text.slice(0, 200)}`;
  }
  if (answer.status >= 400) {
    if (typeof body !== 'object' || body === null)
      return `a ${answer.status} without a JSON body: ${answer.text.slice(0, 200)}`;
    if (!isStableCode(body)) return `a ${answer.status} without a stable code: ${answer.text.slice(0, 200)}`;
    if (typeof body.message !== 'string') return `a ${answer.status} without a message`;
  } else if (answer.body === undefined) {
    return `a ${answer.status} that is not JSON: ${answer.text.slice(0, 200)}`;
  }
  const internals = internalsIn(answer.text);
  if (internals.length > 0) return `internals (${internals.join(', ')}) in ${answer.text.slice(0, 300)}`;
  return undefined;
}

/**
 * Fastify refuses any JSON body with a `__proto__` or `constructor.prototype` key (prototype
 * poisoning) with 400 INVALID_JSON, before MCP: a refusal with a stable code, accepted as such.
 */
const POISONED = /"(__proto__|constructor)"\s*:/;

/** What is wrong with an MCP answer to bad arguments, if anything. */
function toolProblem(outcome: ToolOutcome, sent: string): string | undefined {
  const { answer } = outcome;
  const code = (answer.body as { code?: unknown } | undefined)?.code;
  if (answer.status === 400 && code === 'INVALID_JSON' && POISONED.test(sent)) return undefined;
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (!answer.rpc?.result) return `a protocol error instead of a tool result: ${answer.text.slice(0, 300)}`;
  if (outcome.isError) {
    const payload = outcome.payload;
    if (!payload || !isStableCode(payload) || typeof payload.message !== 'string') {
      return `an error result without a JSON {code, message}: ${answer.text.slice(0, 300)}`;
    }
  } else if (!answer.rpc.result.structuredContent) {
    return `a result without structuredContent: ${answer.text.slice(0, 200)}`;
  }
  const internals = internalsIn(answer.text);
  if (internals.length > 0) return `internals (${internals.join(', ')}) in ${answer.text.slice(0, 300)}`;
  return undefined;
}

interface Attempt {
  path: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; type: string } | undefined;
  idempotencyKey: string | undefined;
}

const family = (route: OpenApiRoute) => route.tags[0] ?? '';

/** A request valid in every part, its path naming real objects: the base every edge case changes one thing of. */
function baseAttempt(route: OpenApiRoute): Attempt {
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const param of route.params) {
    const real = named[`${family(route)}.${param.name}`] ?? named[param.name];
    const value = real ?? minimalValue(param.schema);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (param.in === 'path') path[param.name] = text;
    else if (param.required || real !== undefined) query[param.name] = text;
  }
  const body = route.body
    ? {
        kind: 'json' as const,
        value: withNames(minimalValue(route.body), route.body.properties, family(route)),
      }
    : undefined;
  return { path, query, body, idempotencyKey: undefined };
}

function edgeAttempts(route: OpenApiRoute): Attempt[] {
  const base = baseAttempt(route);
  const attempts: Attempt[] = [];
  for (const param of route.params.filter((p) => p.in === 'query')) {
    for (const value of ['x'.repeat(6_000), '', '\u202e\ud800', ['1', '2']]) {
      attempts.push({ ...base, query: { ...base.query, [param.name]: value } });
    }
  }
  const properties = Object.keys(route.body?.properties ?? {});
  for (const name of properties) {
    for (const value of EDGE_VALUES) {
      const object = base.body?.kind === 'json' ? (base.body.value as Record<string, unknown>) : {};
      attempts.push({ ...base, body: { kind: 'json', value: { ...object, [name]: value } } });
    }
  }
  if (route.body && properties.length === 0) {
    for (const value of EDGE_VALUES) attempts.push({ ...base, body: { kind: 'json', value } });
  }
  return attempts;
}

function randomAttempt(route: OpenApiRoute): fc.Arbitrary<Attempt> {
  const base = baseAttempt(route);
  const pathParams = route.params.filter((param) => param.in === 'path');
  const queryParams = route.params.filter((param) => param.in === 'query');
  const path = fc.record(
    Object.fromEntries(
      pathParams.map((param) => [
        param.name,
        fc.oneof(
          { weight: 3, arbitrary: fc.constant(base.path[param.name]!) },
          {
            weight: 2,
            arbitrary: fc.oneof(
              fc.string({ unit: 'grapheme', maxLength: 30 }),
              fc.constantFrom('..', '%2e%2e', '%00', ' ', 'z'.repeat(400)),
            ),
          },
        ),
      ]),
    ),
  );
  const query = fc.record(
    Object.fromEntries(
      queryParams.map((param) => [
        param.name,
        fc.option(
          fc.oneof(
            { weight: 1, arbitrary: fc.constant(base.query[param.name]) },
            { weight: 3, arbitrary: hostileQueryValue(param.schema) },
          ),
          { nil: undefined },
        ),
      ]),
    ),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Attempt['query']>;
  const jsonBody = (value: unknown) => ({ kind: 'json' as const, value });
  const body: fc.Arbitrary<Attempt['body']> = route.body
    ? fc.oneof(
        {
          weight: 6,
          arbitrary: hostileArbitrary(route.body).map((value) =>
            jsonBody(withNames(value, route.body!.properties, family(route))),
          ),
        },
        { weight: 1, arbitrary: hostileArbitrary(route.body).map(jsonBody) },
        { weight: 2, arbitrary: validArbitrary(route.body).map(jsonBody) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...RAW_BODIES).map((raw) => ({ kind: 'raw' as const, ...raw })),
        },
      )
    : route.method === 'GET'
      ? fc.constant(undefined)
      : fc.option(hostileValue().map(jsonBody), { nil: undefined });
  const idempotencyKey =
    route.method === 'POST'
      ? fc.option(
          fc.oneof(
            fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
            fc.constantFrom('k'.repeat(161), 'a\tb'),
          ),
          { nil: undefined },
        )
      : fc.constant(undefined);
  return fc.record({ path, query, body, idempotencyKey });
}

async function sendAttempt(route: OpenApiRoute, attempt: Attempt): Promise<HttpAnswer> {
  const headers: Record<string, string> = { 'x-api-key': key };
  if (attempt.idempotencyKey !== undefined) headers['x-idempotency-key'] = attempt.idempotencyKey;
  const path = fillPath(route.path, attempt.path) + queryString(attempt.query);
  if (attempt.body?.kind === 'raw') {
    headers['content-type'] = attempt.body.type;
    return send(serve.baseUrl, route.method, path, { headers, rawBody: attempt.body.text });
  }
  return send(serve.baseUrl, route.method, path, { headers, body: attempt.body?.value });
}

function describeAttempt(route: OpenApiRoute, attempt: Attempt): string {
  const body =
    attempt.body?.kind === 'raw'
      ? `raw ${attempt.body.type} ${describeValue(attempt.body.text)}`
      : describeValue(attempt.body?.value);
  return `${route.method} ${route.path} path=${describeValue(attempt.path)} query=${describeValue(attempt.query)} body=${body}${attempt.idempotencyKey === undefined ? '' : ` idempotency=${describeValue(attempt.idempotencyKey)}`}`;
}

beforeAll(async () => {
  provider = await FakeLlmProvider.start();
  serve = await startDrillServe({
    SETTLD_LLM_BASE_URL: provider.baseUrl,
    OPENAI_API_KEY: 'sk-fuzz-provider-key',
    // Every smoke test and matrix run starts this command: it fails at once instead of taking seconds.
    SETTLD_MCP_COMMAND: '/bin/false',
    SETTLD_MATRIX_RUNS_PER_HOUR: '1',
  });
  key = (await issueKey(serve, { tenant_id: TENANT, agent_id: 'fuzzer', scopes: '*', daily_limit: 1000 }))
    .key;
  const sacrificial = await issueKey(serve, {
    tenant_id: TENANT,
    agent_id: 'sacrificial',
    scopes: 'intents:read',
  });
  const asKey = { 'x-api-key': key };
  const user = 'fuzz-user';
  await send(serve.baseUrl, 'POST', '/vault/deposit', { headers: asKey, body: { user, amount: 1_000_000 } });
  await send(serve.baseUrl, 'POST', '/grants', { headers: asKey, body: { user } });
  const run = await send(serve.baseUrl, 'POST', '/runs', {
    headers: asKey,
    body: {
      user,
      workflowId: 'echo',
      input: 1,
      budgets: { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 100 },
    },
  });
  expect(run.status, run.text).toBe(202);
  sharedNames = {
    tenantId: TENANT,
    tenant_id: TENANT,
    workflowId: 'echo',
    // Another runner than the one each user grants in freshNames(), so a grant input is not refused as a duplicate.
    runner: 'fuzz-runner',
    // Affordable: a run queued with these is opened, executed and finalized.
    budgets: { llmIn: 1_000, llmOut: 100, httpCalls: 1, runtimeMs: 60_000 },
    'runner.id': (run.body as { id: string }).id,
    key: sacrificial.id,
  };
  routes = (await readOpenApi(serve.baseUrl)).filter(
    (route) =>
      (route.security ?? []).length > 0 && (route.body || route.params.some((p) => p.in === 'query')),
  );
  tools = await listTools(serve.baseUrl, key);
});

afterAll(async () => {
  await serve?.stop();
  await provider?.close();
});

describe('bad input over REST', () => {
  it('never gets a 5xx or a refusal without a stable code, on any route with a body or a query', async () => {
    expect(routes.length).toBeGreaterThan(20);
    const problems: string[] = [];
    let cases = 0;
    for (const route of routes) {
      await freshNames();
      const found: string[] = [];
      const check = async (attempt: Attempt) => {
        cases++;
        const problem = httpProblem(await sendAttempt(route, attempt));
        if (problem && found.length < PROBLEMS_PER_SURFACE)
          found.push(`${describeAttempt(route, attempt)} → ${problem}`);
      };
      for (const attempt of edgeAttempts(route)) await check(attempt);
      await fc.assert(
        fc.asyncProperty(randomAttempt(route), async (attempt) => {
          await check(attempt);
        }),
        { numRuns: RANDOM_RUNS },
      );
      problems.push(...found);
    }
    console.info(`REST fuzz: ${routes.length} routes, ${cases} requests`);
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('bad arguments over MCP', () => {
  function edgeArguments(tool: ToolInfo): unknown[] {
    const properties = tool.inputSchema.properties ?? {};
    const base = withNames(minimalValue(tool.inputSchema), properties, tool.name.split('_')[0]!) as Record<
      string,
      unknown
    >;
    return Object.keys(properties).flatMap((name) =>
      EDGE_VALUES.map((value) => ({ ...base, [name]: value })),
    );
  }

  it('answers every tool’s bad arguments with an isError result carrying a stable code', async () => {
    const problems: string[] = [];
    let cases = 0;
    for (const tool of tools) {
      await freshNames();
      const found: string[] = [];
      const family = tool.name.split('_')[0]!;
      const check = async (args: unknown) => {
        cases++;
        const problem = toolProblem(await callTool(serve.baseUrl, key, tool.name, args), toJsonText(args));
        if (problem && found.length < PROBLEMS_PER_SURFACE)
          found.push(`${tool.name} ${describeValue(args)} → ${problem}`);
      };
      for (const args of edgeArguments(tool)) await check(args);
      const isObject = (value: unknown) =>
        typeof value === 'object' && value !== null && !Array.isArray(value);
      const args = fc.oneof(
        {
          weight: 5,
          arbitrary: hostileArbitrary(tool.inputSchema)
            .filter(isObject)
            .map((value) => withNames(value, tool.inputSchema.properties, family)),
        },
        { weight: 2, arbitrary: hostileArbitrary(tool.inputSchema).filter(isObject) },
        { weight: 2, arbitrary: validArbitrary(tool.inputSchema) },
      );
      await fc.assert(
        fc.asyncProperty(args, async (value) => {
          await check(value);
        }),
        { numRuns: RANDOM_RUNS },
      );
      problems.push(...found);
    }
    console.info(`MCP fuzz: ${tools.length} tools, ${cases} calls`);
    expect(problems).toEqual([]);
  }, 120_000);

  it('answers arguments that are not an object with JSON-RPC invalid params (-32602), not an internal error', async () => {
    const problems: string[] = [];
    for (const tool of tools) {
      for (const args of ['text', [1], null, 7]) {
        const answer = await mcpRequest(serve.baseUrl, key, 'tools/call', {
          name: tool.name,
          arguments: args,
        });
        const error = answer.rpc?.error;
        const result = answer.rpc?.result as { isError?: boolean } | undefined;
        if (!(error?.code === -32602 || result?.isError === true)) {
          problems.push(`${tool.name} arguments=${JSON.stringify(args)}: ${answer.text.slice(0, 200)}`);
        }
      }
    }
    expect(problems.slice(0, 5), `${problems.length} of ${tools.length * 4} calls`).toEqual([]);
  });
});

describe('after the fuzzing', () => {
  it('every run it queued settles: none is left opening, running or finalizing', async () => {
    let active = -1;
    for (let tries = 0; tries < 100 && active !== 0; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const summary = await send(serve.baseUrl, 'GET', '/summary', { headers: { 'x-api-key': key } });
      active = (summary.body as { active: number }).active;
    }
    if (active === 0) return;
    const stuck = await send(serve.baseUrl, 'GET', '/runs?status=running&limit=5', {
      headers: { 'x-api-key': key },
    });
    const runs = (stuck.body as { items: { id: string; workflowId: string; input: unknown }[] }).items;
    const depthOf = (value: unknown): number => {
      let depth = 0;
      for (let level = value; typeof level === 'object' && level !== null; depth++) {
        level = Array.isArray(level) ? level[0] : Object.values(level)[0];
      }
      return depth;
    };
    expect(
      runs.map((run) => `${run.id} ${run.workflowId}, its input nested ${depthOf(run.input)} deep`),
      `${active} runs still active 10 s after the fuzzing`,
    ).toEqual([]);
  });

  it('the server is still up, and logged no crash', async () => {
    expect(serve.child.exitCode).toBeNull();
    const health = await send(serve.baseUrl, 'GET', '/health');
    expect(health.status).toBe(200);
    const crashes = errorLogLines(serve.logs())
      // A SettldError is an answer we chose (its status is judged above); anything else is a crash.
      .filter(
        (line) =>
          !['SettldError', 'VaultError'].includes((line.err as { type?: string } | undefined)?.type ?? ''),
      )
      .map((line) => {
        const err = line.err as { type?: string; message?: string; stack?: string } | undefined;
        return `${line.msg as string}: ${err?.type}: ${err?.message} ${(err?.stack ?? '').split('\n').slice(1, 4).join(' ')}`;
      });
    expect([...new Set(crashes)]).toEqual([]);
  });
});

describe('the parsers', () => {
  const expectOnly = (code: string) => (error: unknown) => {
    if (!isSettldError(error) || error.code !== code || error.status !== 400) throw error;
  };
  const deepText = (depth: number) => toJsonText(deepNesting(depth, 'array'));

  it('parseRegistryFile refuses anything malformed with INVALID_REGISTRY, and nothing else', () => {
    const text = fc.oneof(
      hostileValue(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('', '1', 'x'.repeat(10)),
    );
    const intent = fc.record(
      {
        id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}$/), text),
        code: fc.oneof(fc.constantFrom('F821', 'no-undef'), text),
        file: fc.oneof(
          fc.constantFrom(
            'a.py',
            'src/**',
            './b.py',
            'a\\b.py',
            '../escape.py',
            '/abs.py',
            'x/[id].ts',
            'a\u0000b',
          ),
          text,
        ),
        status: fc.oneof(fc.constantFrom('reserved', 'planned', 'implemented', 'expired'), text),
        type: fc.oneof(fc.constantFrom('lint', 'import'), text),
        line: fc.oneof(fc.integer(), fc.constant(null), text),
        owner: fc.oneof(fc.string(), fc.constant(null), text),
        created_at: fc.oneof(fc.constant('2026-01-01T00:00:00Z'), text),
        resolved_at: fc.oneof(fc.constant(null), text),
      },
      { requiredKeys: [] },
    );
    const registry = fc.record(
      {
        format: fc.oneof(fc.constant('settld-intents'), text),
        version: fc.oneof(fc.constantFrom(1, 2, '1', 0, -1, 1.5), text),
        exported_at: fc.oneof(fc.constant('2026-11-22T10:00:00.000Z'), text),
        intents: fc.oneof(fc.array(intent, { maxLength: 5 }), text),
      },
      { requiredKeys: ['format', 'intents'] },
    );
    const input = fc.oneof(
      registry,
      registry.map((value) => toJsonText(value)),
      fc.anything(),
      fc.constantFrom(
        deepText(100_000),
        toJsonText(deepNesting(100_000, 'object')),
        '{"format":"settld-intents"',
      ),
    );
    fc.assert(
      fc.property(input, (value) => {
        try {
          const parsed = parseRegistryFile(value);
          for (const record of parsed.intents) expect(record.file).not.toMatch(/^\.\.?\//);
        } catch (error) {
          expectOnly('INVALID_REGISTRY')(error);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('parseFindings, given deep nesting, prototype keys and hostile paths as text or values, throws only INVALID_FINDINGS', () => {
    // Shapes and random values are covered by test/intents/findings.test.ts; these are what it does not generate.
    const hostilePath = fc.oneof(
      hostileValue(),
      fc.constantFrom('a\u0000b.py', '\ud800.py', 'file:///%ZZ', '~/x.py'),
    );
    const input = fc.oneof(
      fc.constantFrom(
        deepText(100_000),
        toJsonText(deepNesting(100_000, 'object')),
        '[' + '{"code":"F821","filename":"a.py","location":{"row":1}},'.repeat(50_000) + '1]',
        '{"version":"2.1.0","runs":[{"results":[{"ruleId":"__proto__","locations":[{"physicalLocation":{"artifactLocation":{"uri":"constructor"}}}]}]}]}',
        '[{"filePath":"__proto__","messages":[{"ruleId":"constructor","line":1}]}]',
      ),
      fc.array(fc.record({ code: hostileValue(), filename: hostilePath, location: hostileValue() }), {
        maxLength: 3,
      }),
      fc.array(
        fc.record({
          filePath: hostilePath,
          messages: fc.array(fc.record({ ruleId: hostileValue(), line: hostileValue() })),
        }),
        { maxLength: 3 },
      ),
      fc.record({
        version: fc.constant('2.1.0'),
        runs: fc.array(
          fc.record({
            originalUriBaseIds: hostileValue(),
            tool: hostileValue(),
            results: fc.array(
              fc.record({ ruleId: hostileValue(), ruleIndex: hostileValue(), locations: hostileValue() }),
              { maxLength: 3 },
            ),
          }),
          { maxLength: 2 },
        ),
      }),
    );
    fc.assert(
      fc.property(input, fc.option(fc.constantFrom('/repo', '/', 'C:\\repo', '')), (value, root) => {
        try {
          parseFindings(typeof value === 'string' ? value : JSON.parse(toJsonText(value)), {
            root: root ?? undefined,
          });
        } catch (error) {
          expectOnly('INVALID_FINDINGS')(error);
        }
      }),
      { numRuns: 300 },
    );
  });
});
