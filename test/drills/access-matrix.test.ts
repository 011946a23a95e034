import { randomBytes } from 'node:crypto';
import type * as FastifyModule from 'fastify';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SCOPES } from '../../core/auth/scopes.js';
import { ALL_TOOLS } from '../../mcp/tools/index.js';
import type { ServeHandle } from '../helpers/process.js';
import {
  callTool,
  expectErrorBody,
  fillPath,
  type HttpAnswer,
  type IssuedKey,
  issueKey,
  type JsonSchema,
  leakedSecrets,
  listTools,
  minimalValue,
  type OpenApiRoute,
  queryString,
  readOpenApi,
  refusedInput,
  SAMPLE_ATTEMPTS,
  send,
  startDrillServe,
  type ToolInfo,
  type ToolOutcome,
  validSample,
} from './helpers.js';

/*
 * The access matrix, generated: every route Fastify registers (read from the route table itself, so
 * a new route is covered the day it is added) and every tool `tools/list` names, called with no
 * credentials, a forged key, a revoked key, an expired key, a key lacking the scope and another
 * tenant's key.
 *
 * Rules derived rather than listed:
 * - A route is public when its `config.auth` is not 'principal'. Public routes must be in
 *   PUBLIC_ROUTES, so nobody makes a route public by accident; OpenAPI must agree (no `security`).
 * - The scope a route or tool needs is its family's: the route's OpenAPI tag or the tool name's
 *   prefix (`intents_get` → intents), whose scopes are those named after it (`intents:read`,
 *   `intents:write`) or equal to it (`admin`). The "lacking" key holds every other scope except
 *   `admin` (which implies all): it must get 403 FORBIDDEN naming a scope it lacks — for object
 *   routes too, since the objects it names are real objects of its own tenant. A tool refuses it
 *   before reading the arguments (malformed ones too), naming the scope the tool declares, and
 *   tools/list shows it only the tools whose declared scope it holds: none of that family.
 * - Another tenant's key (holding every scope) is pointed at tenant A's objects: a route or tool that
 *   names A (a tenant path or field) must answer 403/404 (core/auth/principal.ts: naming a tenant is
 *   403, another tenant's object is 404); one naming A's objects 404; anything else must answer
 *   without a trace of A's data. Afterwards A's objects are as they were.
 */

const routeTable: RouteOptions[] = [];
vi.mock('fastify', async (importOriginal) => {
  const original = await importOriginal<typeof FastifyModule>();
  const create = original.default as unknown as (options: unknown) => FastifyInstance;
  const recording = (options: unknown) => {
    const app = create(options);
    app.addHook('onRoute', (route) => {
      routeTable.push(route);
    });
    return app;
  };
  return { ...original, default: recording };
});

/** Routes that answer anyone. Adding one here is a decision, made in review. */
const PUBLIC_ROUTES = new Set(
  ['/health', '/ready', '/metrics', '/openapi.json'].flatMap((path) => [`GET ${path}`, `HEAD ${path}`]),
);
/** Principal routes kept out of OpenAPI: the MCP endpoint, whose tools have their own matrix below. */
const UNDOCUMENTED_PRINCIPAL_ROUTES = new Set(['POST /mcp', 'GET /mcp', 'HEAD /mcp', 'DELETE /mcp']);
/** Tools on for every caller. */
const ALWAYS_ON_TOOLS = new Set(['health']);
/** Principal routes any valid credential may call, whatever its scopes: they tell the caller about itself. */
const ANY_CREDENTIAL_ROUTES = new Set(['GET /v1/whoami', 'HEAD /v1/whoami']);
const needsAnyCredential = (route: OpenApiRoute) =>
  ANY_CREDENTIAL_ROUTES.has(`${route.method} ${route.path}`);

const scopesOfFamily = (family: string) =>
  SCOPES.filter((scope) => scope === family || scope.startsWith(`${family}:`));

const suffix = randomBytes(4).toString('hex');
const A = {
  tenant: `drill-a-${suffix}`,
  user: `user-a-${suffix}`,
  owner: `owner-a-${suffix}`,
  file: `secret_a_${suffix}/core.py`,
  reason: `reason-only-a-knows-${suffix}`,
  ticket: `TICKET-A-${suffix}`,
  label: `label-only-a-knows-${suffix}`,
  agent: `agent-a-${suffix}`,
  deposit: 7_654_321,
};
const TENANT_B = `drill-b-${suffix}`;

