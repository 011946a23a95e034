import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionRun, FakeGitHub, runAction } from '../test/fakes/fake-github.js';
import { distribution, type Distribution, goal, type Goal } from './stats.js';

/*
 * The GitHub Action on a 3,000-file pull request: the built bundle run as the runner runs it,
 * against the loopback fake GitHub API, which counts every request. The baseline is Node starting
 * an empty script, what any JavaScript action pays before its first line.
 */

const FILES = 3000;
const FOLDERS = 30;
/** Every third folder has no intent: 1,000 files are reported missing. */
const UNCOVERED_EVERY = 3;
const RUNS = 10;

/** 30 pages of 100 files, one GraphQL query for the sticky comment, one write. */
const MIN_REQUESTS = FILES / 100 + 2;
const WALL_RATIO_GOAL = 8;

export interface ActionPrResult {
  files: number;
  missing: number;
  runs: number;
  /** Requests of one run, by kind (the same on every run after the first). */
  requests: Record<string, number>;
  requestsPerRun: number;
  action: Distribution;
  nodeBaseline: Distribution;
  requestsGoal: Goal;
  /** action p50 / bare Node p50. */
  wallGoal: Goal;
}

function kind(method: string, path: string): string {
  if (path.endsWith('/files')) return 'files pages';
  if (path === '/graphql') return 'graphql';
  return method === 'POST' ? 'comment create' : 'comment update';
}

async function bareNode(script: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [script], { stdio: 'ignore' });
  await new Promise((done) => child.on('close', done));
  return performance.now() - started;
}

export async function benchActionPr(): Promise<ActionPrResult> {
  const root = mkdtempSync(join(tmpdir(), 'settld-bench-action-'));
  const github = new FakeGitHub({
    files: Array.from({ length: FILES }, (_, i) => ({ filename: `pkg${i % FOLDERS}/module_${i}.py` })),
  });
  try {
    mkdirSync(join(root, '.settld'));
    const intents = Array.from({ length: FOLDERS }, (_, folder) => folder)
      .filter((folder) => folder % UNCOVERED_EVERY !== 0)
      .map((folder) => ({
        id: `int_bench_${folder}`,
        code: 'F821',
        file: `pkg${folder}/**`,
        status: 'planned',
        owner: 'core',
        ticket: `T4-${folder}`,
      }));
    writeFileSync(
      join(root, '.settld/intents.json'),
      JSON.stringify({ format: 'settld-intents', version: 1, intents }),
    );
    const empty = join(root, 'empty.mjs');
    writeFileSync(empty, '');
    await github.start();

    const actionMs: number[] = [];
    const nodeMs: number[] = [];
    let last: ActionRun | undefined;
    let requests: Record<string, number> = {};
    // The first run creates the comment; it is measured like the others, which update it.
    for (let run = 0; run < RUNS; run++) {
      nodeMs.push(await bareNode(empty));
      const before = github.requests.length;
      last = await runAction({
        event: github.event(),
        apiUrl: github.url,
        token: github.token,
        workspace: root,
        // A new run id each time, as on GitHub: the footer links the run, so the comment is edited.
        env: { GITHUB_RUN_ID: String(5000 + run) },
      });
      actionMs.push(last.durationMs);
      if (last.status !== 1)
        throw new Error(`the action exited ${last.status}:\n${last.stdout.slice(-2000)}`);
      requests = {};
      for (const request of github.requests.slice(before)) {
        const name = kind(request.method, request.path);
        requests[name] = (requests[name] ?? 0) + 1;
      }
    }
    const requestsPerRun = Object.values(requests).reduce((a, b) => a + b, 0);
    const action = distribution(actionMs);
    const nodeBaseline = distribution(nodeMs);
    return {
      files: FILES,
      missing: Number(last?.outputs['missing-count']),
      runs: RUNS,
      requests,
      requestsPerRun,
      action,
      nodeBaseline,
      requestsGoal: goal(requestsPerRun, MIN_REQUESTS, 'at most'),
      wallGoal: goal(action.medianMs / nodeBaseline.medianMs, WALL_RATIO_GOAL, 'at most'),
    };
  } finally {
    await github.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

const met = (g: Goal) => (g.met ? 'met' : 'MISSED');

export const describeActionPr = (r: ActionPrResult): string[] => [
  `GitHub Action, ${r.files.toLocaleString('en-US')}-file PR (bundle against the fake API, ${r.runs} runs, ` +
    `${r.missing.toLocaleString('en-US')} missing): p50 ${r.action.medianMs} ms p90 ${r.action.p90Ms} ms | ` +
    `bare node p50 ${r.nodeBaseline.medianMs} ms | ratio ${r.wallGoal.ratio.toFixed(2)} ` +
    `(goal ≤ ${r.wallGoal.goal}) ${met(r.wallGoal)}`,
  `  GitHub requests per run: ${r.requestsPerRun} (${Object.entries(r.requests)
    .map(([name, n]) => `${n} ${name}`)
    .join(', ')}; goal ≤ ${r.requestsGoal.goal}) ${met(r.requestsGoal)}`,
];
