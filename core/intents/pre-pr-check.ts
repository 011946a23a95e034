import { z } from 'zod';
import { tenantIdSchema } from '../auth/tenants.js';
import { type Finding, findingsInputSchema, parseFindings } from './findings.js';
import { intentFileMatches } from './glob-matcher.js';
import { type IntentStatus, intentViewSchema, SATISFYING_STATUSES } from './model.js';
import { ancestorPaths, isAbsoluteOsPath, MAX_PATH_LENGTH, normaliseRepoPath } from './paths.js';
import { intentCodeSchema } from './schemas.js';

/*
 * The pre-PR rule, written once: the SQLite-backed service and the registry-file checker (the
 * GitHub Action, which has no SQLite) both plan with `planPrePrCheck`, fetch candidates their own
 * way, and decide with `evaluatePrePr`.
 */

export const MAX_CHECK_FILES = 20_000;

export const prePrCheckInputSchema = z.object({
  tenant_id: tenantIdSchema
    .optional()
    .describe('Tenant (operator only; an API key always acts in its own tenant)'),
  files: z
    .array(
      z
        .string()
        .min(1)
        .max(MAX_PATH_LENGTH * 2),
    )
    .max(MAX_CHECK_FILES)
    .describe('Files the PR changes, repo-relative'),
  critical_codes: z
    .array(intentCodeSchema)
    .min(1)
    .max(200)
    .describe('Codes that need an intent, e.g. ["F821","F401"]'),
  findings: findingsInputSchema.optional(),
  root: z
    .string()
    .max(MAX_PATH_LENGTH)
    .optional()
    .describe('Absolute repository root, to make absolute finding paths repo-relative'),
  auto_create_reserved: z
    .boolean()
    .default(false)
    .describe(
      'Create a reserved placeholder for each missing intent (needs intents:write); never duplicates',
    ),
});
export type PrePrCheckInput = z.input<typeof prePrCheckInputSchema>;

export const MISSING_REASONS = ['no_intent', 'reserved_only', 'expired'] as const;
export type MissingReason = (typeof MISSING_REASONS)[number];

export const prePrDetailSchema = z.object({
  file: z.string(),
  code: z
    .string()
    .nullable()
    .describe('The code the finding has; null without findings, where any critical code would do'),
  line: z.number().int().nullable(),
  why: z
    .enum(MISSING_REASONS)
    .describe(
      'no_intent: nothing at all; reserved_only: only a reservation (not a plan); expired: only expired intents',
    ),
});
export type PrePrDetail = z.infer<typeof prePrDetailSchema>;

export const prePrCheckResultSchema = z.object({
  ok: z.boolean().describe('True when nothing is missing'),
  mode: z.enum(['files', 'findings']).describe('findings: only files with critical findings were checked'),
  missing: z.array(z.string()).describe('Files missing an intent (the seed’s return value)'),
  details: z.array(prePrDetailSchema),
  created_reserved: z.array(intentViewSchema).describe('Reserved placeholders created by this run'),
  checked: z.number().int().describe('Distinct files checked'),
});
export type PrePrCheckResult = z.infer<typeof prePrCheckResultSchema>;

/** One thing that needs an intent: a (file, code) finding, or a file needing any of the codes. */
export interface CheckNeed {
  file: string;
  /** The finding's code; null when any of `codes` satisfies the need (no findings given). */
  code: string | null;
  line: number | null;
  codes: readonly string[];
}

export interface CheckPlan {
  mode: 'files' | 'findings';
  files: string[];
  criticalCodes: string[];
  needs: CheckNeed[];
}

/** What a source must return: intents with one of `codes` on one of `files`, plus globs based at `globBases`. */
export interface CandidateQuery {
  files: string[];
  codes: string[];
  globBases: string[];
}

export interface CandidateIntent {
  file: string;
  code: string;
  status: IntentStatus;
  /** Set when the candidate is a glob to test against the files under this base; null: equality only. */
  globBase: string | null;
}

export interface PlaceholderSpec {
  file: string;
  code: string;
  line: number | null;
}

export interface PrePrEvaluation {
  missing: string[];
  details: PrePrDetail[];
  /** Needs that no reservation covers yet: what `auto_create_reserved` creates. */
  placeholders: PlaceholderSpec[];
}

const unique = <T>(items: Iterable<T>): T[] => [...new Set(items)];

/**
 * A linter prints absolute paths when no root is known; such a finding belongs to the changed file
 * that is the longest path-boundary suffix of it (`/ci/work/repo/src/a.py` → `src/a.py`).
 */
function resolveAbsolute(path: string, changed: ReadonlySet<string>): string | undefined {
  for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) {
    const suffix = path.slice(at + 1);
    if (changed.has(suffix)) return suffix;
  }
  return undefined;
}

/**
 * What the check must prove. Without findings, the seed's rule: every changed file needs an intent
 * with one of the critical codes. With findings, only a changed file that really has a critical
 * finding needs an intent, for that code (line: the first occurrence).
 */
