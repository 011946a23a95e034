import type { GitHubApi } from './github-api.js';
import type { PullRequestRef } from './pull-request.js';

export type CommentResult = 'created' | 'updated' | 'unchanged';

/**
 * One comment per PR (and workflow job): found by its hidden marker among the token's own comments,
 * edited in place, created only when there is none. The README's concurrency group keeps two runs
 * of one PR from both creating it.
 */
export async function upsertComment(
  github: GitHubApi,
  pr: PullRequestRef,
  marker: string,
  body: string,
): Promise<CommentResult> {
  const existing = await github.findOwnComment(pr, marker);
  if (existing === null) {
    await github.createComment(pr, body);
    return 'created';
  }
  if (existing.body === body) return 'unchanged';
  await github.updateComment(pr, existing.id, body);
  return 'updated';
}
