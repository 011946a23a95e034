import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  benchEnv,
  cpuMs,
  NEVER_REFUSING_RATE_LIMIT,
  tail,
  tempHome,
  trackPid,
  withTimeout,
} from './children.js';
import { MINIMAL_STDIO_SERVER } from './paths.js';
import { describeGoal, goal, type Goal, round } from './stats.js';

const WARM_UP_CALLS = 300;
/** Each server gets ROUNDS turns of ROUND_MS, alternating, so a busy moment of the machine hits both. */
const ROUNDS = 6;
const ROUND_MS = 500;
const MAX_CALLS_PER_ROUND = 50_000;
const CALL_TIMEOUT_MS = 5000;

export interface ThroughputFigure {
  calls: number;
  seconds: number;
  callsPerSecond: number;
  /** The server process's CPU time per call (Linux only). */
  serverCpuMicrosPerCall: number | undefined;
}

export interface StdioThroughputResult {
  settld: ThroughputFigure;
  minimal: ThroughputFigure;
  goal: Goal;
}

interface Connected {
  client: Client;
  pid: number | undefined;
  close(): Promise<void>;
}

interface Turn {
  calls: number;
  ms: number;
  cpuMs: number | undefined;
}

/** The same client code for both servers: connect, list the tools (so outputs get validated), call. */
async function connect(script: string, env: Record<string, string>): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [script],
    env,
    stderr: 'pipe',
  });
  const stderr = tail(transport.stderr);
  const client = new Client({ name: 'settld-bench', version: '1.0.0' });
  let forget: () => void = () => undefined;
  const close = async () => {
    await client.close();
    forget();
  };
  try {
    await withTimeout(client.connect(transport), 15_000, `${script}: connect`);
    const pid = transport.pid ?? undefined;
    if (pid !== undefined) forget = trackPid(pid);
    await client.listTools(undefined, { timeout: CALL_TIMEOUT_MS });
    const first = await callHealth(client);
    if (first.isError || !first.structuredContent) {
      throw new Error(
        `${script}: health did not answer a structured result: ${JSON.stringify(first).slice(0, 300)}`,
      );
    }
    return { client, pid, close };
  } catch (error) {
    await close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr()}`, {
      cause: error,
    });
  }
}

const callHealth = (client: Client) =>
  client.callTool({ name: 'health', arguments: {} }, undefined, { timeout: CALL_TIMEOUT_MS });

/** Sequential calls for `ms`, at most `maxCalls`. */
async function callFor(server: Connected, ms: number, maxCalls: number): Promise<Turn> {
  const cpuBefore = cpuMs(server.pid);
  const started = performance.now();
  let calls = 0;
  while (calls < maxCalls && performance.now() - started < ms) {
    const result = await callHealth(server.client);
    if (result.isError) throw new Error(`health failed: ${JSON.stringify(result.content).slice(0, 300)}`);
    calls++;
  }
  const elapsed = performance.now() - started;
  const cpuAfter = cpuMs(server.pid);
  return {
    calls,
    ms: elapsed,
    cpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
  };
}

function figure(turns: Turn[]): ThroughputFigure {
  const calls = turns.reduce((sum, turn) => sum + turn.calls, 0);
  const seconds = turns.reduce((sum, turn) => sum + turn.ms, 0) / 1000;
  const cpu = turns.every((turn) => turn.cpuMs !== undefined)
    ? turns.reduce((sum, turn) => sum + turn.cpuMs!, 0)
    : undefined;
  return {
    calls,
    seconds: round(seconds, 2),
    callsPerSecond: round(calls / seconds),
    serverCpuMicrosPerCall: cpu === undefined ? undefined : round((cpu * 1000) / calls),
  };
}

/** `health` calls per second over stdio, one client, one call at a time: settld-mcp vs the minimal server. */
export async function benchStdioThroughput(cli: string): Promise<StdioThroughputResult> {
  const home = tempHome();
  const servers: Connected[] = [];
  try {
    const settld = await connect(
      cli,
      benchEnv({ SETTLD_HOME: home.path, SETTLD_RATE_LIMIT_PER_MINUTE: NEVER_REFUSING_RATE_LIMIT }),
    );
    servers.push(settld);
    const minimal = await connect(MINIMAL_STDIO_SERVER, benchEnv());
    servers.push(minimal);
    for (const server of servers) await callFor(server, 10_000, WARM_UP_CALLS);
    const settldTurns: Turn[] = [];
    const minimalTurns: Turn[] = [];
    for (let turn = 0; turn < ROUNDS; turn++) {
      settldTurns.push(await callFor(settld, ROUND_MS, MAX_CALLS_PER_ROUND));
      minimalTurns.push(await callFor(minimal, ROUND_MS, MAX_CALLS_PER_ROUND));
    }
    const result = { settld: figure(settldTurns), minimal: figure(minimalTurns) };
    return {
      ...result,
      goal: goal(result.settld.callsPerSecond / result.minimal.callsPerSecond, 0.8, 'at least'),
    };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    home.remove();
  }
}

const cpuText = (f: ThroughputFigure) =>
  f.serverCpuMicrosPerCall === undefined ? '' : ` (server CPU ${f.serverCpuMicrosPerCall} µs/call)`;

export const describeStdioThroughput = (r: StdioThroughputResult): string =>
  `health over stdio (one client, sequential calls, ${r.settld.seconds} s each): ` +
  `settld-mcp ${r.settld.callsPerSecond} calls/s${cpuText(r.settld)} | ` +
  `minimal SDK server ${r.minimal.callsPerSecond} calls/s${cpuText(r.minimal)} | ${describeGoal(r.goal)}`;
