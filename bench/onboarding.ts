// The onboarding loop's wall times (issue 6): the conformance matrix for three hosts against
// settld-mcp, and the whole `settld-mcp onboard` loop. The baseline, measured in the same run, is
// what no implementation can avoid: the matrix starts the server once per host, so three cold
// starts of the bin to its initialize answer (cold-start.ts measures that alone).
import { spawn } from 'node:child_process';
import { benchEnv, tempHome, trackPid } from './children.js';
import { benchColdStart } from './cold-start.js';
import { type Distribution, distribution, round } from './stats.js';

const RUNS = 3;
const TIMEOUT_MS = 120_000;

export interface OnboardingBenchResult {
  runs: number;
  matrix: Distribution;
  onboard: Distribution;
  /** Three cold starts of the bin: the floor of a three-host matrix. */
  threeColdStartsMs: number;
  matrixOverFloor: number;
}

interface Finished {
  ms: number;
  stdout: string;
}

/** Runs the bin to completion; a non-zero exit (except `allowed`) fails the benchmark with its output. */
function runCli(
  cli: string,
  args: string[],
  env: Record<string, string>,
  allowed: number[] = [0],
): Promise<Finished> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const untrack = child.pid === undefined ? () => undefined : trackPid(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      untrack();
      if (code !== null && allowed.includes(code)) done({ ms: performance.now() - started, stdout });
      else fail(new Error(`settld-mcp ${args.join(' ')} exited with ${code}:\n${stderr}`));
    });
  });
}

export async function benchOnboarding(cli: string): Promise<OnboardingBenchResult> {
  const matrix: number[] = [];
  const onboard: number[] = [];
  const serverCommand = `${process.execPath} ${cli}`;
  for (let run = 0; run < RUNS; run++) {
    const home = tempHome();
    try {
      const env = benchEnv({ SETTLD_HOME: home.path });
      const result = await runCli(
        cli,
        ['matrix', '--server-command', serverCommand, '--env', `SETTLD_HOME=${home.path}`, '--json'],
        env,
      );
      const parsed = JSON.parse(result.stdout) as { ready: boolean; targets: unknown[] };
      if (!parsed.ready || parsed.targets.length !== 3)
        throw new Error('the matrix was not ready for three hosts');
      matrix.push(result.ms);
      const loop = await runCli(cli, ['onboard', '--json'], env);
      const steps = JSON.parse(loop.stdout) as { ok: boolean };
      if (!steps.ok) throw new Error(`the onboarding loop failed: ${loop.stdout.slice(0, 2000)}`);
      onboard.push(loop.ms);
    } finally {
      home.remove();
    }
  }
  const coldStart = await benchColdStart(cli);
  const threeColdStartsMs = 3 * coldStart.settld.medianMs;
  const matrixDistribution = distribution(matrix);
  return {
    runs: RUNS,
    matrix: matrixDistribution,
    onboard: distribution(onboard),
    threeColdStartsMs,
    matrixOverFloor: round(matrixDistribution.medianMs / threeColdStartsMs, 2),
  };
}

export const describeOnboarding = (r: OnboardingBenchResult): string[] => [
  `onboarding (bundled bin, ${r.runs} runs each): conformance matrix for codex, claude, openhands ` +
    `median ${Math.round(r.matrix.medianMs)} ms (${r.matrixOverFloor}× three cold starts of the bin, ` +
    `${Math.round(r.threeColdStartsMs)} ms) | whole \`settld-mcp onboard\` loop (bootstrap, smoke test, ` +
    `first paid call, matrix) median ${Math.round(r.onboard.medianMs)} ms`,
];