let serve: ServeHandle;
let routes: OpenApiRoute[];
let tools: ToolInfo[];
const keys: Record<string, IssuedKey> = {};
let intentA: Record<string, unknown>;
let runA: Record<string, unknown>;
const lacking = new Map<string, { key: IssuedKey; missing: string[] }>();

/** Values naming tenant A and its objects, by parameter or field name (`family.name` first). */
const namingA = (): Record<string, string> => ({
  tenantId: A.tenant,
  tenant_id: A.tenant,
  user: A.user,
  owner: A.owner,
  file: A.file,
  intent_id: intentA.id as string,
  'intents.id': intentA.id as string,
  'runner.id': runA.id as string,
  id: runA.id as string,
  key: keys.victim!.id,
});
const TENANT_FIELDS = new Set(['tenantId', 'tenant_id']);
const OBJECT_FIELDS = new Set(['intent_id', 'id', 'key']);

/** Tenant A's data that no request of B carries: if B's answer holds one, A leaked. */
function privateMarkersOfA(): Record<string, string> {
  return {
    reason: A.reason,
    ticket: A.ticket,
    label: A.label,
    agent: A.agent,
    victimKeyId: keys.victim!.id,
    keyAllId: keys.all!.id,
  };
}

function secrets(): Record<string, string> {
  const all: Record<string, string> = { adminToken: serve.adminToken };
  for (const [name, key] of Object.entries(keys)) all[`key:${name}`] = key.key;
  for (const [family, { key }] of lacking) all[`key:lacking-${family}`] = key.key;
  return all;
}

const familyOfRoute = (route: OpenApiRoute) => route.tags[0] ?? '(untagged)';
const familyOfTool = (tool: ToolInfo) => tool.name.split('_')[0]!;
const declaredScope = (tool: ToolInfo) => ALL_TOOLS.find((defined) => defined.name === tool.name)?.scope;

/** Arguments no input schema accepts: every field of the wrong type. Undefined for a tool without fields. */
function malformedArgs(tool: ToolInfo): Record<string, unknown> | undefined {
  const names = Object.keys(tool.inputSchema.properties ?? {});
  return names.length === 0 ? undefined : Object.fromEntries(names.map((name) => [name, [[[]]]]));
}

function applyNames(value: unknown, properties: Record<string, JsonSchema> | undefined, family: string) {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !properties) return value;
  const names = namingA();
  const out = { ...(value as Record<string, unknown>) };
  for (const name of Object.keys(properties)) {
    const named = names[`${family}.${name}`] ?? names[name];
    if (named !== undefined) out[name] = named;
  }
  return out;
}

interface RouteRequest {
  path: string;
  body: unknown;
  /** Whether the request names tenant A, or one of its objects. */
  namesTenant: boolean;
  namesObject: boolean;
}

/**
 * A request a client could make: path parameters naming A's objects, a valid query and body (the
 * least one for `attempt` 0).
 */
