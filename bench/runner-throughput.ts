import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OPERATOR } from '../core/auth/authenticator.js';
import type { Principal } from '../core/auth/principal.js';
import { utcDay } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { randomBase62 } from '../core/hashing.js';
import { silentLogger } from '../core/observability/logger.js';
import { createPlatform, type Platform } from '../core/platform.js';
import type { LedgerTotals } from '../core/runner/embedded-vault.js';
import type { Runner } from '../core/runner/create-runner.js';
import { openDatabase } from '../core/store/database.js';
import { tempHome } from './children.js';
import { goal, type Goal, median, percentile, round } from './stats.js';

const RUNS = 3000;
const WARM_UP_RUNS = 300;
/** RUNNER_CONCURRENCY's default, then a busier worker. */
const CONCURRENCIES = [4, 16] as const;
const GOAL_RUNS_PER_SECOND = 1000;
const DONE_TIMEOUT_MS = 60_000;

const TENANT = 'acme';
const USER = 'alice';
/** The escrow of a run is its runtime budget (1 unit per ms on the built-in rate card); echo is charged ~1. */
const BUDGETS = { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 1000 };
const DEPOSIT = 1_000_000_000;

/**
 * The writes one echo run makes on the embedded vault, read from the code (worker.ts,
 * run-repository.ts, embedded-vault.ts, audit-repository.ts): 9 write transactions, 20 writes.
 *   1. enqueue: INSERT runner_runs (autocommit)
 *   2. claim (IMMEDIATE): UPDATE runner_runs → opening, with the lease
 *   3. vault open_run (IMMEDIATE): INSERT vault_runs, 2 vault_accounts upserts, 1 vault_journal row
 *   4. UPDATE runner_runs → running, vault_run_id (autocommit)
 *   5. audit runner_run_opened (IMMEDIATE): INSERT audit_log, upsert audit_head
 *   6. UPDATE runner_runs → finalizing, usage, output, output_hash (autocommit)
 *   7. vault finalize (IMMEDIATE): charge and refund transfers (4 vault_accounts upserts, 2 vault_journal
 *      rows), UPDATE vault_runs → finalized
 *   8. UPDATE runner_runs → finalized, receipt, finished_at, lease cleared (autocommit)
 *   9. audit runner_run_finalized (IMMEDIATE): INSERT audit_log, upsert audit_head
 * The real code also makes 31 reads a run (the pause settings 3 times, the agent and its rate cards 8
 * times, the grant 3 times, the vault run by reference, the policy, the balance, the vault run, the
 * audit head twice, the run after its insert and its claim, the pending runs); the baseline leaves
 * reads out, so the gap is the cost of everything but the writes.
 */
const BASELINE_TRANSACTIONS_PER_RUN = 9;
const BASELINE_WRITES_PER_RUN = 20;

export interface PhaseFigure {
  runs: number;
  seconds: number;
  runsPerSecond: number;
  /** CPU time of this process (user + system) per run: a busy machine disturbs it less than the rate. */
  cpuMsPerRun: number;
}

export interface EndToEndFigure extends PhaseFigure {
  concurrency: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
}

export interface RunnerThroughputResult {
  runs: number;
  warmUpRuns: number;
  /** Enqueue all with the worker stopped, then drain: default concurrency. */
  enqueueOnly: PhaseFigure;
  processOnly: PhaseFigure;
  /** The worker started, from the first enqueue until the last run is finalized. */
  endToEnd: EndToEndFigure[];
  baseline: PhaseFigure & { transactionsPerRun: number; writesPerRun: number };
  /** End-to-end runs/s at the default concurrency ÷ the baseline's runs/s. */
  ratio: number;
  /** Its `ratio` is the end-to-end runs/s at the default concurrency. */
  goal: Goal;
  ledger: LedgerTotals[];
}

/** Starts a measurement; `end` takes the elapsed ms when the caller knows it better (from the store). */
function measure(runs: number): { end(elapsedMs?: number): PhaseFigure } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  return {
    end: (elapsedMs = performance.now() - started) => {
      const used = process.cpuUsage(cpu);
      return {
        runs,
        seconds: round(elapsedMs / 1000, 2),
        runsPerSecond: round((runs * 1000) / elapsedMs),
        cpuMsPerRun: round((used.user + used.system) / 1000 / runs, 3),
      };
    },
  };
}

interface Bench {
  platform: Platform;
  runner: Runner;
  principal: Principal;
  remove(): void;
}

