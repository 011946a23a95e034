import { describe, expect, it } from 'vitest';
import type { ConformanceMatrix } from '../../core/onboarding/matrix-types.js';
import { runAction } from '../fakes/fake-github.js';
import { CLI } from '../helpers/process.js';
import { errorsOf, explain, fakeGitHub, registryFile, workspace } from './helpers.js';

/** The matrix in the same comment and summary as the intent check, against a real server command. */
async function runMatrix(serverCommand: string) {
  const github = await fakeGitHub({ files: [{ filename: 'src/app.py' }] });
  const root = workspace({
    '.settld/intents.json': registryFile([{ code: 'F821', file: 'src/**', status: 'planned' }]),
  });
  const result = await runAction({
    inputs: { matrix: 'true', 'matrix-targets': 'claude', 'server-command': serverCommand },
    event: github.event(),
    apiUrl: github.url,
    token: github.token,
    workspace: root,
    // The server under test keeps its state out of the developer's home.
    env: { HOME: workspace() },
  });
  return { github, result };
}

describe('the conformance matrix on a pull request', () => {
  it('adds one row per host and one column per check, and outputs the matrix', async () => {
    const { github, result } = await runMatrix(`node ${CLI}`);
    expect(result.status, explain(result)).toBe(0);
    const matrix = JSON.parse(result.outputs.matrix!) as ConformanceMatrix;
    expect(matrix.targets.map((t) => [t.target, t.ready])).toEqual([['claude', true]]);
    expect(result.outputs.ready).toBe('true');
    const body = github.comments[0]!.body;
    expect(body).toContain('✅ settld · Every changed file has a planned intent');
    expect(body).toContain(`| host | ${matrix.checks.map((c) => c.title).join(' | ')} |`);
    const row = body.split('\n').find((line) => line.startsWith(`| ${matrix.targets[0]!.host} `))!;
    expect(row.split(' | ')).toHaveLength(matrix.checks.length + 1);
    expect(result.summary).toContain('<details><summary>Claude Code: .mcp.json</summary>');
  });

  it('fails the step and names the failed checks when the server is not ready', async () => {
    const { github, result } = await runMatrix(`node -e "process.exit(3)"`);
    expect(result.status, explain(result)).toBe(1);
    expect(errorsOf(result).at(-1)!.message).toMatch(
      /^the MCP server is not ready for Claude Code \(Handshake[^)]*\) \(see the job summary\)$/,
    );
    expect(result.outputs.ready).toBe('false');
    expect(github.comments[0]!.body).toContain('### ❌ MCP conformance: not ready for Claude Code');
  });
});
