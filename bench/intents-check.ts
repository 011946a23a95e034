import { join } from 'node:path';
import { AuditLog } from '../core/audit/audit-log.js';
import { SqliteAuditRepository } from '../core/audit/audit-repository.js';
import type { Principal } from '../core/auth/principal.js';
import { DEFAULT_TENANT_ID } from '../core/auth/tenants.js';
import { systemClock } from '../core/clock.js';
import { SqliteIntentRepository } from '../core/intents/intent-repository.js';
import { IntentService } from '../core/intents/intent-service.js';
import type { PrePrCheckResult } from '../core/intents/pre-pr-check.js';
import { SEED_DIRS, seedFilePath, seedIntents } from '../core/intents/seed.js';
import { SecretRedactor } from '../core/observability/redact.js';
import { openDatabase, type SqliteDatabase } from '../core/store/database.js';
import { tempHome } from './children.js';
import { goal, type Goal, median, percentile, round } from './stats.js';

const SMALL_REGISTRY = 10_000;
const LARGE_REGISTRY = 1_000_000;
/** Both registries get the same globs: people write globs, so they stay few as placeholders pile up. */
const GLOBS = 100;
const CRITICAL_CODES = ['F821', 'F401'];
const WARM_UP_RUNS = 5;
const RUNS = 30;

/** The PR: 3,000 files, in three kinds. */
const EXACT_FILES = 1500;
const FILES_PER_GLOB = 9;
const NEW_FILES = 600;

const P50_GOAL_MS = 50;
const RATIO_GOAL = 1.5;

export interface RegistryFigure {
  intents: number;
  globs: number;
  seedSeconds: number;
  p50Ms: number;
  p95Ms: number;
  samplesMs: number[];
}

export interface IntentsCheckResult {
  files: number;
  codes: string[];
  runs: number;
  workload: { exactPath: number; underGlobs: number; uncovered: number; missing: number };
  small: RegistryFigure;
  large: RegistryFigure;
  /** Its `ratio` is the large registry's p50 in ms. */
  p50Goal: Goal;
  ratioGoal: Goal;
}

interface Registry {
  db: SqliteDatabase;
  service: IntentService;
  figure: Omit<RegistryFigure, 'p50Ms' | 'p95Ms' | 'samplesMs'>;
}

/** The local user of the default tenant, with only `intents:read`: no run can write, so runs compare. */
const CHECKER: Principal = {
  kind: 'local',
  tenantId: DEFAULT_TENANT_ID,
  scopes: new Set(['intents:read']),
  actor: 'local:bench',
  agentId: 'bench',
  rateLimitKey: 'bench',
};

const dirOf = (index: number) => `seed/d${String(index % SEED_DIRS).padStart(3, '0')}`;

/**
 * Files the small registry already knows (so both registries hold the same intents for them),
 * generated files under every seeded glob (seedIntents bases glob j at d(j*37 mod 1000) and names
 * its files generated_j_*), and new files: half in seeded folders, under the globs' bases, half
 * in a tree the registry has never seen. Sorted, as `git diff --name-only` and GitHub list them.
 */
function prFiles(): string[] {
  const exact = Array.from({ length: EXACT_FILES }, (_, i) => seedFilePath(i * 3));
  const generated = Array.from({ length: GLOBS * FILES_PER_GLOB }, (_, i) => {
    const glob = i % GLOBS;
    return `${dirOf(glob * 37)}/gen/generated_${glob}_${Math.floor(i / GLOBS)}.py`;
  });
  const fresh = Array.from({ length: NEW_FILES }, (_, i) =>
    i % 2 === 0 ? `${dirOf(i * 7)}/new_${i}.py` : `src/pkg${i % 30}/module_${i}.py`,
  );
  return [...exact, ...generated, ...fresh].sort();
}

function openRegistry(path: string, intents: number): Registry {
  process.stderr.write(`intentsCheck: seeding ${intents.toLocaleString('en-US')} intents…\n`);
  const started = performance.now();
  const db = openDatabase(path);
  seedIntents(db, DEFAULT_TENANT_ID, intents, { globs: GLOBS });
  // A registry that grew over months is in the database file, not in a write-ahead log.
  db.pragma('wal_checkpoint(TRUNCATE)');
  const seedSeconds = round((performance.now() - started) / 1000, 1);
  process.stderr.write(`intentsCheck: seeded in ${seedSeconds} s\n`);
  const audit = new AuditLog(new SqliteAuditRepository(db), systemClock, new SecretRedactor());
  const service = new IntentService(new SqliteIntentRepository(db), audit, systemClock);
  return { db, service, figure: { intents, globs: GLOBS, seedSeconds } };
}