function requestFor(route: OpenApiRoute, attempt = 0): RouteRequest {
  const family = familyOfRoute(route);
  const names = namingA();
  const pathValues: Record<string, string> = {};
  const query: Record<string, string> = {};
  let namesTenant = false;
  let namesObject = false;
  for (const param of route.params) {
    const named = names[`${family}.${param.name}`] ?? names[param.name];
    if (param.in === 'path') {
      if (named === undefined) {
        throw new Error(
          `${route.method} ${route.path}: say in namingA() which of tenant A's objects ":${param.name}" names`,
        );
      }
      pathValues[param.name] = named;
    } else if (named !== undefined) {
      query[param.name] = named;
    } else if (param.required) {
      const value = minimalValue(param.schema);
      query[param.name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    if (named !== undefined && TENANT_FIELDS.has(param.name)) namesTenant = true;
    if (named !== undefined && param.in === 'path' && OBJECT_FIELDS.has(param.name)) namesObject = true;
  }
  let body: unknown;
  if (route.body) {
    body = applyNames(validSample(route.body, attempt), route.body.properties, family);
    if (Object.keys(route.body.properties ?? {}).some((name) => TENANT_FIELDS.has(name))) namesTenant = true;
  }
  return { path: fillPath(route.path, pathValues) + queryString(query), body, namesTenant, namesObject };
}

/** Sends a key the way the seeds do, rotating between the three headers so each is exercised. */
function keyHeaders(key: string | undefined, index: number): Record<string, string> {
  if (key === undefined) return {};
  return [{ 'x-api-key': key }, { 'X-T4-API-KEY': key }, { authorization: `Bearer ${key}` }][index % 3]!;
}

function call(route: { method: string }, request: RouteRequest, headers: Record<string, string>) {
  return send(serve.baseUrl, route.method, request.path, {
    headers,
    body: request.body ?? (route.method === 'POST' ? {} : undefined),
  });
}

/**
 * Calls a route with valid samples until one gets past input validation (the scope is checked by the
 * service, after the route's schema), and returns that answer with its request.
 */
async function callValid(route: OpenApiRoute, headers: Record<string, string>) {
  let request = requestFor(route);
  let answer = await call(route, request, headers);
  for (let attempt = 1; attempt < SAMPLE_ATTEMPTS && refusedInput(codeOf(answer.body)); attempt++) {
    request = requestFor(route, attempt);
    answer = await call(route, request, headers);
  }
  return { request, answer };
}

const codeOf = (body: unknown) => (body as { code?: unknown } | undefined)?.code;

function describeAnswer(answer: HttpAnswer): string {
  return `${answer.status} ${answer.text.slice(0, 240)}`;
}

beforeAll(async () => {
  serve = await startDrillServe();
  routes = await readOpenApi(serve.baseUrl);
  const expiring = issueKey(serve, {
    tenant_id: A.tenant,
    agent_id: 'expired',
    scopes: '*',
    expires_in_days: 0.00001,
  });
  keys.all = await issueKey(serve, { tenant_id: A.tenant, agent_id: A.agent, scopes: '*' });
  keys.victim = await issueKey(serve, { tenant_id: A.tenant, agent_id: 'victim', scopes: 'intents:read' });
  keys.revoked = await issueKey(serve, { tenant_id: A.tenant, agent_id: 'revoked', scopes: '*' });
  keys.b = await issueKey(serve, { tenant_id: TENANT_B, agent_id: 'other-tenant', scopes: '*' });
  keys.expired = await expiring;
  const revoked = await send(serve.baseUrl, 'DELETE', `/admin/api_keys/${keys.revoked.id}`, {
    headers: { 'x-admin-token': serve.adminToken },
  });
  expect(revoked.status).toBe(200);
  // The operator is shown every tool, those that span every tenant included: the matrix covers all.
  tools = await listTools(serve.baseUrl, serve.adminToken);
  const shownToTenantAdmin = (await listTools(serve.baseUrl, keys.all.key)).map((tool) => tool.name);
  expect(tools.map((tool) => tool.name).filter((name) => !shownToTenantAdmin.includes(name))).toEqual([
    'admin_verify_audit',
  ]);

  const families = new Set([...routes.map(familyOfRoute), ...tools.map(familyOfTool)]);
  for (const family of families) {
    const own = scopesOfFamily(family);
    if (own.length === 0) continue;
    const held = SCOPES.filter((scope) => !own.includes(scope) && scope !== 'admin');
    const missing = SCOPES.filter((scope) => !held.includes(scope));
    const key = await issueKey(serve, { tenant_id: A.tenant, agent_id: `lacks-${family}`, scopes: held });
    lacking.set(family, { key, missing });
  }

  const asA = { 'x-api-key': keys.all.key };
  const intent = await send(serve.baseUrl, 'POST', '/intents', {
    headers: asA,
    body: {
      code: 'F821',
      file: A.file,
      status: 'planned',
      owner: A.owner,
      ticket: A.ticket,
      reason: A.reason,
    },
  });
  expect(intent.status, intent.text).toBe(201);
  intentA = intent.body as Record<string, unknown>;
  const deposit = await send(serve.baseUrl, 'POST', '/vault/deposit', {
    headers: asA,
    body: { user: A.user, amount: A.deposit },
  });
  expect(deposit.status, deposit.text).toBe(200);
  const grant = await send(serve.baseUrl, 'POST', '/grants', { headers: asA, body: { user: A.user } });
  expect(grant.status, grant.text).toBe(201);
  const run = await send(serve.baseUrl, 'POST', '/runs', {
    headers: asA,
    body: {
      user: A.user,
      workflowId: 'echo',
      input: { note: A.label },
      label: A.label,
      budgets: { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 1000 },
    },
  });
  expect(run.status, run.text).toBe(202);
  runA = run.body as Record<string, unknown>;

  // The expiring key lives about 0.9 s; wait until the server says so.
  for (let tries = 0; ; tries++) {
    const probe = await send(serve.baseUrl, 'GET', '/summary', {
      headers: { 'x-api-key': keys.expired.key },
    });
    if (probe.status === 401) break;
    if (tries > 60) throw new Error(`the expiring key still works: ${describeAnswer(probe)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(async () => {
  await serve?.stop();
});

describe('the route table', () => {
  it('needs a principal on every route but the public allow-list, and OpenAPI says the same', async () => {
    const { buildHttpApp } = await import('../../mcp/http/app.js');
    const { ALL_TOOLS } = await import('../../mcp/tools/index.js');
    const { testPlatform } = await import('../helpers/platform.js');
    const platform = testPlatform();
    const app = await buildHttpApp({ platform, tools: ALL_TOOLS, port: 0 });
    await app.ready();
    await app.close();
    await platform.close();

    const table = routeTable.flatMap((route) =>
      (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({
        id: `${method} ${route.url}`,
        auth: route.config?.auth,
      })),
    );
    expect(table.length).toBeGreaterThan(40);
    const publicRoutes = table.filter((route) => route.auth !== 'principal').map((route) => route.id);
    expect(
      publicRoutes.filter((id) => !PUBLIC_ROUTES.has(id)),
      'public routes outside the allow-list',
    ).toEqual([]);

    const documented = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
    for (const route of table) {
      const doc = documented.get(route.id);
      if (route.auth === 'principal' && !doc && !route.id.startsWith('HEAD ')) {
        expect(UNDOCUMENTED_PRINCIPAL_ROUTES.has(route.id), `${route.id} is not in OpenAPI`).toBe(true);
      }
      if (doc) {
        const secured = (doc.security ?? []).length > 0;
        expect(secured, `${route.id}: OpenAPI security vs config.auth`).toBe(route.auth === 'principal');
      }
    }
    for (const id of documented.keys()) expect(table.map((route) => route.id)).toContain(id);

    // Each public route really answers anyone; each principal route (HEAD and hidden ones too) refuses
    // a request without credentials.
    const problems: string[] = [];
    for (const route of table) {
      const [method, path] = route.id.split(' ') as [string, string];
      const answer = await send(serve.baseUrl, method, path.replace(/:[A-Za-z_]+/g, 'drill-x'));
      if (route.auth === 'principal' ? answer.status !== 401 : answer.status !== 200) {
        problems.push(`${route.id} without credentials: ${describeAnswer(answer)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents a family with scopes for every route and tool (a new family must get scopes)', () => {
    const families = [
      ...routes
        .filter((route) => (route.security ?? []).length > 0 && !needsAnyCredential(route))
        .map(familyOfRoute),
      ...tools.filter((tool) => !ALWAYS_ON_TOOLS.has(tool.name)).map(familyOfTool),
    ];
    for (const family of families) expect(scopesOfFamily(family), family).not.toEqual([]);
    // Floors against a matrix that silently covers nothing (an unreadable OpenAPI, an empty listing).
    expect(routes.length).toBeGreaterThan(30);
    expect(tools.length).toBeGreaterThan(25);
  });
});

describe('every REST route', () => {
  const secured = () => routes.filter((route) => (route.security ?? []).length > 0);

  it.each([
    ['no credentials', () => undefined, 'UNAUTHORIZED'],
    ['a forged key', () => `sk_${'A'.repeat(12)}_${'b'.repeat(40)}`, 'INVALID_API_KEY'],
    ['a revoked key', () => keys.revoked!.key, 'API_KEY_REVOKED'],
    ['an expired key', () => keys.expired!.key, 'API_KEY_EXPIRED'],
  ])('refuses %s with 401 and a JSON {code, message}', async (_case, credential, code) => {
    const problems: string[] = [];
    const list = secured();
    for (const [index, route] of list.entries()) {
      const answer = await call(route, requestFor(route), keyHeaders(credential(), index));
      const where = `${route.method} ${route.path}`;
      if (answer.status !== 401 || (answer.body as { code?: string } | undefined)?.code !== code) {
        problems.push(`${where}: ${describeAnswer(answer)}`);
        continue;
      }
      expectErrorBody(answer.body, answer.text, where);
      expect(answer.headers.get('www-authenticate'), where).toMatch(/^Bearer/);
      expect(leakedSecrets(answer.text, secrets()), where).toEqual([]);
      expect(answer.text, where).not.toContain(A.reason);
    }
    expect(problems).toEqual([]);
  });

  it('refuses a key lacking the route’s scope with 403 FORBIDDEN naming a scope it lacks', async () => {
    const problems: string[] = [];
    for (const [index, route] of secured().entries()) {
      if (needsAnyCredential(route)) {
        // Any valid key answers, one that lacks scopes too.
        const { key } = lacking.get('intents')!;
        const { answer } = await callValid(route, keyHeaders(key.key, index));
        if (answer.status !== 200) problems.push(`${route.method} ${route.path}: ${describeAnswer(answer)}`);
        continue;
      }
      const family = familyOfRoute(route);
      const { key, missing } = lacking.get(family)!;
      const { answer } = await callValid(route, keyHeaders(key.key, index));
      const body = answer.body as { code?: string; required?: string } | undefined;
      if (answer.status !== 403 || body?.code !== 'FORBIDDEN' || !missing.includes(body.required ?? '')) {
        problems.push(
          `${route.method} ${route.path} (key without ${missing.join(',')}): ${describeAnswer(answer)}`,
        );
        continue;
      }
      expectErrorBody(answer.body, answer.text, route.path);
      expect(leakedSecrets(answer.text, secrets())).toEqual([]);
    }
    expect(problems).toEqual([]);
  });

  it('gives another tenant’s key nothing of tenant A: 403/404 when it names A, no trace of A otherwise', async () => {
    const problems: string[] = [];
    for (const [index, route] of secured().entries()) {
      const { request, answer } = await callValid(route, keyHeaders(keys.b!.key, index));
      const where = `${route.method} ${request.path}`;
      const code = (answer.body as { code?: string } | undefined)?.code;
      if (answer.status >= 500) problems.push(`${where}: ${describeAnswer(answer)}`);
      if (request.namesTenant && !(answer.status === 403 || answer.status === 404)) {
        problems.push(
          `${where} names tenant ${A.tenant}: expected 403 or 404, got ${describeAnswer(answer)}`,
        );
      } else if (
        request.namesObject &&
        !request.namesTenant &&
        (answer.status !== 404 || code !== 'NOT_FOUND')
      ) {
        problems.push(
          `${where} names an object of tenant A: expected 404 NOT_FOUND, got ${describeAnswer(answer)}`,
        );
      }
      if (answer.status >= 400) expectErrorBody(answer.body, answer.text, where);
      const leaked = leakedSecrets(answer.text, { ...privateMarkersOfA(), ...secrets() });
      if (leaked.length > 0)
        problems.push(`${where} answered tenant A's ${leaked.join(', ')}: ${answer.text.slice(0, 300)}`);
    }
    problems.push(...(await tenantAChanges()));
    expect(problems).toEqual([]);
  });
});

describe('every MCP tool over /mcp', () => {
  function argsFor(
    tool: ToolInfo,
    attempt = 0,
  ): { args: unknown; namesTenant: boolean; namesObject: boolean } {
    const properties = tool.inputSchema.properties ?? {};
    const args = applyNames(validSample(tool.inputSchema, attempt), properties, familyOfTool(tool));
    const fields = Object.keys(properties);
    return {
      args,
      namesTenant: fields.some((name) => TENANT_FIELDS.has(name)),
      namesObject: fields.some((name) => OBJECT_FIELDS.has(name)),
    };
  }

  /** Calls a tool with valid samples until one gets past input validation. */
  async function callValidTool(tool: ToolInfo, bearer: string) {
    let sample = argsFor(tool);
    let outcome = await callTool(serve.baseUrl, bearer, tool.name, sample.args);
    for (let attempt = 1; attempt < SAMPLE_ATTEMPTS && refusedInput(outcome.payload?.code); attempt++) {
      sample = argsFor(tool, attempt);
      outcome = await callTool(serve.baseUrl, bearer, tool.name, sample.args);
    }
    return { ...sample, outcome };
  }

  function protocolProblem(tool: ToolInfo, outcome: ToolOutcome): string | undefined {
    const { answer } = outcome;
    if (answer.status !== 200 || !answer.rpc?.result) {
      return `${tool.name}: expected a tool result, got HTTP ${answer.status} ${answer.text.slice(0, 240)}`;
    }
    return undefined;
  }

  it.each([
    ['no bearer', () => undefined, 'UNAUTHORIZED'],
    ['a revoked key', () => keys.revoked!.key, 'API_KEY_REVOKED'],
    ['an expired key', () => keys.expired!.key, 'API_KEY_EXPIRED'],
  ])('refuses a call with %s with HTTP 401 before MCP', async (_case, bearer, code) => {
    const problems: string[] = [];
    for (const tool of tools) {
      const { answer } = await callTool(serve.baseUrl, bearer(), tool.name, argsFor(tool).args);
      if (answer.status !== 401 || (answer.body as { code?: string } | undefined)?.code !== code) {
        problems.push(`${tool.name}: ${answer.status} ${answer.text.slice(0, 200)}`);
        continue;
      }
      expectErrorBody(answer.body, answer.text, tool.name);
      expect(leakedSecrets(answer.text, secrets())).toEqual([]);
    }
    expect(problems).toEqual([]);
  });

  it('answers a key lacking the tool’s scope with isError FORBIDDEN, never a protocol error', async () => {
    const problems: string[] = [];
    for (const tool of tools) {
      const family = familyOfTool(tool);
      if (ALWAYS_ON_TOOLS.has(tool.name)) {
        for (const { key } of lacking.values()) {
          const outcome = await callTool(serve.baseUrl, key.key, tool.name, argsFor(tool).args);
          if (protocolProblem(tool, outcome) || outcome.isError) {
            problems.push(`${tool.name} is always on: ${outcome.answer.text.slice(0, 200)}`);
          }
        }
        continue;
      }
      const { key, missing } = lacking.get(family)!;
      const { outcome } = await callValidTool(tool, key.key);
      const problem = protocolProblem(tool, outcome);
      if (problem) {
        problems.push(problem);
        continue;
      }
      const payload = outcome.payload ?? {};
      if (
        !outcome.isError ||
        payload.code !== 'FORBIDDEN' ||
        !missing.includes(payload.required as string) ||
        payload.required !== declaredScope(tool)
      ) {
        problems.push(
          `${tool.name} (key without ${missing.join(',')}, declares ${declaredScope(tool)}): ${outcome.answer.text.slice(0, 240)}`,
        );
        continue;
      }
      expectErrorBody(payload, JSON.stringify(payload), tool.name);
      expect(leakedSecrets(outcome.answer.text, secrets())).toEqual([]);

      // The scope is checked before the arguments: the key learns nothing from malformed ones.
      const malformed = malformedArgs(tool);
      if (malformed === undefined) continue;
      const refused = await callTool(serve.baseUrl, key.key, tool.name, malformed);
      if (refused.payload?.code !== 'FORBIDDEN') {
        problems.push(`${tool.name} malformed, key without the scope: ${refused.answer.text.slice(0, 240)}`);
      }
      const judged = await callTool(serve.baseUrl, keys.all!.key, tool.name, malformed);
      if (judged.payload?.code !== 'INVALID_INPUT') {
        problems.push(`${tool.name} malformed, key with every scope: ${judged.answer.text.slice(0, 240)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists to a key only the tools its scopes let it run: none of the family it lacks', async () => {
    const problems: string[] = [];
    for (const [family, { key, missing }] of lacking) {
      const listed = (await listTools(serve.baseUrl, key.key)).map((tool) => tool.name);
      const runnable = tools
        .filter((tool) => {
          const scope = declaredScope(tool);
          return scope === undefined || !missing.includes(scope);
        })
        .map((tool) => tool.name);
      const ofFamily = tools.filter((tool) => familyOfTool(tool) === family).map((tool) => tool.name);
      if (listed.join() !== runnable.join() || listed.some((name) => ofFamily.includes(name))) {
        problems.push(
          `key without ${missing.join(',')} lists ${listed.join(', ')}; expected ${runnable.join(', ')}`,
        );
      }
      if (!listed.includes('health')) problems.push(`key without ${missing.join(',')} is not shown health`);
    }
    expect(lacking.size).toBeGreaterThanOrEqual(5);
    expect(problems).toEqual([]);
  });

  it('gives another tenant’s key nothing of tenant A, as tool results', async () => {
    const problems: string[] = [];
    for (const tool of tools) {
      const { args, namesTenant, namesObject, outcome } = await callValidTool(tool, keys.b!.key);
      const problem = protocolProblem(tool, outcome);
      if (problem) {
        problems.push(problem);
        continue;
      }
      const code = outcome.payload?.code;
      const where = `${tool.name} ${JSON.stringify(args).slice(0, 160)}`;
      if (namesTenant && !(outcome.isError && (code === 'FORBIDDEN' || code === 'NOT_FOUND'))) {
        problems.push(
          `${where} names tenant A: expected FORBIDDEN or NOT_FOUND, got ${outcome.answer.text.slice(0, 240)}`,
        );
      } else if (namesObject && !namesTenant && !(outcome.isError && code === 'NOT_FOUND')) {
        problems.push(
          `${where} names an object of tenant A: expected NOT_FOUND, got ${outcome.answer.text.slice(0, 240)}`,
        );
      }
      if (outcome.isError) expectErrorBody(outcome.payload, outcome.answer.text, where);
      const leaked = leakedSecrets(outcome.answer.text, { ...privateMarkersOfA(), ...secrets() });
      if (leaked.length > 0) problems.push(`${where} answered tenant A's ${leaked.join(', ')}`);
    }
    problems.push(...(await tenantAChanges()));
    expect(problems).toEqual([]);
  });
});

/** What B tried to change of A's that is not as it was: the intent, the victim key, the grant, the balance, the run. */
async function tenantAChanges(): Promise<string[]> {
  const changes: string[] = [];
  const asA = { 'x-api-key': keys.all!.key };
  const intent = await send(serve.baseUrl, 'GET', `/intents/${intentA.id as string}`, { headers: asA });
  const view = intent.body as Record<string, unknown> | undefined;
  if (
    intent.status !== 200 ||
    view?.reason !== A.reason ||
    view.ticket !== A.ticket ||
    view.status !== 'planned' ||
    view.modified_at !== intentA.modified_at
  ) {
    changes.push(`A's intent changed: ${describeAnswer(intent)}`);
  }
  const victim = await send(serve.baseUrl, 'GET', '/intents', { headers: { 'x-api-key': keys.victim!.key } });
  if (victim.status !== 200) changes.push(`A's victim key stopped working: ${describeAnswer(victim)}`);
  // Runs take escrow out of the balance; only a deposit by someone else could raise it.
  const balance = await send(serve.baseUrl, 'GET', `/vault/balance?user=${A.user}`, { headers: asA });
  if (balance.status !== 200 || (balance.body as { balance: number }).balance > A.deposit) {
    changes.push(`A's balance: ${describeAnswer(balance)}`);
  }
  const run = await send(serve.baseUrl, 'GET', `/runs/${runA.id as string}`, { headers: asA });
  if ((run.body as { status?: string } | undefined)?.status === 'cancelled') {
    changes.push(`A's run was cancelled: ${describeAnswer(run)}`);
  }
  const grants = await send(serve.baseUrl, 'GET', `/grants?user=${A.user}`, { headers: asA });
  if ((grants.body as { items?: unknown[] } | undefined)?.items?.length !== 1) {
    changes.push(`A's grant: ${describeAnswer(grants)}`);
  }
  const newRun = await send(serve.baseUrl, 'POST', '/runs', {
    headers: asA,
    body: { user: A.user, workflowId: 'echo', budgets: { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 10 } },
  });
  if (newRun.status !== 202) changes.push(`A can no longer run (paused?): ${describeAnswer(newRun)}`);
  return changes;
}
