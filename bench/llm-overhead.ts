import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import OpenAI from 'openai';
import { FakeLlmProvider } from '../test/fakes/fake-llm-provider.js';
import {
  benchEnv,
  cpuMs,
  NEVER_REFUSING_RATE_LIMIT,
  spawnNode,
  stop,
  tail,
  tempHome,
  trackPid,
  withTimeout,
} from './children.js';
import { goal, type Goal, median, percentile, round } from './stats.js';

const MODEL = 'gpt-4o-mini';
const MAX_COMPLETION_TOKENS = 256;
const DIFF = `--- a/core/intents/paths.ts
+++ b/core/intents/paths.ts
@@ -42,9 +42,12 @@ export function ancestorPaths(path: string): string[] {
-  const out = [''];
-  for (const segment of path.split('/')) out.push(out.length === 1 ? segment : \`\${out.at(-1)}/\${segment}\`);
-  return out;
+  const out = [''];
+  let at = path.indexOf('/');
+  while (at !== -1) {
+    out.push(path.slice(0, at));
+    at = path.indexOf('/', at + 1);
+  }
+  out.push(path);
+  return out;
 }`;
/** An agent's everyday request: a short instruction and a diff to review. */
const MESSAGES = [
  { role: 'system', content: 'You review code changes. Answer in three sentences or fewer.' },
  { role: 'user', content: `What does this diff change, and is it safe to merge?\n\n${DIFF}` },
] as const;
/**
 * The key's daily budget, in USD. Each call reserves its worst case, about 200 prompt tokens at
 * $0.15/M and 256 completion tokens at $0.60/M ≈ $0.0002, so a thousand calls hold $0.20 at most.
 */
const DAILY_LIMIT_USD = 100;
/** A dummy for the provider's key: the fake accepts anything, and it must never be a real one. */
const PROVIDER_KEY = 'sk-bench-not-a-real-key';

const WARM_UP_CALLS = 50;
/** Each path gets ROUNDS turns of CALLS_PER_ROUND calls, alternating, so a busy moment hits both. */
const ROUNDS = 10;
const CALLS_PER_ROUND = 40;
const CALL_TIMEOUT_MS = 10_000;
const CLI_TIMEOUT_MS = 30_000;
const OVERHEAD_GOAL_MS = 2;

export interface LatencyFigure {
  calls: number;
  p50Ms: number;
  p95Ms: number;
}

export interface LlmOverheadResult {
  model: string;
  maxCompletionTokens: number;
  mcp: LatencyFigure & { serverCpuMicrosPerCall: number | undefined };
  direct: LatencyFigure;
  overheadP50Ms: number;
  /** Its `ratio` is the p50 overhead in ms. */
  goal: Goal;
}

/** `keys create` of the bundled CLI, as an operator would issue an agent's key; returns the key. */
async function createKey(cli: string, home: string): Promise<string> {
  const child = spawnNode(
    cli,
    [
      'keys',
      'create',
      '--agent_id',
      'bench-agent',
      '--owner',
      'bench',
      '--daily_limit',
      String(DAILY_LIMIT_USD),
      '--json',
    ],
    benchEnv({ SETTLD_HOME: home }),
  );
  const stdout = tail(child.stdout, 100_000);
  const stderr = tail(child.stderr);
  child.stdin?.end();
  const code = await withTimeout(
    // `close`, not `exit`: stdout may still hold the key when the process has exited.
    new Promise<number | null>((done) => child.once('close', (exitCode: number | null) => done(exitCode))),
    CLI_TIMEOUT_MS,
    'keys create',
  ).finally(() => stop(child));
  if (code !== 0) throw new Error(`keys create exited with ${code}:\n${stderr()}`);
  const { key } = JSON.parse(stdout()) as { key?: unknown };
  if (typeof key !== 'string') throw new Error(`keys create printed no key: ${stdout().slice(0, 300)}`);
  return key;
}

interface Connected {
  client: Client;
  pid: number | undefined;
  close(): Promise<void>;
}

/** The bundled bin over stdio, as an agent host starts it; tools listed, so outputs get validated. */
async function connect(cli: string, env: Record<string, string>): Promise<Connected> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [cli], env, stderr: 'pipe' });
  const stderr = tail(transport.stderr);
  const client = new Client({ name: 'settld-bench', version: '1.0.0' });
  let forget: () => void = () => undefined;
  const close = async () => {
    await client.close();
    forget();
  };
  try {
    await withTimeout(client.connect(transport), 15_000, 'settld-mcp: connect');
    const pid = transport.pid ?? undefined;
    if (pid !== undefined) forget = trackPid(pid);
    await client.listTools(undefined, { timeout: CALL_TIMEOUT_MS });
    return { client, pid, close };
  } catch (error) {
    await close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr()}`, {
      cause: error,
    });
  }
}

async function chatOverMcp(client: Client): Promise<void> {
  const result = await client.callTool(
    {
      name: 'llm_chat',
      arguments: { messages: MESSAGES, model: MODEL, max_completion_tokens: MAX_COMPLETION_TOKENS },
    },
    undefined,
    { timeout: CALL_TIMEOUT_MS },
  );
  const answer = result.structuredContent as { request_id?: unknown; cost_micros?: unknown } | undefined;
  if (result.isError || typeof answer?.request_id !== 'string' || typeof answer.cost_micros !== 'number') {
    throw new Error(`llm_chat failed: ${JSON.stringify(result.content).slice(0, 300)}`);
  }
}

/** The same request as the product sends it (core/llm/openai-provider.ts), without settld between. */
async function chatDirect(openai: OpenAI): Promise<void> {
  const { data } = await openai.chat.completions
    .create({ model: MODEL, messages: [...MESSAGES], max_completion_tokens: MAX_COMPLETION_TOKENS })
    .withResponse();
  if (!data.choices[0]?.message.content || !data.usage) {
    throw new Error(`the provider's answer has no text or usage: ${JSON.stringify(data).slice(0, 300)}`);
  }
}

