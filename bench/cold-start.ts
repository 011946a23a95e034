import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { benchEnv, spawnNode, stop, tail, tempHome } from './children.js';
import { MINIMAL_STDIO_SERVER } from './paths.js';
import { describeGoal, type Distribution, distribution, goal, type Goal } from './stats.js';

const RUNS = 15;
const ANSWER_TIMEOUT_MS = 15_000;

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: LATEST_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'settld-bench', version: '1.0.0' },
  },
})}\n`;

export interface ColdStartResult {
  runs: number;
  settld: Distribution;
  minimal: Distribution;
  goal: Goal;
}

/**
 * Spawn → initialize answer, as an agent host sees it: the request is written to stdin at once
 * (the pipe holds it until the server reads) and the clock stops at the first line on stdout.
 */
async function timeToInitializeAnswer(script: string, env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawnNode(script, [], env);
  const stderr = tail(child.stderr);
  try {
    child.stdin?.write(INITIALIZE);
    const line = await new Promise<string>((done, fail) => {
      let stdout = '';
      const timer = setTimeout(
        () => fail(new Error(`no answer in ${ANSWER_TIMEOUT_MS} ms`)),
        ANSWER_TIMEOUT_MS,
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const end = stdout.indexOf('\n');
        if (end >= 0) {
          clearTimeout(timer);
          done(stdout.slice(0, end));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`exited with ${code} before answering`));
      });
    });
    const elapsed = performance.now() - started;
    const answer = JSON.parse(line) as { id?: number; result?: { protocolVersion?: string } };
    if (answer.id !== 1 || answer.result?.protocolVersion !== LATEST_PROTOCOL_VERSION) {
      throw new Error(`unexpected initialize answer: ${line.slice(0, 300)}`);
    }
    return elapsed;
  } catch (error) {
    throw new Error(`${script}: ${error instanceof Error ? error.message : String(error)}\n${stderr()}`, {
      cause: error,
    });
  } finally {
    await stop(child);
  }
}

/** settld-mcp (stdio, migrated database) against the SDK's minimal server, interleaved. */
export async function benchColdStart(cli: string): Promise<ColdStartResult> {
  const home = tempHome();
  try {
    const settldEnv = benchEnv({ SETTLD_HOME: home.path });
    const minimalEnv = benchEnv();
    // Untimed first runs: settld-mcp creates and migrates its database, both warm the file cache.
    await timeToInitializeAnswer(cli, settldEnv);
    await timeToInitializeAnswer(MINIMAL_STDIO_SERVER, minimalEnv);
    const settld: number[] = [];
    const minimal: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Alternate which goes first, so neither always runs right after the other's exit.
      if (run % 2 === 0) {
        settld.push(await timeToInitializeAnswer(cli, settldEnv));
        minimal.push(await timeToInitializeAnswer(MINIMAL_STDIO_SERVER, minimalEnv));
      } else {
        minimal.push(await timeToInitializeAnswer(MINIMAL_STDIO_SERVER, minimalEnv));
        settld.push(await timeToInitializeAnswer(cli, settldEnv));
      }
    }
    const result = { runs: RUNS, settld: distribution(settld), minimal: distribution(minimal) };
    return { ...result, goal: goal(result.settld.medianMs / result.minimal.medianMs, 1.5, 'at most') };
  } finally {
    home.remove();
  }
}

export const describeColdStart = (r: ColdStartResult): string =>
  `cold start (spawn → initialize answer, ${r.runs} runs each): ` +
  `settld-mcp median ${Math.round(r.settld.medianMs)} ms p90 ${Math.round(r.settld.p90Ms)} ms | ` +
  `minimal SDK server median ${Math.round(r.minimal.medianMs)} ms p90 ${Math.round(r.minimal.p90Ms)} ms | ` +
  describeGoal(r.goal);
