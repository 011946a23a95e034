import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type ServeHandle, startServe } from '../helpers/process.js';

/*
 * What the drills share: a serve that does not rate-limit the drill itself, the surface read from
 * the running server (OpenAPI and tools/list), raw HTTP and MCP calls, values generated from JSON
 * Schemas (valid and hostile), and the checks every refusal must pass.
 */

/** The subset of JSON Schema that zod's `toJSONSchema` writes for our inputs. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}

export interface RouteParam {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

/** One operation of `GET /openapi.json`. */
export interface OpenApiRoute {
  method: string;
  /** Fastify's form: `/intents/:intent_id`. */
  path: string;
  tags: string[];
  /** Absent or empty: the route says it needs no credentials. */
  security: Record<string, string[]>[] | undefined;
  params: RouteParam[];
  body: JsonSchema | undefined;
}

export interface ToolInfo {
  name: string;
  inputSchema: JsonSchema;
  annotations: Record<string, unknown>;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  body: unknown;
}

/** `serve` for a drill: the per-key and failed-authentication limits out of the way (they have their own tests), a quick worker. */
export function startDrillServe(env: Record<string, string | undefined> = {}): Promise<ServeHandle> {
  return startServe({
    SETTLD_RATE_LIMIT_PER_MINUTE: '100000',
    SETTLD_AUTH_FAILURES_PER_MINUTE: '1000000',
    RUNNER_POLL_INTERVAL_MS: '50',
    ...env,
  });
}

export async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; rawBody?: string } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = toJsonText(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

export interface IssuedKey {
  key: string;
  id: string;
}

/** Issues a key as the operator (admin token). */
export async function issueKey(serve: ServeHandle, input: Record<string, unknown>): Promise<IssuedKey> {
  const answer = await send(serve.baseUrl, 'POST', '/admin/api_keys', {
    headers: { 'x-admin-token': serve.adminToken },
    body: { owner: 'drill', ...input },
  });
  expect(answer.status, answer.text).toBe(201);
  const body = answer.body as { key: string; api_key: { id: string } };
  return { key: body.key, id: body.api_key.id };
}

/** Fastify's `:name` form of an OpenAPI `{name}` path. */
const fastifyPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

/** Every operation the running server documents, with its parameters and JSON body schema. */
export async function readOpenApi(baseUrl: string): Promise<OpenApiRoute[]> {
  const answer = await send(baseUrl, 'GET', '/openapi.json');
  expect(answer.status).toBe(200);
  const document = answer.body as {
    paths: Record<
      string,
      Record<
        string,
        {
          tags?: string[];
          security?: Record<string, string[]>[];
          parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
          requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        }
      >
    >;
  };
  const routes: OpenApiRoute[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      routes.push({
        method: method.toUpperCase(),
        path: fastifyPath(path),
        tags: operation.tags ?? [],
        security: operation.security,
        params: (operation.parameters ?? [])
          .filter((param) => param.in === 'path' || param.in === 'query')
          .map((param) => ({
            name: param.name,
            in: param.in as 'path' | 'query',
            required: param.required === true,
            schema: param.schema,
          })),
        body: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return routes;
}

export interface McpAnswer {
  status: number;
  text: string;
  /** The HTTP error body (not MCP) when the request was refused before MCP. */
  body: unknown;
  /** The JSON-RPC response to our request, when there is one. */
  rpc: { result?: Record<string, unknown>; error?: { code: number; message: string } } | undefined;
}

let rpcId = 0;

/** One JSON-RPC request to the stateless `/mcp` endpoint, answered as JSON or as an SSE stream. */
export async function mcpRequest(
  baseUrl: string,
  bearer: string | undefined,
  method: string,
  params: Record<string, unknown>,
): Promise<McpAnswer> {
  const id = ++rpcId;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(`${baseUrl}/mcp`, {
    method: 'POST',
    headers,
    body: toJsonText({ jsonrpc: '2.0', id, method, params }),
  });
  const text = await response.text();
  const messages: unknown[] = [];
  if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    for (const line of text.split('\n')) {
      if (line.startsWith('data: ')) messages.push(JSON.parse(line.slice(6)));
    }
  } else {
    try {
      messages.push(JSON.parse(text));
    } catch {
      // not JSON: the caller looks at the status and text
    }
  }
  const rpc = messages.find(
    (message): message is McpAnswer['rpc'] & { id: number } =>
      typeof message === 'object' && message !== null && (message as { id?: unknown }).id === id,
  );
  return { status: response.status, text, body: messages[0], rpc };
}

export async function listTools(baseUrl: string, bearer: string): Promise<ToolInfo[]> {
  const answer = await mcpRequest(baseUrl, bearer, 'tools/list', {});
  expect(answer.status, answer.text).toBe(200);
  return (answer.rpc?.result as { tools: ToolInfo[] }).tools;
}

export interface ToolOutcome {
  answer: McpAnswer;
  isError: boolean;
  /** The parsed JSON text of the first content part. */
  payload: Record<string, unknown> | undefined;
}

export async function callTool(
  baseUrl: string,
  bearer: string | undefined,
  name: string,
  args: unknown,
): Promise<ToolOutcome> {
  const answer = await mcpRequest(baseUrl, bearer, 'tools/call', { name, arguments: args });
  const result = answer.rpc?.result as { isError?: boolean; content?: { text?: string }[] } | undefined;
  let payload: Record<string, unknown> | undefined;
  try {
    payload = JSON.parse(result?.content?.[0]?.text ?? '') as Record<string, unknown>;
  } catch {
    payload = undefined;
  }
  return { answer, isError: result?.isError === true, payload };
}

/* ---------- values from JSON Schemas ---------- */

const INT32 = 2 ** 31 - 1;

function integerBetween(min: number, max: number): fc.Arbitrary<number> {
  if (min >= -INT32 - 1 && max <= INT32) return fc.integer({ min, max });
  return fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number);
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 40);
  const fits = (value: string) => value.length >= min && value.length <= max;
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((date) => date.toISOString());
  }
  return fc.string({ minLength: min, maxLength: Math.min(max, min + 40) });
}

