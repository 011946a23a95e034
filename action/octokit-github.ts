import { getOctokit } from '@actions/github';
import {
  FILES_PER_PAGE,
  type GitHubApi,
  type IssueComment,
  type PullFile,
  toGitHubError,
} from './github-api.js';

type Octokit = ReturnType<typeof getOctokit>;

const COMMENTS_QUERY = `query StickyComments($owner: String!, $repo: String!, $number: Int!, $after: String) {
  viewer { login }
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      comments(first: 100, after: $after) {
        nodes { databaseId body author { login } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

const CONVERT_TO_DRAFT = `mutation ConvertToDraft($id: ID!) {
  convertPullRequestToDraft(input: { pullRequestId: $id }) { pullRequest { isDraft } }
}`;

interface CommentsPage {
  viewer: { login: string };
  repository: {
    pullRequest: {
      comments: {
        nodes: ({ databaseId: number | null; body: string; author: { login: string } | null } | null)[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } | null;
  } | null;
}

/** REST shows an app as `name[bot]`, GraphQL as `name`: compare without the suffix. */
const identity = (login: string): string => login.replace(/\[bot\]$/, '').toLowerCase();

async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGitHubError(error, what);
  }
}

/** The GitHub API through @actions/github's octokit (proxy-aware), at `baseUrl` (GITHUB_API_URL). */
export function octokitGitHub(token: string, baseUrl: string): GitHubApi {
  const octokit: Octokit = getOctokit(token, { baseUrl });
  return {
    listPullFiles: (pr, expected) =>
      guarded('Listing the pull request files', async () => {
        let listed = 0;
        return octokit.paginate(
          'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
          { owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: FILES_PER_PAGE },
          (response, done) => {
            listed += response.data.length;
            if (expected !== null && listed >= expected) done();
            return response.data.map((file): PullFile => ({ filename: file.filename, status: file.status }));
          },
        );
      }),

    findOwnComment: (pr, marker) =>
      guarded('Reading the pull request comments', async () => {
        let after: string | null = null;
        for (;;) {
          const page: CommentsPage = await octokit.graphql<CommentsPage>(COMMENTS_QUERY, {
            owner: pr.owner,
            repo: pr.repo,
            number: pr.number,
            after,
          });
          const me = identity(page.viewer.login);
          const comments = page.repository?.pullRequest?.comments;
          for (const node of comments?.nodes ?? []) {
            if (node?.databaseId == null || node.author === null) continue;
            if (identity(node.author.login) === me && node.body.includes(marker)) {
              return { id: node.databaseId, body: node.body };
            }
          }
          if (!comments?.pageInfo.hasNextPage) return null;
          after = comments.pageInfo.endCursor;
        }
      }),

    createComment: (pr, body) =>
      guarded('Commenting on the pull request', async (): Promise<IssueComment> => {
        const { data } = await octokit.rest.issues.createComment({
          owner: pr.owner,
          repo: pr.repo,
          issue_number: pr.number,
          body,
        });
        return { id: data.id, body: data.body ?? body };
      }),

    updateComment: (pr, id, body) =>
      guarded('Updating the pull request comment', async () => {
        await octokit.rest.issues.updateComment({ owner: pr.owner, repo: pr.repo, comment_id: id, body });
      }),

    convertToDraft: (pr) =>
      guarded('Converting the pull request to a draft', async () => {
        await octokit.graphql(CONVERT_TO_DRAFT, { id: pr.nodeId });
      }),
  };
}
