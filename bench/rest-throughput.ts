import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { benchEnv, cpuMs, NEVER_REFUSING_RATE_LIMIT, startServer, stop, tempHome } from './children.js';
import { BARE_FASTIFY } from './paths.js';
import { describeGoal, goal, type Goal, median, round } from './stats.js';

const CONNECTIONS = 10;
const WARM_UP_SECONDS = 1;
/** Each target gets ROUNDS turns of ROUND_SECONDS, in turn, so a busy moment of the machine hits all. */
const ROUNDS = 2;
/** Whole seconds: autocannon stops on its one-second sampling tick. */
const ROUND_SECONDS = 3;

export interface LoadFigure {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Median of the rounds' medians. */
  latencyP50Ms: number;
  /** Worst of the rounds' p99. */
  latencyP99Ms: number;
  /** The server process's CPU time per request (Linux only). */
  serverCpuMicrosPerRequest: number | undefined;
}

export interface RestThroughputResult {
  connections: number;
  /** `GET /v1/whoami`: authentication, rate limit, validation, serialization, metrics; no store read. */
  settld: LoadFigure;
  /** `GET /admin/api_keys?limit=1`: the same plus one SQLite read of the page. */
  settldStoreRead: LoadFigure;
  bareFastify: LoadFigure;
  goal: Goal;
  /**
   * The list route against the same bare route: reported, not a goal. The goal measures what the
   * platform adds to a GET (credentials, limit, metrics, serialization); a store read is the list
   * route's own work, as a database call would be in the bare route's.
   */
  storeReadRatio: number;
}

interface Target {
  url: string;
  headers: Record<string, string>;
  pid: number | undefined;
  stop(): Promise<void>;
}

interface Round {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  cpuMs: number | undefined;
}

