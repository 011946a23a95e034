import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type ServeHandle, startServe } from '../helpers/process.js';
import { errorsOf, explain, fakeGitHub, run, workspace } from './helpers.js';

/** The action against a real `settld-mcp serve` on loopback, instead of a registry file. */
let serve: ServeHandle;
let key: string;

beforeAll(async () => {
  serve = await startServe();
  const created = await fetch(`${serve.baseUrl}/admin/api_keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-token': serve.adminToken },
    body: JSON.stringify({ agent_id: 'pr-check', owner: 'ci', scopes: 'intents:read,intents:write' }),
  });
  expect(created.status).toBe(201);
  key = ((await json(created)) as { key: string }).key;
  const planned = await fetch(`${serve.baseUrl}/intents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-T4-API-KEY': key },
    body: JSON.stringify({ code: 'F821', file: 'src/**', status: 'planned', owner: 'core', ticket: 'T4-1' }),
  });
  expect(planned.status).toBe(201);
});

afterAll(async () => {
  await serve.stop();
});

const remote = () => ({ 'settld-url': `${serve.baseUrl}/`, 'settld-api-key': key });

async function intentsAt(file: string): Promise<{ status: string; code: string }[]> {
  const response = await fetch(`${serve.baseUrl}/intents/by_file?file=${encodeURIComponent(file)}`, {
    headers: { 'X-T4-API-KEY': key },
  });
  return ((await json(response)) as { items: { status: string; code: string }[] }).items;
}

describe('the action against a settld-mcp server', () => {
  it('passes when the server holds a planned intent, and keeps the key out of the log', async () => {
    const github = await fakeGitHub({ files: [{ filename: 'src/app.py' }] });
    const result = await run(github, workspace(), remote());
    expect(result.status, explain(result)).toBe(0);
    expect(github.comments[0]!.body).toContain(`against the registry at \`${serve.baseUrl}\``);
    // The only place the key appears is the command that tells the runner to mask it.
    expect(result.stdout.split('\n').filter((line) => line.includes(key))).toEqual([`::add-mask::${key}`]);
  });

  it('reserve: reserves each missing intent once and converts the PR to a draft', async () => {
    const github = await fakeGitHub({ files: [{ filename: 'src/app.py' }, { filename: 'tools/gen.py' }] });
    const first = await run(github, workspace(), { ...remote(), 'on-missing': 'reserve' });
    expect(first.status, explain(first)).toBe(0);
    expect(await intentsAt('tools/gen.py')).toMatchObject([{ status: 'reserved', code: 'F821' }]);
    const drafts = github
      .requestsTo('POST', /^\/graphql$/)
      .filter((r) => JSON.stringify(r.body).includes('convertPullRequestToDraft'));
    expect(drafts.map((r) => (r.body as { variables: unknown }).variables)).toEqual([{ id: github.nodeId }]);
    expect(github.draft).toBe(true);
    expect(github.comments[0]!.body).toContain(
      '🔖 settld · 1 changed file lacks a planned intent: reserved, the PR is a draft until they are planned',
    );
    expect(warningsOnFile(first)).toEqual(['tools/gen.py']);

    // The author marks it ready without planning: the next run reserves nothing new, and re-drafts.
    const second = await run(github, workspace(), { ...remote(), 'on-missing': 'reserve' }, { draft: false });
    expect(second.status, explain(second)).toBe(0);
    expect(await intentsAt('tools/gen.py')).toHaveLength(1);
    expect(second.summary).toContain('Every missing intent was already reserved on the server.');
  });

  it('reserve fails when the PR can not be made a draft (a fork’s token)', async () => {
    const github = await fakeGitHub({ files: [{ filename: 'tools/other.py' }], readOnly: true });
    const result = await run(github, workspace(), { ...remote(), 'on-missing': 'reserve' });
    expect(result.status, explain(result)).toBe(1);
    expect(await intentsAt('tools/other.py')).toHaveLength(1);
    expect(errorsOf(result).at(-1)!.message).toBe(
      '1 changed file lacks a planned intent and the PR could not be made a draft (see the job summary)',
    );
    expect(result.summary).toContain('It could not be converted to a draft');
  });

  it('a refused key fails with the server’s code in one line', async () => {
    const github = await fakeGitHub({ files: [{ filename: 'src/app.py' }] });
    const result = await run(github, workspace(), { ...remote(), 'settld-api-key': 'sk_nope_nope' });
    expect(result.status, explain(result)).toBe(1);
    expect(result.annotations).toHaveLength(1);
    expect(result.annotations[0]!.message).toMatch(
      new RegExp(`^settld-url ${serve.baseUrl} refused the check: [A-Z_]+: `),
    );
  });
});

const warningsOnFile = (result: Awaited<ReturnType<typeof run>>) =>
  result.annotations.filter((a) => a.level === 'warning').map((a) => a.properties.file);
