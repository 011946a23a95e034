import { SettldError } from '../core/errors.js';
import type { PullRequestRef } from './pull-request.js';

/** What the files API says about one changed file. */
export interface PullFile {
  filename: string;
  /** added, removed, modified, renamed, copied, changed or unchanged. */
  status: string;
}

export interface IssueComment {
  id: number;
  body: string;
}

/** The few GitHub calls the action makes; the real one is octokit, tests use a loopback fake API. */
export interface GitHubApi {
  /** Every file GitHub lists (100 a page, at most 3,000); stops once `expected` files came back. */
  listPullFiles(pr: PullRequestRef, expected: number | null): Promise<PullFile[]>;
  /** The first comment holding `marker` that the token's own identity wrote. */
  findOwnComment(pr: PullRequestRef, marker: string): Promise<IssueComment | null>;
  createComment(pr: PullRequestRef, body: string): Promise<IssueComment>;
  updateComment(pr: PullRequestRef, id: number, body: string): Promise<void>;
  convertToDraft(pr: PullRequestRef): Promise<void>;
}

/** GitHub's page size ceiling, and how many files it lists for a PR at most. */
export const FILES_PER_PAGE = 100;
export const MAX_LISTED_FILES = 3000;

interface GraphqlErrorShape {
  errors?: { type?: string; message?: string }[];
}

/**
 * A failed GitHub call as a SettldError with GitHub's status (403 for a GraphQL FORBIDDEN): the
 * caller decides by status, and the message never holds the token (octokit keeps it out).
 */
export function toGitHubError(error: unknown, what: string): SettldError {
  if (error instanceof SettldError) return error;
  const status = (error as { status?: unknown }).status;
  const graphqlErrors = (error as GraphqlErrorShape).errors;
  const forbidden = graphqlErrors?.some((e) => e.type === 'FORBIDDEN') ?? false;
  const code = typeof status === 'number' ? status : forbidden ? 403 : 502;
  const message = (graphqlErrors?.[0]?.message ?? (error as Error).message ?? String(error)).split('\n')[0];
  return new SettldError('GITHUB_API_ERROR', code, `${what}: GitHub answered ${code}: ${message}`, {
    status: code,
  });
}

/** A 401, 403 or 404 when writing: the token may read the PR but not write to it (a fork's token). */
export const isPermissionDenied = (error: SettldError): boolean =>
  error.code === 'GITHUB_API_ERROR' && [401, 403, 404].includes(error.status);