/** One autocannon run; any refused, failed or timed-out request voids the figure. */
async function load(target: Target, seconds: number): Promise<Round> {
  const cpuBefore = cpuMs(target.pid);
  const result = await autocannon({
    url: target.url,
    headers: target.headers,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const cpuAfter = cpuMs(target.pid);
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${target.url}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts ` +
        `out of ${result.requests.total}`,
    );
  }
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
  };
}

function figure(rounds: Round[]): LoadFigure {
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const cpu = rounds.every((r) => r.cpuMs !== undefined)
    ? rounds.reduce((sum, r) => sum + r.cpuMs!, 0)
    : undefined;
  return {
    requests,
    seconds: round(seconds, 2),
    requestsPerSecond: round(requests / seconds),
    latencyP50Ms: median(rounds.map((r) => r.p50)),
    latencyP99Ms: Math.max(...rounds.map((r) => r.p99)),
    serverCpuMicrosPerRequest: cpu === undefined ? undefined : round((cpu * 1000) / requests),
  };
}

/**
 * `serve` with a key that has the admin scope, and the two authenticated GETs to load: `/v1/whoami`
 * (the platform's own work per request, nothing read from the store beyond the cached key) and
 * `/admin/api_keys?limit=1` (the same plus a page read from SQLite).
 */
async function startSettld(cli: string): Promise<{ whoami: Target; storeRead: Target }> {
  const home = tempHome();
  const adminToken = `adm_${randomBytes(24).toString('hex')}`;
  const env = benchEnv({
    SETTLD_HOME: home.path,
    SETTLD_ADMIN_TOKEN: adminToken,
    SETTLD_RATE_LIMIT_PER_MINUTE: NEVER_REFUSING_RATE_LIMIT,
  });
  const server = await startServer(cli, ['serve', '--port', '0'], env, join(home.path, 'serve.log')).catch(
    (error: unknown) => {
      home.remove();
      throw error;
    },
  );
  let stopped = false;
  const stopServer = async () => {
    if (stopped) return;
    stopped = true;
    await stop(server.child);
    home.remove();
  };
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const key = await createAdminKey(base, adminToken);
    const headers = { 'x-api-key': key };
    const target = async (
      path: string,
      check: (body: Record<string, unknown>) => boolean,
    ): Promise<Target> => {
      const url = `${base}${path}`;
      const probe = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
      const body = (await probe.json()) as Record<string, unknown>;
      if (probe.status !== 200 || !check(body) || !probe.headers.get('ratelimit')) {
        throw new Error(`GET ${url} answered ${probe.status} ${JSON.stringify(body).slice(0, 300)}`);
      }
      return { url, headers, pid: server.child.pid, stop: stopServer };
    };
    return {
      whoami: await target('/v1/whoami', (body) => body.kind === 'api_key'),
      storeRead: await target('/admin/api_keys?limit=1', (body) => (body.items as unknown[]).length === 1),
    };
  } catch (error) {
    await stopServer();
    throw error;
  }
}

async function createAdminKey(base: string, adminToken: string): Promise<string> {
  const created = await fetch(`${base}/admin/api_keys`, {
    method: 'POST',
    headers: { 'x-admin-token': adminToken, 'content-type': 'application/json' },
    body: JSON.stringify({ agent_id: 'bench', owner: 'bench', scopes: ['admin'] }),
    signal: AbortSignal.timeout(10_000),
  });
  if (created.status !== 201)
    throw new Error(`creating a key answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { key: string }).key;
}

async function startBareFastify(): Promise<Target> {
  const home = tempHome();
  const server = await startServer(BARE_FASTIFY, [], benchEnv(), join(home.path, 'fastify.log')).catch(
    (error: unknown) => {
      home.remove();
      throw error;
    },
  );
  return {
    url: `http://127.0.0.1:${server.port}/items`,
    headers: {},
    pid: server.child.pid,
    stop: async () => {
      await stop(server.child);
      home.remove();
    },
  };
}

/** Authenticated, rate-limited REST GETs per second (autocannon) vs a bare Fastify route. */
export async function benchRestThroughput(cli: string): Promise<RestThroughputResult> {
  const targets: Target[] = [];
  try {
    targets.push(await startBareFastify());
    const settld = await startSettld(cli);
    targets.push(settld.whoami, settld.storeRead);
    for (const target of targets) await load(target, WARM_UP_SECONDS);
    const rounds: Round[][] = targets.map(() => []);
    for (let turn = 0; turn < ROUNDS; turn++) {
      for (const [index, target] of targets.entries()) rounds[index]!.push(await load(target, ROUND_SECONDS));
    }
    const [bareFastify, whoami, storeRead] = rounds.map(figure) as [LoadFigure, LoadFigure, LoadFigure];
    return {
      connections: CONNECTIONS,
      settld: whoami,
      settldStoreRead: storeRead,
      bareFastify,
      goal: goal(whoami.requestsPerSecond / bareFastify.requestsPerSecond, 0.5, 'at least'),
      storeReadRatio: round(storeRead.requestsPerSecond / bareFastify.requestsPerSecond, 2),
    };
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
  }
}

const figureText = (f: LoadFigure) =>
  `${f.requestsPerSecond} req/s (p50 ${f.latencyP50Ms} ms, p99 ${f.latencyP99Ms} ms` +
  `${f.serverCpuMicrosPerRequest === undefined ? '' : `, server CPU ${f.serverCpuMicrosPerRequest} µs/req`})`;

export const describeRestThroughput = (r: RestThroughputResult): string[] => [
  `REST authenticated, rate-limited GETs (x-api-key; autocannon ${r.connections} connections, ` +
    `${r.settld.seconds} s each) vs a bare Fastify route: bare Fastify ${figureText(r.bareFastify)}`,
  `  GET /v1/whoami: settld-mcp ${figureText(r.settld)} | ${describeGoal(r.goal)}`,
  `  GET /admin/api_keys?limit=1 (plus a SQLite page read): settld-mcp ${figureText(r.settldStoreRead)} | ` +
    `ratio ${r.storeReadRatio.toFixed(2)} (reported: the store read is the route's own work)`,
];
