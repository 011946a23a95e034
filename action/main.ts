import { isAbsolute, resolve } from 'node:path';
import type { Clock } from '../core/clock.js';
import { badRequest, SettldError } from '../core/errors.js';
import type { PrePrDetail } from '../core/intents/pre-pr-check.js';
import { type GitHubApi, isPermissionDenied, MAX_LISTED_FILES } from './github-api.js';
import { type ActionInputs, type InputReader, readInputs, type RemoteRegistry } from './inputs.js';
import { type CheckOutcome, checkIntents } from './intent-check.js';
import { type MatrixRunner, runMatrix } from './matrix.js';
import { type PullRequestRef, readPullRequest } from './pull-request.js';
import { commentBody, commentMarker, type ReportModel, summaryBody } from './report.js';
import type { SettldApi } from './settld-remote.js';
import { upsertComment } from './sticky-comment.js';
import { decide, type DraftState, type Listing, type MatrixState } from './verdict.js';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
}

/** What the action does to the runner: @actions/core in production, a recorder in unit tests. */
export interface Toolkit {
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  setOutput(name: string, value: string): void;
  setSecret(secret: string): void;
  setFailed(message: string): void;
  appendSummary(markdown: string): Promise<void>;
}

export interface ActionDeps {
  readInput: InputReader;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  toolkit: Toolkit;
  github: (token: string, baseUrl: string) => GitHubApi;
  settld: (remote: RemoteRegistry) => SettldApi;
  readText: (absolutePath: string) => Promise<string>;
  clock: Clock;
  runMatrix: MatrixRunner;
  version: string;
}

/**
 * GitHub shows 10 annotations of a kind per step; one is kept for the step's own message (the
 * failure, or a warning that the comment could not be written).
 */
export const MAX_FILE_ANNOTATIONS = 9;
/** An output may hold 1 MB; `missing` keeps well under it. */
const MAX_MISSING_OUTPUT = 900_000;

function requireEnv(env: ActionDeps['env'], name: string): string {
  const value = env[name];
  if (!value) throw badRequest('NOT_IN_ACTIONS', `${name} is not set: this runs as a GitHub Action step`);
  return value;
}

async function listFiles(
  github: GitHubApi,
  pr: PullRequestRef,
): Promise<{ files: string[]; listing: Listing }> {
  const expected = pr.changedFiles === null ? null : Math.min(pr.changedFiles, MAX_LISTED_FILES);
  const listed = expected === 0 ? [] : await github.listPullFiles(pr, expected);
  const files = listed.filter((file) => file.status !== 'removed').map((file) => file.filename);
  const capped =
    listed.length >= MAX_LISTED_FILES && (pr.changedFiles === null || pr.changedFiles > listed.length);
  return {
    files,
    listing: { total: pr.changedFiles, listed: listed.length, removed: listed.length - files.length, capped },
  };
}

async function holdAsDraft(
  github: GitHubApi,
  pr: PullRequestRef,
  inputs: ActionInputs,
  outcome: CheckOutcome,
): Promise<DraftState | null> {
  if (inputs.onMissing !== 'reserve' || outcome.source.kind !== 'remote' || outcome.result.ok) return null;
  if (pr.draft) return { state: 'already-draft' };
  try {
    await github.convertToDraft(pr);
    return { state: 'converted' };
  } catch (error) {
    if (!(error instanceof SettldError)) throw error;
    return { state: 'failed', reason: error.message };
  }
}

function footer(deps: ActionDeps, pr: PullRequestRef): string {
  const { env } = deps;
  const parts = [`settld-mcp ${deps.version}`];
  if (pr.headSha) parts.push(`commit ${pr.headSha.slice(0, 7)}`);
  if (env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY) {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const attempt =
      env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
    parts.push(
      `[run ${env.GITHUB_RUN_ID}](${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt})`,
    );
  }
  return parts.join(' · ');
}

/** The comment, or why there is none; a refused write never fails the step. */
async function comment(
  deps: ActionDeps,
  github: GitHubApi,
  pr: PullRequestRef,
  model: ReportModel,
): Promise<string | null> {
  const marker = commentMarker(deps.env.GITHUB_WORKFLOW ?? '', deps.env.GITHUB_JOB ?? '');
  const body = commentBody(model, marker);
  try {
    const result = await upsertComment(github, pr, marker, body);
    deps.toolkit.info(`PR comment ${result}`);
    return null;
  } catch (error) {
    if (!(error instanceof SettldError)) throw error;
    const note = isPermissionDenied(error)
      ? `No PR comment: the token may not write to this pull request (${error.message}). A pull request from a fork gets a read-only token: this summary is the report.`
      : `No PR comment: ${error.message}. This summary is the report.`;
    deps.toolkit.warning(note);
    return note;
  }
}

