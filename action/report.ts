import type { PrePrDetail } from '../core/intents/pre-pr-check.js';
import type { ActionInputs } from './inputs.js';
import type { CheckOutcome } from './intent-check.js';
import { cell, code, count, fitLines, html, plain, plural, sizeOf, table } from './markdown.js';
import { matrixMarkdown } from './matrix-report.js';
import { cappedPhrase, type DraftState, type Listing, type MatrixState, type Verdict } from './verdict.js';

/*
 * The report, in the two places a team reads it: the sticky PR comment (GitHub refuses a body over
 * 65,536 characters) and the job summary (1 MiB a step). Both list the same things; the summary
 * also says where the comment went and holds the hosts' config snippets.
 */

/** GitHub's ceilings, with room left for the marker and footer. */
export const COMMENT_BUDGET = 60_000;
export const SUMMARY_BUDGET = 1_000_000;

export interface ReportModel {
  inputs: ActionInputs;
  outcome: CheckOutcome;
  listing: Listing;
  verdict: Verdict;
  draft: DraftState | null;
  matrix: MatrixState | null;
  /** settld-mcp version, commit, run link, time. */
  footer: string;
}

export interface SummaryExtras {
  /** What happened to the PR comment, when it is worth saying. */
  commentNote: string | null;
  /** How many missing intents were annotated on the files. */
  annotated: number;
}

const WHY: Record<PrePrDetail['why'], string> = {
  no_intent: 'no intent',
  reserved_only: 'reserved only: plan it (owner and ticket)',
  expired: 'only expired intents',
};

function sourceText(model: ReportModel): string {
  const { source } = model.outcome;
  return source.kind === 'file'
    ? `${code(source.path)} (${plural(source.intents, 'intent')})`
    : `the registry at ${code(source.url)}`;
}

function scopeLine(model: ReportModel): string {
  const { inputs, listing, outcome } = model;
  const removed = listing.removed > 0 ? ` (${plural(listing.removed, 'removed file')} skipped)` : '';
  const findings =
    inputs.findings === null
      ? 'no findings file: every changed file needs one'
      : `findings ${code(inputs.findings)}`;
  return (
    `Checked ${plural(outcome.result.checked, 'file')} of ${plural(listing.listed, 'changed file')}${removed} ` +
    `against ${sourceText(model)} · critical codes ${inputs.criticalCodes.map(code).join(', ')} · ${findings}.`
  );
}

function fixLine(model: ReportModel): string {
  const { outcome } = model;
  if (outcome.source.kind === 'remote') {
    return `**To fix:** plan an intent (status \`planned\`, with owner and ticket) for each on ${code(outcome.source.url)}, or fix the finding.`;
  }
  return `**To fix:** add a planned intent (owner and ticket) for each to ${code(outcome.source.path)}, or fix the finding.`;
}

/** How much of each place the records to add may take: the rest is for the list of what is missing. */
const ENTRIES_BUDGET = { comment: 20_000, summary: 500_000 } as const;

/** The records as a JSON array, one per line, cut to `budget` with a line saying how many are left. */
function entriesBlock(model: ReportModel, where: 'comment' | 'summary'): string[] {
  const { outcome } = model;
  if (outcome.entriesToAdd.length === 0 || outcome.source.kind !== 'file') return [];
  const records = outcome.entriesToAdd.map(
    (entry, i, all) => `  ${JSON.stringify(entry)}${i < all.length - 1 ? ',' : ''}`,
  );
  const fitted = fitLines(records, ENTRIES_BUDGET[where], (left) =>
    where === 'comment' ? `  … ${count(left)} more: see the job summary` : `  … ${count(left)} more left out`,
  );
  return [
    '',
    `<details><summary>${plural(records.length, 'record')} to add to ${html(outcome.source.path)} (a check can not write the file)</summary>`,
    '',
    '```json',
    '[',
    ...fitted,
    ']',
    '```',
    '',
    '</details>',
  ];
}