/**
 * Values valid for `schema`. `optional: 'omit'` leaves optional properties out (the least a caller
 * must send); `'random'` includes each with a coin toss.
 */
export function validArbitrary(
  schema: JsonSchema,
  optional: 'omit' | 'random' = 'random',
): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    const concrete = options.filter((option) => !typesOf(option).every((type) => type === 'null'));
    return fc.oneof(...(concrete.length > 0 ? concrete : options).map((o) => validArbitrary(o, optional)));
  }
  const types = typesOf(schema).filter((type) => type !== 'null');
  switch (types[0]) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return integerBetween(
        schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1000 : schema.exclusiveMinimum + 1),
        schema.maximum ?? (schema.exclusiveMaximum === undefined ? 1_000_000 : schema.exclusiveMaximum - 1),
      );
    case 'number':
      return fc.double({
        min: schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1000 : schema.exclusiveMinimum),
        max: schema.maximum ?? 1_000_000,
        minExcluded: schema.exclusiveMinimum !== undefined,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validArbitrary(schema.items ?? {}, optional), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const names = Object.keys(properties).filter((name) => optional === 'random' || required.has(name));
      const fixed = fc.record(
        Object.fromEntries(names.map((name) => [name, validArbitrary(properties[name]!, optional)])),
        { requiredKeys: names.filter((name) => optional === 'omit' || required.has(name)) },
      );
      if (typeof schema.additionalProperties !== 'object') return fixed;
      const extra = fc.dictionary(
        schema.propertyNames ? stringArbitrary(schema.propertyNames) : fc.string({ maxLength: 12 }),
        validArbitrary(schema.additionalProperties, optional),
        { maxKeys: 3 },
      );
      return fc.tuple(extra, fixed).map(([more, base]) => ({ ...more, ...base }));
    }
    default:
      // No type: anything JSON (`z.unknown()`).
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** The least valid value of a schema, the same on every run: required properties only. */
export function minimalValue(schema: JsonSchema, seed = 42): unknown {
  return fc.sample(validArbitrary(schema, 'omit'), { numRuns: 1, seed })[0];
}