async function openBench(concurrency: number): Promise<Bench> {
  const home = tempHome();
  const config = loadConfig({
    SETTLD_HOME: home.path,
    SETTLD_DB: join(home.path, 'settld.db'),
    RUNNER_CONCURRENCY: String(concurrency),
  });
  const platform = createPlatform(config, { logger: silentLogger() });
  const runner = await platform.runner();
  const { key } = await platform.keys.create(OPERATOR, {
    tenant_id: TENANT,
    agent_id: 'bench',
    owner: 'bench',
    scopes: 'runner:read,runner:write',
  });
  const principal = await platform.keys.authenticate(key);
  await runner.service.grant(principal, { user: USER });
  await runner.service.deposit(principal, { user: USER, amount: DEPOSIT });
  return {
    platform,
    runner,
    principal,
    remove: () => {
      home.remove();
    },
  };
}

/** As the REST route does, in-process: one enqueue after the other. */
async function enqueue(bench: Bench, runs: number, label: string): Promise<void> {
  for (let index = 0; index < runs; index++) {
    await bench.runner.service.enqueue(bench.principal, {
      user: USER,
      budgets: BUDGETS,
      workflowId: 'echo',
      input: { index },
      label,
    });
  }
}

async function untilIdle(bench: Bench): Promise<void> {
  const active = bench.platform.db
    .prepare(
      `SELECT COUNT(*) FROM runner_runs WHERE status IN ('pending', 'opening', 'running', 'finalizing')`,
    )
    .pluck();
  const deadline = Date.now() + DONE_TIMEOUT_MS;
  while ((active.get() as number) > 0) {
    if (Date.now() > deadline) throw new Error(`runs still unfinished after ${DONE_TIMEOUT_MS} ms`);
    await sleep(5);
  }
}

/** Every run finalized, audited twice, and the ledger balanced; throws otherwise. */
function check(bench: Bench, expectedRuns: number): LedgerTotals {
  const db = bench.platform.db;
  const statuses = db.prepare('SELECT status, COUNT(*) AS n FROM runner_runs GROUP BY status').all() as {
    status: string;
    n: number;
  }[];
  const finalized = statuses.find((row) => row.status === 'finalized')?.n ?? 0;
  if (finalized !== expectedRuns || statuses.length !== 1) {
    throw new Error(
      `expected ${expectedRuns} finalized runs, found ${statuses.map((row) => `${row.n} ${row.status}`).join(', ')}`,
    );
  }
  const audited = db
    .prepare(`SELECT COUNT(*) FROM audit_log WHERE action IN ('runner_run_opened', 'runner_run_finalized')`)
    .pluck()
    .get() as number;
  if (audited !== 2 * expectedRuns) {
    throw new Error(`expected ${2 * expectedRuns} audit rows of runs, found ${audited}`);
  }
  const totals = bench.runner.ledgerTotals!();
  if (!totals.journalMatches || totals.deposited !== totals.balances + totals.escrow + totals.paidOut) {
    throw new Error(`the ledger does not balance: ${JSON.stringify(totals)}`);
  }
  return totals;
}

async function endToEnd(bench: Bench, concurrency: number): Promise<EndToEndFigure> {
  const label = `e2e-${concurrency}`;
  bench.runner.worker.start();
  const startedAt = Date.now();
  const measurement = measure(RUNS);
  await enqueue(bench, RUNS, label);
  await untilIdle(bench);
  const rows = bench.platform.db
    .prepare('SELECT created_at, finished_at FROM runner_runs WHERE label = ?')
    .all(label) as { created_at: number; finished_at: number }[];
  const finishedAt = Math.max(...rows.map((row) => row.finished_at));
  const latencies = rows.map((row) => row.finished_at - row.created_at);
  return {
    concurrency,
    ...measurement.end(Math.max(1, finishedAt - startedAt)),
    p50LatencyMs: median(latencies),
    p95LatencyMs: percentile(latencies, 95),
  };
}

/**
 * The same writes as one echo run (see above), with the same SQL and transaction kinds, run after
 * run on a fresh store (openDatabase: the same pragmas, schema and indexes); ids and constant values
 * are made up front.
 */