export function planPrePrCheck(
  files: readonly string[],
  criticalCodes: readonly string[],
  findings?: Finding[],
): CheckPlan {
  const changed = unique(files.map((file) => normaliseRepoPath(file)));
  const codes = unique(criticalCodes.map((code) => code.trim()));
  if (!findings) {
    return {
      mode: 'files',
      files: changed,
      criticalCodes: codes,
      needs: changed.map((file) => ({ file, code: null, line: null, codes })),
    };
  }
  const changedSet = new Set(changed);
  const critical = new Set(codes);
  const firstLine = new Map<string, Map<string, number | null>>();
  for (const finding of findings) {
    if (!critical.has(finding.code)) continue;
    const file = isAbsoluteOsPath(finding.file) ? resolveAbsolute(finding.file, changedSet) : finding.file;
    if (file === undefined || !changedSet.has(file)) continue;
    const byCode = firstLine.get(file) ?? new Map<string, number | null>();
    firstLine.set(file, byCode);
    const seen = byCode.get(finding.code) ?? null;
    const earlier = finding.line !== null && (seen === null || finding.line < seen);
    if (!byCode.has(finding.code) || earlier) byCode.set(finding.code, finding.line);
  }
  const needs: CheckNeed[] = [];
  for (const file of changed) {
    const byCode = firstLine.get(file);
    if (!byCode) continue;
    for (const code of codes) {
      if (byCode.has(code)) needs.push({ file, code, line: byCode.get(code) ?? null, codes: [code] });
    }
  }
  return { mode: 'findings', files: changed, criticalCodes: codes, needs };
}

export function candidateQuery(plan: CheckPlan): CandidateQuery {
  // Sorted, so the store's index lookups walk the B-tree in order (a 1M-row registry answers an
  // unsorted list of a PR's files measurably slower).
  const files = unique(plan.needs.map((need) => need.file)).sort();
  // A glob's base is a directory, so only the files' directories (and theirs) can hold one: a path
  // in a repository is never a file and a directory at once. A PR's files share few directories,
  // so each is walked once.
  const bases = new Set<string>();
  for (const file of files) {
    const dir = file.slice(0, Math.max(0, file.lastIndexOf('/')));
    if (bases.has(dir)) continue;
    for (const base of ancestorPaths(dir)) bases.add(base);
  }
  return { files, codes: plan.criticalCodes, globBases: [...bases] };
}

/** Best standing of the intents covering a need: any satisfying one wins, then reserved, then expired. */
function standing(candidates: readonly CandidateIntent[], codes: readonly string[]): 'ok' | MissingReason {
  let why: MissingReason = 'no_intent';
  for (const candidate of candidates) {
    if (!codes.includes(candidate.code)) continue;
    if (SATISFYING_STATUSES.has(candidate.status)) return 'ok';
    if (candidate.status === 'reserved') why = 'reserved_only';
    else if (candidate.status === 'expired' && why === 'no_intent') why = 'expired';
  }
  return why;
}

/** Decides the check from the candidates a source returned for `candidateQuery(plan)`. */
export function evaluatePrePr(plan: CheckPlan, candidates: Iterable<CandidateIntent>): PrePrEvaluation {
  const exact = new Map<string, CandidateIntent[]>();
  const globsByBase = new Map<string, CandidateIntent[]>();
  for (const candidate of candidates) {
    const list = exact.get(candidate.file) ?? [];
    list.push(candidate);
    exact.set(candidate.file, list);
    if (candidate.globBase !== null) {
      const atBase = globsByBase.get(candidate.globBase) ?? [];
      atBase.push(candidate);
      globsByBase.set(candidate.globBase, atBase);
    }
  }
  const NONE: CandidateIntent[] = [];
  const covering = new Map<string, CandidateIntent[]>();
  const coveringOf = (file: string): CandidateIntent[] => {
    let found = covering.get(file);
    if (found) return found;
    found = exact.get(file) ?? NONE;
    if (globsByBase.size > 0) {
      for (const base of ancestorPaths(file)) {
        for (const glob of globsByBase.get(base) ?? NONE) {
          if (glob.file !== file && intentFileMatches(glob.file, true, file)) found = [...found, glob];
        }
      }
    }
    covering.set(file, found);
    return found;
  };

  const details: PrePrDetail[] = [];
  const placeholders: PlaceholderSpec[] = [];
  const missing = new Set<string>();
  for (const need of plan.needs) {
    const why = standing(coveringOf(need.file), need.codes);
    if (why === 'ok') continue;
    missing.add(need.file);
    details.push({ file: need.file, code: need.code, line: need.line, why });
    // A file already reserved needs no second claim; without findings the seed reserves the first code.
    const code = need.code ?? need.codes[0];
    if (why !== 'reserved_only' && code !== undefined) {
      placeholders.push({ file: need.file, code, line: need.line });
    }
  }
  return { missing: [...missing], details, placeholders };
}

export type CandidateSource = (
  query: CandidateQuery,
) => Promise<Iterable<CandidateIntent>> | Iterable<CandidateIntent>;

export interface PreparedCheck {
  plan: CheckPlan;
  evaluation: PrePrEvaluation;
}

/** Parses findings, plans, asks the source for candidates and evaluates: everything but creation. */
export async function runPrePrRule(
  input: z.output<typeof prePrCheckInputSchema>,
  source: CandidateSource,
): Promise<PreparedCheck> {
  const findings =
    input.findings === undefined ? undefined : parseFindings(input.findings, { root: input.root }).findings;
  const plan = planPrePrCheck(input.files, input.critical_codes, findings);
  const query = candidateQuery(plan);
  const candidates = query.files.length === 0 ? [] : await source(query);
  return { plan, evaluation: evaluatePrePr(plan, candidates) };
}