function reservedLines(model: ReportModel): string[] {
  const { outcome, draft } = model;
  const lines: string[] = [];
  const created = outcome.result.created_reserved;
  if (model.inputs.onMissing === 'reserve' && outcome.source.kind === 'remote') {
    lines.push(
      created.length > 0
        ? `🔖 Reserved ${plural(created.length, 'placeholder')} on the server: ${created
            .slice(0, 20)
            .map((intent) => code(intent.id))
            .join(', ')}${created.length > 20 ? ', …' : ''}.`
        : '🔖 Every missing intent was already reserved on the server.',
    );
    if (draft?.state === 'converted')
      lines.push('This pull request was converted to a draft until they are planned.');
    if (draft?.state === 'already-draft')
      lines.push('This pull request stays a draft until they are planned.');
    if (draft?.state === 'failed')
      lines.push(`⚠️ It could not be converted to a draft: ${plain(draft.reason)}`);
  }
  return lines;
}

function detailRows(details: PrePrDetail[]): string[] {
  return table(
    ['file', 'code', 'line', 'why'],
    details.map((detail) => [
      cell(code(detail.file)),
      detail.code === null ? 'any' : cell(code(detail.code)),
      detail.line === null ? '—' : String(detail.line),
      WHY[detail.why],
    ]),
  );
}

/** The body both places share, fitted into `budget` characters. */
function body(
  model: ReportModel,
  budget: number,
  where: 'comment' | 'summary',
  extras?: SummaryExtras,
): string[] {
  const { verdict, outcome, listing } = model;
  const head = [`## ${verdict.icon} settld · ${verdict.headline}`, ''];
  if (extras?.commentNote) head.push(`> ${extras.commentNote}`, '');
  head.push(scopeLine(model));
  if (listing.capped) head.push('', `⚠️ ${cappedPhrase(listing)}.`);

  const details = outcome.result.details;
  const missing: string[] = [];
  if (details.length > 0) {
    missing.push('');
    if (extras && extras.annotated > 0) {
      missing.push(
        extras.annotated < details.length
          ? `The first ${count(extras.annotated)} are annotated on the files (GitHub shows at most 10 annotations of a kind per step); all ${count(details.length)} are listed here.`
          : 'Each is annotated on its file.',
        '',
      );
    }
    missing.push(fixLine(model), '', ...detailRows(details));
  }
  const tail = [...reservedLines(model), ...entriesBlock(model, where)];
  if (model.matrix !== null) {
    tail.push('');
    if ('error' in model.matrix)
      tail.push(`### ❌ MCP conformance did not run`, '', plain(model.matrix.error));
    else tail.push(...matrixMarkdown(model.matrix.matrix, where === 'summary'));
  }
  tail.push('', `<sub>${model.footer}</sub>`);

  const fixed = sizeOf([...head, ...tail].join('\n'));
  const fitted = fitLines(missing, budget - fixed, (left) =>
    where === 'comment'
      ? `| … | | | ${count(left)} more rows: see the job summary |`
      : `| … | | | ${count(left)} more rows left out (the summary holds at most 1 MiB) |`,
  );
  return [...head, ...fitted, ...tail];
}

/** The comment's hidden marker: one per workflow and job, so two jobs keep two comments. */
export function commentMarker(workflow: string, job: string): string {
  const safe = (text: string) => text.replace(/--+/g, '-').replace(/[<>"]/g, '');
  return `<!-- settld-mcp:pre-pr-check workflow="${safe(workflow)}" job="${safe(job)}" -->`;
}

export function commentBody(model: ReportModel, marker: string): string {
  return [marker, ...body(model, COMMENT_BUDGET - marker.length, 'comment')].join('\n');
}

export function summaryBody(model: ReportModel, extras: SummaryExtras): string {
  return `${body(model, SUMMARY_BUDGET, 'summary', extras).join('\n')}\n`;
}