const WHY: Record<PrePrDetail['why'], string> = {
  no_intent: 'there is none',
  reserved_only: 'it is only reserved: plan it with an owner and a ticket',
  expired: 'its intents expired',
};

function annotate(
  deps: ActionDeps,
  inputs: ActionInputs,
  details: PrePrDetail[],
  level: 'error' | 'warning',
): number {
  const shown = details.slice(0, MAX_FILE_ANNOTATIONS);
  for (const detail of shown) {
    const what =
      detail.code === null
        ? `This changed file needs a planned intent for ${inputs.criticalCodes.join(' or ')}`
        : `${detail.code} needs a planned intent`;
    deps.toolkit[level](`${what}: ${WHY[detail.why]}`, {
      title: 'settld: missing intent',
      file: detail.file,
      ...(detail.line === null ? {} : { startLine: detail.line }),
    });
  }
  return shown.length;
}

function missingOutput(details: PrePrDetail[]): string {
  let kept = details;
  let json = JSON.stringify(kept);
  while (json.length > MAX_MISSING_OUTPUT) {
    kept = kept.slice(0, Math.floor(kept.length * 0.9));
    json = JSON.stringify(kept);
  }
  return json;
}

function writeOutputs(
  deps: ActionDeps,
  outcome: CheckOutcome,
  matrix: MatrixState | null,
  ready: boolean,
): void {
  const { details } = outcome.result;
  deps.toolkit.setOutput('missing-count', String(details.length));
  deps.toolkit.setOutput('missing', missingOutput(details));
  deps.toolkit.setOutput(
    'matrix',
    matrix !== null && 'matrix' in matrix ? JSON.stringify(matrix.matrix) : 'null',
  );
  deps.toolkit.setOutput('ready', String(ready));
}

async function check(deps: ActionDeps): Promise<void> {
  const started = deps.clock.now();
  const { toolkit, env } = deps;
  const inputs = readInputs(deps.readInput);
  if (inputs.remote) toolkit.setSecret(inputs.remote.apiKey);
  const workspace = env.GITHUB_WORKSPACE || deps.cwd;
  const inWorkspace = (path: string) => (isAbsolute(path) ? path : resolve(workspace, path));

  const eventPath = requireEnv(env, 'GITHUB_EVENT_PATH');
  const pr = readPullRequest(
    await deps.readText(eventPath),
    requireEnv(env, 'GITHUB_REPOSITORY'),
    env.GITHUB_EVENT_NAME ?? '',
  );
  const github = deps.github(inputs.githubToken, env.GITHUB_API_URL || 'https://api.github.com');

  const { files, listing } = await listFiles(github, pr);
  toolkit.info(`PR #${pr.number}: ${listing.listed} files listed, ${files.length} to check`);
  const outcome = await checkIntents({
    inputs,
    files,
    root: workspace,
    readText: (path) => deps.readText(inWorkspace(path)),
    settld: deps.settld,
  });
  const matrix = inputs.matrix ? await runMatrix(deps.runMatrix, inputs, (line) => toolkit.info(line)) : null;
  const draft = await holdAsDraft(github, pr, inputs, outcome);
  const verdict = decide({ outcome, listing, onMissing: inputs.onMissing, draft, matrix });
  const model: ReportModel = { inputs, outcome, listing, verdict, draft, matrix, footer: footer(deps, pr) };

  const commentNote = inputs.comment ? await comment(deps, github, pr, model) : null;
  const annotated = annotate(deps, inputs, outcome.result.details, verdict.level);
  await toolkit.appendSummary(summaryBody(model, { commentNote, annotated }));
  writeOutputs(deps, outcome, matrix, verdict.ready);
  for (const detail of outcome.result.details) {
    toolkit.info(
      `missing: ${detail.file}${detail.line === null ? '' : `:${detail.line}`} ${detail.code ?? ''} (${detail.why})`,
    );
  }
  toolkit.info(`checked in ${deps.clock.now() - started} ms`);
  if (verdict.failed) toolkit.setFailed(verdict.message);
  else toolkit.info(`${verdict.icon} ${verdict.message}`);
}

/** The action: every failure ends as one line through setFailed, never as a stack on the log. */
export async function run(deps: ActionDeps): Promise<void> {
  try {
    await check(deps);
  } catch (error) {
    if (error instanceof SettldError) deps.toolkit.setFailed(error.message);
    else {
      deps.toolkit.setFailed(
        `settld-mcp action failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (error instanceof Error && error.stack) deps.toolkit.info(error.stack);
    }
  }
}
