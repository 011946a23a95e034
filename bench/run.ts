// `npm run bench`: each benchmark against its baseline, one after the other (they would compete for
// the CPU otherwise), a readable report on stdout and the figures in bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, relative } from 'node:path';
import { benchActionPr, describeActionPr } from './action-pr.js';
import { killAll, removeHomes } from './children.js';
import { benchColdStart, describeColdStart } from './cold-start.js';
import { removeSnapshot, snapshotBundle, sourcesNewerThan } from './bundle-snapshot.js';
import { benchIntentsCheck, describeIntentsCheck } from './intents-check.js';
import { benchLlmOverhead, describeLlmOverhead } from './llm-overhead.js';
import { benchOnboarding, describeOnboarding } from './onboarding.js';
import { RESULTS_FILE, ROOT, SELECTED_RESULTS_FILE } from './paths.js';
import { benchRestThroughput, describeRestThroughput } from './rest-throughput.js';
import { benchRunnerThroughput, describeRunnerThroughput } from './runner-throughput.js';
import { benchStdioThroughput, describeStdioThroughput } from './stdio-throughput.js';
import type { Goal } from './stats.js';

interface Outcome {
  result: unknown;
  lines: string[];
  goals: Goal[];
}

const BENCHMARKS: { name: string; run: (cli: string) => Promise<Outcome> }[] = [
  {
    name: 'coldStart',
    run: async (cli) => {
      const result = await benchColdStart(cli);
      return { result, lines: [describeColdStart(result)], goals: [result.goal] };
    },
  },
  {
    name: 'stdioThroughput',
    run: async (cli) => {
      const result = await benchStdioThroughput(cli);
      return { result, lines: [describeStdioThroughput(result)], goals: [result.goal] };
    },
  },
  {
    name: 'restThroughput',
    run: async (cli) => {
      const result = await benchRestThroughput(cli);
      return { result, lines: describeRestThroughput(result), goals: [result.goal] };
    },
  },
  {
    name: 'llmOverhead',
    run: async (cli) => {
      const result = await benchLlmOverhead(cli);
      return { result, lines: [describeLlmOverhead(result)], goals: [result.goal] };
    },
  },
  {
    name: 'intentsCheck',
    run: async () => {
      const result = await benchIntentsCheck();
      return { result, lines: describeIntentsCheck(result), goals: [result.p50Goal, result.ratioGoal] };
    },
  },
  {
    name: 'onboarding',
    run: async (cli) => {
      const result = await benchOnboarding(cli);
      return { result, lines: describeOnboarding(result), goals: [] };
    },
  },
  {
    name: 'runnerThroughput',
    run: async () => {
      const result = await benchRunnerThroughput();
      return { result, lines: describeRunnerThroughput(result), goals: [result.goal] };
    },
  },
  {
    name: 'actionPr',
    run: async () => {
      const result = await benchActionPr();
      return { result, lines: describeActionPr(result), goals: [result.requestsGoal, result.wallGoal] };
    },
  },
];

/** `npm run bench -- restThroughput llmOverhead` runs only the named benchmarks (all when none is named). */
function selectedBenchmarks(names: string[]): typeof BENCHMARKS {
  const unknown = names.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark(s) ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
  }
  return names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => names.includes(b.name));
}

async function run(): Promise<number> {
  const benchmarks = selectedBenchmarks(process.argv.slice(2));
  const cli = await snapshotBundle();
  const stale = sourcesNewerThan(cli);
  if (stale.length > 0) {
    process.stderr.write(
      `warning: ${stale.length} source file(s) changed after dist/cli was bundled ` +
        `(${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}): run \`npm run bundle\` to measure them\n`,
    );
  }
  const cpu = cpus();
  const load = loadavg()[0]!;
  process.stdout.write(
    `settld-mcp bench · node ${process.version} · ${cpu.length} × ${cpu[0]?.model ?? 'cpu'} · load ${load.toFixed(2)}\n`,
  );
  if (load > cpu.length / 2) {
    process.stdout.write(
      'warning: the machine is busy: trust the ratios and the server CPU per operation more than the rates\n',
    );
  }
  process.stdout.write('\n');
  const report: Record<string, unknown> = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model,
    loadAverage: Number(load.toFixed(2)),
    bundleStaleSources: stale,
  };
  let failed = 0;
  const goals: Goal[] = [];
  for (const benchmark of benchmarks) {
    try {
      const outcome = await benchmark.run(cli);
      report[benchmark.name] = outcome.result;
      goals.push(...outcome.goals);
      for (const line of outcome.lines) process.stdout.write(`${line}\n`);
    } catch (error) {
      failed++;
      const message = error instanceof Error ? error.message : String(error);
      report[benchmark.name] = { error: message };
      process.stdout.write(`${benchmark.name}: FAILED: ${message}\n`);
    } finally {
      killAll();
    }
  }
  const met = goals.filter((g) => g.met).length;
  process.stdout.write(
    `\ngoals met: ${met} of ${goals.length}${failed > 0 ? ` · ${failed} benchmark(s) failed` : ''}\n`,
  );
  // A partial run must not replace the full figures the README quotes.
  const file = benchmarks === BENCHMARKS ? RESULTS_FILE : SELECTED_RESULTS_FILE;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`figures written to ${relative(ROOT, file)}\n`);
  return failed > 0 ? 1 : 0;
}

process.on('exit', () => {
  killAll();
  removeHomes();
  removeSnapshot();
});
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => process.exit(code));
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
