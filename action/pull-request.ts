import { z } from 'zod';
import { badRequest } from '../core/errors.js';

/** The pull request the workflow runs for, from the event file the runner writes. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  /** GraphQL id, for convertPullRequestToDraft. */
  nodeId: string;
  draft: boolean;
  /** What GitHub counts; the files API lists at most 3,000 of them. */
  changedFiles: number | null;
  headSha: string | null;
}

const eventSchema = z.object({
  pull_request: z.object({
    number: z.number().int().positive(),
    node_id: z.string().min(1),
    draft: z.boolean().optional(),
    changed_files: z.number().int().nonnegative().optional(),
    head: z.object({ sha: z.string() }).partial().optional(),
  }),
});

const INVALID = 'NOT_A_PULL_REQUEST';

export function readPullRequest(eventText: string, repository: string, eventName: string): PullRequestRef {
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch (error) {
    throw badRequest(INVALID, `The event file is not JSON: ${(error as Error).message}`);
  }
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    throw badRequest(
      INVALID,
      `This action checks pull requests: run it on pull_request (the "${eventName || 'unknown'}" event has no pull request)`,
    );
  }
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw badRequest(INVALID, `GITHUB_REPOSITORY "${repository}" is not owner/name`);
  }
  const pr = parsed.data.pull_request;
  return {
    owner,
    repo,
    number: pr.number,
    nodeId: pr.node_id,
    draft: pr.draft ?? false,
    changedFiles: pr.changed_files ?? null,
    headSha: pr.head?.sha ?? null,
  };
}