/**
 * The `attempt`th valid value of a schema, the same on every run: the least one first, then values
 * with random optional fields, for rules a JSON Schema cannot say ("give prompt or messages").
 */
export function validSample(schema: JsonSchema, attempt: number): unknown {
  if (attempt === 0) return minimalValue(schema);
  return fc.sample(validArbitrary(schema, 'random'), { numRuns: 1, seed: 1000 + attempt })[0];
}

/** How many samples a drill tries before it says a schema has no value the server accepts. */
export const SAMPLE_ATTEMPTS = 25;

/** Whether an answer refused the input itself (so another valid-looking sample should be tried). */
export function refusedInput(code: unknown): boolean {
  return code === 'INVALID_INPUT';
}

const DEEP = /"@@deep-(array|object)-(\d+)@@"/g;

/**
 * Arrays or objects nested `depth` deep. JSON.stringify recurses (a few thousand levels overflow its
 * stack), so this is a marker that `toJsonText` writes out as text.
 */
export function deepNesting(depth: number, kind: 'array' | 'object'): string {
  return `@@deep-${kind}-${depth}@@`;
}

/** JSON text of a value, with `deepNesting` markers written out. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(DEEP, (_marker, kind: string, depth: string) => {
    const levels = Number(depth);
    return kind === 'array'
      ? `${'['.repeat(levels)}0${']'.repeat(levels)}`
      : `${'{"a":'.repeat(levels)}0${'}'.repeat(levels)}`;
  });
}

/** A value for a message: long strings and big values cut, deep markers as they are. */
export function describeValue(value: unknown, max = 300): string {
  const text =
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'string' && item.length > 60 ? `${item.slice(0, 20)}…(${item.length} chars)` : item,
    ) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\u202e\u0000💥',
  '../../etc/passwd',
  '/abs/path.py',
  'C:\\win\\path.py',
  '%00%2e%2e%2f',
  '${SETTLD_ADMIN_TOKEN}',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  'a\nb\r\nc',
  '__proto__',
  '9'.repeat(400),
];

/** Values that probe an input's edges: wrong types, nulls, huge and odd strings, deep nesting, prototype keys. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 3 },
    { arbitrary: fc.constantFrom(null, true, false, 0, -1, -0, 1.5, 1e308, -1e308, 2 ** 53 + 2), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 2 },
    { arbitrary: fc.integer({ min: 5_000, max: 120_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom(64, 1_000, 3_000, 5_000, 20_000),
          fc.constantFrom('array' as const, 'object' as const),
        )
        .map(([depth, kind]) => deepNesting(depth, kind)),
      weight: 1,
    },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
    {
      arbitrary: fc.constantFrom<unknown>(
        [],
        {},
        [null],
        JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
      ),
      weight: 1,
    },
  );
}

/** A mutation of a valid value: one thing wrong (a bad value, a key missing or added), or junk. */
export function hostileArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  if (types.includes('object') && schema.properties) {
    const properties = schema.properties;
    const names = Object.keys(properties);
    const valid = validArbitrary(schema) as fc.Arbitrary<Record<string, unknown>>;
    const mutations: fc.Arbitrary<unknown>[] = [
      fc.oneof(hostileValue(), fc.string(), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })),
      fc
        .tuple(
          valid,
          fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...NASTY_STRINGS)), hostileValue(), {
            minKeys: 1,
            maxKeys: 4,
          }),
        )
        .map(([value, extra]) => Object.assign(JSON.parse(JSON.stringify(extra)) as object, value)),
    ];
    if (names.length > 0) {
      mutations.push(
        fc
          .tuple(valid, fc.constantFrom(...names), hostileValue())
          .map(([value, name, bad]) => ({ ...value, [name]: bad })),
        fc
          .tuple(valid, fc.constantFrom(...names))
          .chain(([value, name]) =>
            hostileArbitrary(properties[name]!).map((bad) => ({ ...value, [name]: bad })),
          ),
      );
    }
    const required = schema.required ?? [];
    if (required.length > 0) {
      mutations.push(
        fc.tuple(valid, fc.constantFrom(...required)).map(([value, name]) => {
          const { [name]: _dropped, ...rest } = value;
          return rest;
        }),
      );
    }
    return fc.oneof(...mutations);
  }
  if (types.includes('array')) {
    const item = schema.items ?? {};
    return fc.oneof(
      hostileValue(),
      fc.array(hostileArbitrary(item), { minLength: 1, maxLength: 3 }),
      fc.constant(new Array((schema.maxItems ?? 300) + 1).fill(minimalValue(item))),
    );
  }
  if (types.includes('string')) {
    const max = schema.maxLength ?? 1000;
    return fc.oneof(
      hostileValue(),
      fc.constant('y'.repeat(max + 1)),
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.integer(),
    );
  }
  if (types.includes('integer') || types.includes('number')) {
    return fc.oneof(
      hostileValue(),
      fc.constantFrom((schema.minimum ?? 0) - 1, (schema.maximum ?? 2 ** 53) + 1, 0.5),
      fc.string({ maxLength: 8 }),
    );
  }
  return hostileValue();
}