function baseline(path: string, runs: number): PhaseFigure {
  const db = openDatabase(path);
  try {
    const s = {
      insertRun: db.prepare(`INSERT INTO runner_runs
        (id, tenant_id, user, agent_id, rate_version, budgets, workflow_id, input, label, status, attempts,
         requested_by, created_at, updated_at)
        VALUES (?, ?, ?, 1, 1, ?, 'echo', ?, 'baseline', 'pending', 0, ?, ?, ?)`),
      claim: db.prepare(`UPDATE runner_runs SET status = 'opening', attempts = attempts + 1,
        open_reference = id || '#' || (attempts + 1), vault_run_id = NULL,
        lease_owner = ?, lease_expires_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'`),
      insertVaultRun: db.prepare(`INSERT INTO vault_runs
        (reference, user, runner, agent_id, rate_version, budgets, escrow, status, day, opened_at)
        VALUES (?, ?, ?, 1, 1, ?, ?, 'open', ?, ?)`),
      add: db.prepare(`INSERT INTO vault_accounts (account, balance) VALUES (?, ?)
        ON CONFLICT (account) DO UPDATE SET balance = balance + excluded.balance`),
      journal:
        db.prepare(`INSERT INTO vault_journal (reason, debit_account, credit_account, amount, run_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?)`),
      running: db.prepare(`UPDATE runner_runs SET status = ?, updated_at = ?, vault_run_id = ?
        WHERE id = ? AND status IN (?)`),
      finalizing: db.prepare(`UPDATE runner_runs SET status = ?, updated_at = ?, usage = ?, output = ?,
        output_hash = ? WHERE id = ? AND status IN (?)`),
      closeRun: db.prepare(`UPDATE vault_runs SET status = ?, actual_charge = ?, refund = ?, developer = ?,
        output_hash = ?, closed_at = ? WHERE run_id = ? AND status = 'open'`),
      finalized: db.prepare(`UPDATE runner_runs SET status = ?, updated_at = ?, receipt = ?, finished_at = ?,
        lease_owner = ?, lease_expires_at = ? WHERE id = ? AND status IN (?)`),
      audit: db.prepare(`INSERT INTO audit_log
        (seq, at, tenant_id, actor, agent_id, action, target, details, prev_hash, hash)
        VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`),
      auditHead: db.prepare(
        'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
      ),
    };
    const runner = `runner_${'0'.repeat(24)}`;
    const worker = `bench:${process.pid}:${Date.now()}`;
    const user = `${TENANT}/${USER}`;
    const budgets = JSON.stringify(BUDGETS);
    const requestedBy = JSON.stringify({
      kind: 'api_key',
      tenantId: TENANT,
      actor: `api_key:key_${'0'.repeat(16)}`,
      keyId: `key_${'0'.repeat(16)}`,
      agentId: 'bench',
      scopes: ['runner:read', 'runner:write'],
    });
    const hash = 'f'.repeat(64);
    const escrow = BUDGETS.runtimeMs;
    const charge = 1;
    const ids = Array.from({ length: runs }, () => `run_${randomBase62(16)}`);
    let auditSeq = 0;
    const transfer = (
      reason: string,
      from: string,
      to: string,
      amount: number,
      runId: number,
      now: number,
    ) => {
      s.add.run(from, -amount);
      s.add.run(to, amount);
      s.journal.run(reason, from, to, amount, runId, now);
    };
    const audit = (action: string, id: string, details: string, now: number) => {
      auditSeq++;
      s.audit.run(auditSeq, now, TENANT, `runner:${runner}`, action, `run:${id}`, details, hash, hash);
      s.auditHead.run(auditSeq, hash);
    };
    const claim = db.transaction((id: string, now: number) => s.claim.run(worker, now + 30_000, now, id));
    const open = db.transaction((id: string, now: number) => {
      const vaultRunId = Number(
        s.insertVaultRun.run(`${id}#1`, user, runner, budgets, escrow, utcDay(now), now).lastInsertRowid,
      );
      transfer('open_run', `user:${user}`, `escrow:${user}`, escrow, vaultRunId, now);
      return vaultRunId;
    });
    const finalize = db.transaction((vaultRunId: number, now: number) => {
      transfer('finalize_charge', `escrow:${user}`, 'developer:settld-platform', charge, vaultRunId, now);
      transfer('finalize_refund', `escrow:${user}`, `user:${user}`, escrow - charge, vaultRunId, now);
      s.closeRun.run('finalized', charge, escrow - charge, 'settld-platform', hash, now, vaultRunId);
    });
    const recordAudit = db.transaction(audit);

    const measurement = measure(runs);
    for (const [index, id] of ids.entries()) {
      const now = Date.now();
      s.insertRun.run(id, TENANT, USER, budgets, JSON.stringify({ index }), requestedBy, now, now);
      claim.immediate(id, now);
      const vaultRunId = open.immediate(id, now);
      s.running.run('running', now, vaultRunId, id, 'opening');
      const opened = JSON.stringify({ vaultRunId, user: USER, agentId: 1, workflowId: 'echo' });
      recordAudit.immediate('runner_run_opened', id, opened, now);
      const usage = JSON.stringify({ ...BUDGETS, runtimeMs: charge });
      s.finalizing.run('finalizing', now, usage, JSON.stringify({ echo: { index } }), hash, id, 'running');
      finalize.immediate(vaultRunId, now);
      const receipt = {
        runId: vaultRunId,
        actualCharge: charge,
        refund: escrow - charge,
        developer: 'settld-platform',
      };
      s.finalized.run('finalized', now, JSON.stringify(receipt), now, null, null, id, 'finalizing');
      const finalized = JSON.stringify({ vaultRunId, ...receipt, outputHash: hash });
      recordAudit.immediate('runner_run_finalized', id, finalized, now);
    }
    return measurement.end();
  } finally {
    db.close();
  }
}

