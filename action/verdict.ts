import type { ConformanceMatrix } from '../core/onboarding/matrix-types.js';
import type { OnMissing } from './inputs.js';
import type { CheckOutcome } from './intent-check.js';
import { notReadyHosts } from './matrix-report.js';
import { count, plural } from './markdown.js';

/** How the PR's files were listed: GitHub lists at most 3,000 of them. */
export interface Listing {
  /** What GitHub counts as changed (from the event); null when the event did not say. */
  total: number | null;
  listed: number;
  /** Removed files: nothing to lint in them, so nothing needs an intent. */
  removed: number;
  capped: boolean;
}

/** `reserve` against a server: whether the PR is now a draft. */
export type DraftState =
  { state: 'converted' } | { state: 'already-draft' } | { state: 'failed'; reason: string };

/** The conformance matrix, or why it could not run. */
export type MatrixState = { matrix: ConformanceMatrix } | { error: string };

export interface Verdict {
  failed: boolean;
  /** How missing intents are annotated on the files. */
  level: 'error' | 'warning';
  /** The headline, without its icon. */
  headline: string;
  icon: '✅' | '⚠️' | '❌' | '🔖';
  /** One line: the step's failure message, or what it logs when it passes. */
  message: string;
  /** Nothing missing and every host ready. */
  ready: boolean;
}

export interface VerdictInput {
  outcome: CheckOutcome;
  listing: Listing;
  onMissing: OnMissing;
  draft: DraftState | null;
  matrix: MatrixState | null;
}

export function missingPhrase(outcome: CheckOutcome): string {
  const n = outcome.result.details.length;
  const unit = outcome.result.mode === 'findings' ? 'critical finding' : 'changed file';
  return `${plural(n, unit)} ${n === 1 ? 'lacks' : 'lack'} a planned intent`;
}

export function cappedPhrase(listing: Listing): string {
  const total = listing.total ?? listing.listed;
  const unchecked = listing.total === null ? 'some' : count(total - listing.listed);
  return (
    `GitHub lists at most ${count(listing.listed)} files of a pull request: ${unchecked} of ` +
    `${listing.total === null ? 'its' : count(total)} changed files were not checked (split the PR)`
  );
}

/** Whether the step fails, and the words for it: the one place the action decides. */
export function decide({ outcome, listing, onMissing, draft, matrix }: VerdictInput): Verdict {
  const missing = outcome.result.details.length > 0;
  const reservedRemotely = onMissing === 'reserve' && outcome.source.kind === 'remote';
  const held = draft !== null && draft.state !== 'failed';
  const matrixReady = matrix === null || ('matrix' in matrix && matrix.matrix.ready);

  const reasons: string[] = [];
  let icon: Verdict['icon'] = '✅';
  let headline: string;
  if (!missing) {
    headline =
      outcome.result.mode === 'findings'
        ? `No critical finding lacks a planned intent (${plural(outcome.result.checked, 'file')} checked)`
        : `Every changed file has a planned intent (${plural(outcome.result.checked, 'file')} checked)`;
  } else if (onMissing === 'warn') {
    icon = '⚠️';
    headline = missingPhrase(outcome);
  } else if (reservedRemotely) {
    icon = '🔖';
    headline = `${missingPhrase(outcome)}: reserved, ${held ? 'the PR is a draft until they are planned' : 'but the PR could not be made a draft'}`;
    if (!held) reasons.push(`${missingPhrase(outcome)} and the PR could not be made a draft`);
  } else {
    icon = '❌';
    headline = missingPhrase(outcome);
    reasons.push(missingPhrase(outcome));
  }
  if (listing.capped && onMissing !== 'warn') reasons.push(cappedPhrase(listing));
  if (matrix !== null && 'error' in matrix)
    reasons.push(`the conformance matrix did not run: ${matrix.error}`);
  else if (matrix !== null && !matrix.matrix.ready) {
    reasons.push(`the MCP server is not ready for ${notReadyHosts(matrix.matrix).join(', ')}`);
  }
  if (reasons.length > 0 && icon === '✅') icon = '❌';

  const failed = reasons.length > 0;
  return {
    failed,
    level: missing && (onMissing === 'warn' || reservedRemotely) ? 'warning' : 'error',
    headline,
    icon,
    message: failed ? `${reasons.join('; ')} (see the job summary)` : headline,
    ready: !missing && !listing.capped && matrixReady,
  };
}