/**
 * Longest query value sent: a URL over Node's 16 KB header limit is answered 431 by the HTTP parser
 * (Fastify's client-error answer), before any route or error handler of ours.
 */
const MAX_QUERY_VALUE = 6_000;

/** A query string value as a client could send it: text, an empty value, or a repeated key. */
export function hostileQueryValue(schema: JsonSchema): fc.Arbitrary<string | string[]> {
  const asText = (value: unknown) =>
    (typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined')).slice(0, MAX_QUERY_VALUE);
  return fc.oneof(
    validArbitrary(schema).map(asText),
    hostileArbitrary(schema).map(asText),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(fc.string({ maxLength: 8 }), { minLength: 2, maxLength: 3 }),
    fc.constantFrom('', '%', '%00', 'z'.repeat(5_000)),
  );
}

export function queryString(values: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, one);
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:([A-Za-z_]+)/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
}

/* ---------- what every refusal must look like ---------- */

/** A stable code: UPPER_SNAKE, or a contract error's name with its number (`UnauthorizedRunner`, #15). */
export function isStableCode(body: Record<string, unknown>): boolean {
  const code = body.code;
  if (typeof code !== 'string') return false;
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(code)) return true;
  return /^[A-Z][A-Za-z]+$/.test(code) && Number.isInteger(body.contractError);
}

/** Traces, source paths and the runtime's own error names do not belong in an answer. */
const INTERNALS = [
  /\n\s+at .+[(:]\d+/,
  /node_modules/,
  /\/work\/main|\.ts:\d+|dist\/cli/,
  /\b(TypeError|RangeError|ReferenceError|SyntaxError): /,
  /Maximum call stack/,
  /SQLITE_/,
];

export function internalsIn(text: string): RegExp[] {
  return INTERNALS.filter((pattern) => pattern.test(text));
}

/** Checks an error body: JSON `{code, message}` with a stable code, nothing internal. */
export function expectErrorBody(body: unknown, text: string, context: string): Record<string, unknown> {
  expect(body, `${context}: the body is not JSON: ${text.slice(0, 300)}`).toBeTypeOf('object');
  const record = body as Record<string, unknown>;
  expect(isStableCode(record), `${context}: no stable code in ${text.slice(0, 300)}`).toBe(true);
  expect(record.message, `${context}: no message in ${text.slice(0, 300)}`).toBeTypeOf('string');
  expect(internalsIn(text), `${context}: internals in ${text.slice(0, 500)}`).toEqual([]);
  return record;
}

/** The secrets (by name) whose values occur in `text`. */
export function leakedSecrets(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => value.length >= 8 && text.includes(value))
    .map(([name]) => name);
}

export interface AuditRow {
  seq: number;
  action: string;
  [column: string]: unknown;
}

export function auditRows(home: string): AuditRow[] {
  const db = new Database(join(home, 'settld.db'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
  } finally {
    db.close();
  }
}

/** Log lines at error level or above (pino: 50 error, 60 fatal). */
export function errorLogLines(logs: string): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const line of logs.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (typeof entry.level === 'number' && entry.level >= 50) lines.push(entry);
    } catch {
      // a partial line at the end of the buffer
    }
  }
  return lines;
}