/**
 * Embedded `echo` runs in-process (the service and the worker on a temporary store, silent logs):
 * enqueue only, process only, and end to end with the worker running at concurrency 4 and 16,
 * against bare SQLite transactions making the same writes (before and after; the faster counts).
 */
export async function benchRunnerThroughput(): Promise<RunnerThroughputResult> {
  const home = tempHome();
  try {
    baseline(join(home.path, 'baseline-warm-up.db'), WARM_UP_RUNS);
    const baselines = [baseline(join(home.path, 'baseline-1.db'), RUNS)];
    const ledger: LedgerTotals[] = [];
    const e2e: EndToEndFigure[] = [];
    let enqueueOnly: PhaseFigure | undefined;
    let processOnly: PhaseFigure | undefined;
    for (const concurrency of CONCURRENCIES) {
      process.stderr.write(`runnerThroughput: concurrency ${concurrency}…\n`);
      const bench = await openBench(concurrency);
      try {
        await enqueue(bench, WARM_UP_RUNS, 'warm-up');
        await bench.runner.worker.drain();
        let expected = WARM_UP_RUNS;
        if (concurrency === CONCURRENCIES[0]) {
          let measurement = measure(RUNS);
          await enqueue(bench, RUNS, 'split');
          enqueueOnly = measurement.end();
          measurement = measure(RUNS);
          await bench.runner.worker.drain();
          processOnly = measurement.end();
          expected += RUNS;
        }
        e2e.push(await endToEnd(bench, concurrency));
        expected += RUNS;
        ledger.push(check(bench, expected));
      } finally {
        await bench.platform.close();
        bench.remove();
      }
    }
    baselines.push(baseline(join(home.path, 'baseline-2.db'), RUNS));
    const base = baselines.reduce((best, figure) =>
      figure.runsPerSecond > best.runsPerSecond ? figure : best,
    );
    const main = e2e[0]!;
    return {
      runs: RUNS,
      warmUpRuns: WARM_UP_RUNS,
      enqueueOnly: enqueueOnly!,
      processOnly: processOnly!,
      endToEnd: e2e,
      baseline: {
        ...base,
        transactionsPerRun: BASELINE_TRANSACTIONS_PER_RUN,
        writesPerRun: BASELINE_WRITES_PER_RUN,
      },
      ratio: round(main.runsPerSecond / base.runsPerSecond, 3),
      goal: goal(main.runsPerSecond, GOAL_RUNS_PER_SECOND, 'at least'),
      ledger,
    };
  } finally {
    home.remove();
  }
}

const count = (n: number) => n.toLocaleString('en-US');
const cpu = (f: PhaseFigure) => `${f.cpuMsPerRun.toFixed(2)} ms CPU a run`;

export const describeRunnerThroughput = (r: RunnerThroughputResult): string[] => [
  `runner in-process (embedded vault, echo, ${count(r.runs)} runs, worker running): end to end ` +
    r.endToEnd
      .map(
        (e) =>
          `${count(e.runsPerSecond)} runs/s at concurrency ${e.concurrency} (${cpu(e)}; ` +
          `enqueue→finalized p50 ${e.p50LatencyMs} ms p95 ${e.p95LatencyMs} ms)`,
      )
      .join(', ') +
    ` | bare SQLite, the same ${r.baseline.transactionsPerRun} transactions and ${r.baseline.writesPerRun} writes ` +
    `a run: ${count(r.baseline.runsPerSecond)} runs/s (${cpu(r.baseline)}) | ratio ${r.ratio.toFixed(2)} | ` +
    `${count(r.goal.ratio)} runs/s (goal ≥ ${count(r.goal.goal)} runs/s) ${r.goal.met ? 'met' : 'MISSED'}`,
  `  worker stopped: enqueue only ${count(r.enqueueOnly.runsPerSecond)} runs/s (${cpu(r.enqueueOnly)}), ` +
    `then process only ${count(r.processOnly.runsPerSecond)} runs/s (${cpu(r.processOnly)}) at concurrency ` +
    `${r.endToEnd[0]?.concurrency} · every run finalized and audited, the ledger balanced`,
];