/** Sequential calls, each timed on its own. */
async function timedCalls(calls: number, call: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  return samples;
}

const latency = (samples: number[]): LatencyFigure => ({
  calls: samples.length,
  p50Ms: round(median(samples), 2),
  p95Ms: round(percentile(samples, 95), 2),
});

/**
 * `llm_chat` over MCP stdio (the bundled bin, an API key with a daily limit: authentication,
 * tokenizing, pricing, reservation, provider call, settle and ledger) against the same request
 * sent straight to the same loopback fake provider with the openai package, in the same run.
 */
export async function benchLlmOverhead(cli: string): Promise<LlmOverheadResult> {
  const home = tempHome();
  const fake = await FakeLlmProvider.start();
  let server: Connected | undefined;
  try {
    const key = await createKey(cli, home.path);
    server = await connect(
      cli,
      benchEnv({
        SETTLD_HOME: home.path,
        SETTLD_API_KEY: key,
        OPENAI_BASE_URL: fake.baseUrl,
        OPENAI_API_KEY: PROVIDER_KEY,
        SETTLD_RATE_LIMIT_PER_MINUTE: NEVER_REFUSING_RATE_LIMIT,
      }),
    );
    const { client, pid } = server;
    // The product's defaults: SETTLD_LLM_TIMEOUT_MS and SETTLD_LLM_MAX_RETRIES.
    const openai = new OpenAI({
      apiKey: PROVIDER_KEY,
      baseURL: fake.baseUrl,
      timeout: 60_000,
      maxRetries: 2,
    });
    const viaMcp = () => chatOverMcp(client);
    const direct = () => chatDirect(openai);
    await timedCalls(WARM_UP_CALLS, viaMcp);
    await timedCalls(WARM_UP_CALLS, direct);
    const mcpMs: number[] = [];
    const directMs: number[] = [];
    const serverCpuTurns: (number | undefined)[] = [];
    const measureMcp = async () => {
      const before = cpuMs(pid);
      mcpMs.push(...(await timedCalls(CALLS_PER_ROUND, viaMcp)));
      const after = cpuMs(pid);
      serverCpuTurns.push(before === undefined || after === undefined ? undefined : after - before);
    };
    const measureDirect = async () => {
      directMs.push(...(await timedCalls(CALLS_PER_ROUND, direct)));
    };
    for (let turn = 0; turn < ROUNDS; turn++) {
      const order = turn % 2 === 0 ? [measureMcp, measureDirect] : [measureDirect, measureMcp];
      for (const measure of order) await measure();
    }
    // One provider request per call: a retry would hide in the MCP figure and make it look slower.
    const expectedRequests = 2 * (WARM_UP_CALLS + ROUNDS * CALLS_PER_ROUND);
    if (fake.chatRequests().length !== expectedRequests) {
      throw new Error(
        `the provider got ${fake.chatRequests().length} requests for ${expectedRequests} calls`,
      );
    }
    const overhead = median(mcpMs) - median(directMs);
    const serverCpuMs = serverCpuTurns.every((ms) => ms !== undefined)
      ? serverCpuTurns.reduce((sum, ms) => sum + ms, 0)
      : undefined;
    return {
      model: MODEL,
      maxCompletionTokens: MAX_COMPLETION_TOKENS,
      mcp: {
        ...latency(mcpMs),
        serverCpuMicrosPerCall:
          serverCpuMs === undefined ? undefined : round((serverCpuMs * 1000) / mcpMs.length),
      },
      direct: latency(directMs),
      overheadP50Ms: round(overhead, 2),
      goal: goal(overhead, OVERHEAD_GOAL_MS, 'at most'),
    };
  } finally {
    await server?.close();
    await fake.close();
    home.remove();
  }
}

export const describeLlmOverhead = (r: LlmOverheadResult): string =>
  `llm_chat over MCP stdio (bundled bin, API key with a daily limit) vs the same request straight to ` +
  `the loopback fake provider with the openai package, ${r.mcp.calls} sequential calls each: ` +
  `MCP p50 ${r.mcp.p50Ms} ms p95 ${r.mcp.p95Ms} ms` +
  (r.mcp.serverCpuMicrosPerCall === undefined
    ? ''
    : ` (server CPU ${r.mcp.serverCpuMicrosPerCall} µs/call)`) +
  ` | direct p50 ${r.direct.p50Ms} ms p95 ${r.direct.p95Ms} ms | ` +
  `overhead p50 ${r.overheadP50Ms} ms (goal ≤ ${r.goal.goal} ms) ${r.goal.met ? 'met' : 'MISSED'}`;