async function timedCheck(registry: Registry, files: string[]): Promise<[number, PrePrCheckResult]> {
  const started = performance.now();
  const result = await registry.service.prePrCheck(CHECKER, { files, critical_codes: CRITICAL_CODES });
  return [performance.now() - started, result];
}

function figure(registry: Registry, samplesMs: number[]): RegistryFigure {
  return {
    ...registry.figure,
    p50Ms: round(median(samplesMs), 1),
    p95Ms: round(percentile(samplesMs, 95), 1),
    samplesMs: samplesMs.map((ms) => round(ms, 1)),
  };
}

/**
 * The pre-PR check in-process (the service, its query and its rule; no transport) on one PR,
 * against a small and a large registry holding the same intents for the PR's files, alternately.
 */
export async function benchIntentsCheck(): Promise<IntentsCheckResult> {
  const home = tempHome();
  const registries: Registry[] = [];
  try {
    const small = openRegistry(join(home.path, 'small.db'), SMALL_REGISTRY);
    registries.push(small);
    const large = openRegistry(join(home.path, 'large.db'), LARGE_REGISTRY);
    registries.push(large);
    const files = prFiles();
    let expected: PrePrCheckResult | undefined;
    for (let run = 0; run < WARM_UP_RUNS; run++) {
      for (const registry of registries) {
        const [, result] = await timedCheck(registry, files);
        expected ??= result;
        if (result.checked !== files.length || result.missing.length !== expected.missing.length) {
          throw new Error(
            `the registries disagree: ${result.checked} checked, ${result.missing.length} missing ` +
              `(expected ${files.length} and ${expected.missing.length})`,
          );
        }
      }
    }
    const smallMs: number[] = [];
    const largeMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Alternate which goes first, so neither always runs right after the other.
      const order = run % 2 === 0 ? [small, large] : [large, small];
      for (const registry of order) {
        const [ms] = await timedCheck(registry, files);
        (registry === small ? smallMs : largeMs).push(ms);
      }
    }
    const smallFigure = figure(small, smallMs);
    const largeFigure = figure(large, largeMs);
    return {
      files: files.length,
      codes: CRITICAL_CODES,
      runs: RUNS,
      workload: {
        exactPath: EXACT_FILES,
        underGlobs: GLOBS * FILES_PER_GLOB,
        uncovered: NEW_FILES,
        missing: expected?.missing.length ?? 0,
      },
      small: smallFigure,
      large: largeFigure,
      p50Goal: goal(largeFigure.p50Ms, P50_GOAL_MS, 'at most'),
      ratioGoal: goal(median(largeMs) / median(smallMs), RATIO_GOAL, 'at most'),
    };
  } finally {
    for (const registry of registries) registry.db.close();
    home.remove();
  }
}

const count = (n: number) => n.toLocaleString('en-US');
const met = (g: Goal) => (g.met ? 'met' : 'MISSED');

export const describeIntentsCheck = (r: IntentsCheckResult): string[] => [
  `pre-PR check in-process (service, SQLite query and rule; no transport), ${count(r.files)} files × ` +
    `${r.codes.length} codes, read-only, ${r.runs} runs each: ` +
    `${count(r.small.intents)} intents p50 ${r.small.p50Ms} ms p95 ${r.small.p95Ms} ms | ` +
    `${count(r.large.intents)} intents p50 ${r.large.p50Ms} ms p95 ${r.large.p95Ms} ms | ` +
    `p50 ${r.p50Goal.ratio} ms (goal ≤ ${r.p50Goal.goal} ms) ${met(r.p50Goal)} | ` +
    `ratio ${r.ratioGoal.ratio.toFixed(2)} (goal ≤ ${r.ratioGoal.goal}) ${met(r.ratioGoal)}`,
  `  PR: ${count(r.workload.exactPath)} files with literal intents, ${count(r.workload.underGlobs)} under ` +
    `${r.large.globs} globs, ${count(r.workload.uncovered)} new; ${count(r.workload.missing)} missing an intent · ` +
    `seeded in ${r.small.seedSeconds} s and ${r.large.seedSeconds} s`,
];
