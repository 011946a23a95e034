import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registryIntentSchema } from '../../core/intents/registry-file.js';
import { runAction } from '../fakes/fake-github.js';
import {
  errorsOf,
  explain,
  fakeGitHub,
  MARKER,
  registryFile,
  ruffFinding,
  run,
  warningsOf,
  workspace,
} from './helpers.js';

const COVERED = registryFile([
  { code: 'F821', file: 'src/**', status: 'planned' },
  { code: 'F401', file: 'lib/util.py', status: 'committed' },
]);

describe('the built action against a fake GitHub', () => {
  it('creates one sticky comment, then updates that same comment on the next run', async () => {
    const github = await fakeGitHub({
      files: [{ filename: 'src/app.py' }, { filename: 'lib/util.py' }],
      // A person quoting the marker: never edited, since the token did not write it.
      comments: [{ id: 1, body: `look: ${MARKER}`, login: 'octocat' }],
    });
    const root = workspace({ '.settld/intents.json': COVERED });

    const first = await run(github, root);
    expect(first.status, explain(first)).toBe(0);
    const ours = github.comments.filter((c) => c.login === 'github-actions[bot]');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body.startsWith(MARKER)).toBe(true);
    expect(ours[0]!.body).toContain('✅ settld · Every changed file has a planned intent (2 files checked)');
    expect(github.requestsTo('POST', /\/issues\/7\/comments$/)).toHaveLength(1);

    writeFileSync(
      join(root, '.settld/intents.json'),
      registryFile([{ code: 'F821', file: 'src/**', status: 'planned' }]),
    );
    const second = await run(github, root);
    expect(second.status, explain(second)).toBe(1);
    expect(github.comments).toHaveLength(2);
    expect(github.comments[0]!.body).toBe(`look: ${MARKER}`);
    expect(github.requestsTo('POST', /\/issues\/7\/comments$/)).toHaveLength(1);
    const patches = github.requestsTo('PATCH', /\/issues\/comments\/\d+$/);
    expect(patches.map((p) => p.path)).toEqual([`/repos/acme/widgets/issues/comments/${ours[0]!.id}`]);
    expect(ours[0]!.body).toContain('❌ settld · 1 changed file lacks a planned intent');
    expect(ours[0]!.body).toContain('`lib/util.py`');
    // Every request carried the workflow token, and went to the fake.
    expect(github.requests.every((r) => r.authorization === `token ${github.token}`)).toBe(true);
  });

  it('fails with an annotation on the file and line when a critical finding has no intent', async () => {
    const github = await fakeGitHub({ files: [{ filename: 'src/app.py' }, { filename: 'tools/gen.py' }] });
    const findings = [ruffFinding('tools/gen.py', 'F821', 12), ruffFinding('src/app.py', 'E501', 3)];
    const root = workspace({
      '.settld/intents.json': COVERED,
      'ruff.json': JSON.stringify(findings),
    });
    const result = await run(github, root, { findings: 'ruff.json' });
    expect(result.status, explain(result)).toBe(1);
    const errors = errorsOf(result);
    expect(errors[0]).toEqual({
      level: 'error',
      properties: { title: 'settld: missing intent', file: 'tools/gen.py', line: '12' },
      message: 'F821 needs a planned intent: there is none',
    });
    expect(errors.at(-1)!.message).toBe('1 critical finding lacks a planned intent (see the job summary)');
    expect(result.summary).toContain('| `tools/gen.py` | `F821` | 12 | no intent |');
    expect(result.outputs['missing-count']).toBe('1');
  });

  it('exits 0 with no annotation when every finding is covered', async () => {
    const github = await fakeGitHub({ files: [{ filename: 'src/app.py' }] });
    const root = workspace({
      '.settld/intents.json': COVERED,
      'ruff.json': JSON.stringify([ruffFinding(`/ci/work/src/app.py`, 'F821', 4)]),
    });
    const result = await run(github, root, { findings: 'ruff.json' });
    expect(result.status, explain(result)).toBe(0);
    expect(result.annotations).toEqual([]);
    expect(result.outputs.ready).toBe('true');
    expect(result.summary).toContain('No critical finding lacks a planned intent (1 file checked)');
  });

  it('lists a 3,000-file PR in 30 page requests of 100', async () => {
    const files = Array.from({ length: 3000 }, (_, i) => ({ filename: `src/m${i}.py` }));
    const github = await fakeGitHub({ files });
    const root = workspace({ '.settld/intents.json': COVERED });
    const result = await run(github, root);
    expect(result.status, explain(result)).toBe(0);
    const pages = github.requestsTo('GET', /\/pulls\/7\/files$/);
    expect(pages).toHaveLength(30);
    expect(pages.map((p) => [p.query.per_page, p.query.page ?? '1'])).toEqual(
      Array.from({ length: 30 }, (_, i) => ['100', String(i + 1)]),
    );
    expect(result.summary).toContain('Checked 3,000 files of 3,000 changed files');
  });

  it('says so, and fails, when a PR changes more files than GitHub lists', async () => {
    const files = Array.from({ length: 3500 }, (_, i) => ({ filename: `src/m${i}.py` }));
    const github = await fakeGitHub({ files });
    const root = workspace({ '.settld/intents.json': COVERED });
    const result = await run(github, root);
    expect(result.status, explain(result)).toBe(1);
    expect(github.requestsTo('GET', /\/pulls\/7\/files$/)).toHaveLength(30);
    const phrase =
      'GitHub lists at most 3,000 files of a pull request: 500 of 3,500 changed files were not checked';
    expect(result.summary).toContain(phrase);
    expect(errorsOf(result).at(-1)!.message).toContain(phrase);
    expect(result.outputs.ready).toBe('false');
  });

  it('keeps the comment under GitHub’s size limit and puts every row in the summary', async () => {
    // reserve with a registry file also lists 3,000 records to add: the longest report there is.
    const files = Array.from({ length: 3000 }, (_, i) => ({
      filename: `pkg/very/long/module/path/file_${i}.py`,
    }));
    const github = await fakeGitHub({ files });
    const root = workspace({ '.settld/intents.json': COVERED });
    const result = await run(github, root, { 'on-missing': 'reserve' });
    expect(result.status, explain(result)).toBe(1);
    const body = github.comments[0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(/\| … \| \| \| [\d,]+ more rows: see the job summary \|/);
    expect(body).toMatch(/\n {2}… [\d,]+ more: see the job summary\n\]/);
    expect(Buffer.byteLength(result.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(result.summary).toContain('`pkg/very/long/module/path/file_2999.py`');
    // 9 files annotated + the step's failure: GitHub shows 10 error annotations a step.
    expect(errorsOf(result)).toHaveLength(10);
    expect(result.summary).toContain('The first 9 are annotated on the files');
    expect(JSON.parse(result.outputs.missing!)).toHaveLength(3000);
  });

  it('falls back to the summary on a fork’s read-only token and exits by the check', async () => {
    const covered = await fakeGitHub({ files: [{ filename: 'src/app.py' }], readOnly: true });
    const root = workspace({ '.settld/intents.json': COVERED });
    const pass = await run(covered, root);
    expect(pass.status, explain(pass)).toBe(0);
    expect(covered.comments).toEqual([]);
    expect(covered.requestsTo('POST', /\/comments$/).map((r) => r.status)).toEqual([403]);
    expect(pass.summary).toContain('No PR comment: the token may not write to this pull request');
    expect(pass.summary).toContain('Every changed file has a planned intent');
    expect(warningsOf(pass)[0]!.message).toContain('A pull request from a fork gets a read-only token');

    const missing = await fakeGitHub({ files: [{ filename: 'docs/new.py' }], readOnly: true });
    const fail = await run(missing, root);
    expect(fail.status, explain(fail)).toBe(1);
    expect(fail.summary).toContain('1 changed file lacks a planned intent');
    expect(fail.summary).toContain('No PR comment');
  });

  it('writes its outputs in the GITHUB_OUTPUT delimiter form', async () => {
    const github = await fakeGitHub({ files: [{ filename: 'docs/a.py' }, { filename: 'src/b.py' }] });
    const root = workspace({ '.settld/intents.json': COVERED });
    const result = await run(github, root, { comment: 'false' });
    expect(result.status, explain(result)).toBe(1);
    for (const name of ['missing-count', 'missing', 'matrix', 'ready']) {
      expect(result.outputFile).toMatch(new RegExp(`^${name}<<ghadelimiter_[0-9a-f-]{36}$`, 'm'));
    }
    expect(result.outputs).toEqual({
      'missing-count': '1',
      missing: JSON.stringify([{ file: 'docs/a.py', code: null, line: null, why: 'no_intent' }]),
      matrix: 'null',
      ready: 'false',
    });
    expect(github.requestsTo('POST', /graphql|comments/)).toEqual([]);
  });

  it('only warns with on-missing: warn, and skips removed files', async () => {
    const github = await fakeGitHub({
      files: [{ filename: 'docs/a.py' }, { filename: 'docs/gone.py', status: 'removed' }],
    });
    const root = workspace({ '.settld/intents.json': COVERED });
    const result = await run(github, root, { 'on-missing': 'warn' });
    expect(result.status, explain(result)).toBe(0);
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result).map((w) => w.properties.file)).toEqual(['docs/a.py']);
    expect(result.summary).toContain('(1 removed file skipped)');
    expect(github.comments[0]!.body).toContain('⚠️ settld · 1 changed file lacks a planned intent');
  });

  it('with a registry file, reserve lists the records to add and fails', async () => {
    const github = await fakeGitHub({ files: [{ filename: 'tools/gen.py' }] });
    const root = workspace({
      '.settld/intents.json': COVERED,
      'ruff.json': JSON.stringify([ruffFinding('tools/gen.py', 'F401', 2)]),
    });
    const result = await run(github, root, { 'on-missing': 'reserve', findings: 'ruff.json' });
    expect(result.status, explain(result)).toBe(1);
    const block = /```json\n([\s\S]*?)\n```/.exec(result.summary);
    const records = JSON.parse(block![1]!) as unknown[];
    expect(records).toHaveLength(1);
    expect(registryIntentSchema.parse(records[0])).toMatchObject({
      code: 'F401',
      file: 'tools/gen.py',
      line: 2,
      status: 'reserved',
    });
    expect(github.requestsTo('POST', /graphql/).some((r) => JSON.stringify(r.body).includes('Draft'))).toBe(
      false,
    );
  });
});

describe('bad input fails with one clear line', () => {
  const cases: [string, Record<string, string>, Record<string, string>, RegExp][] = [
    [
      'an unknown on-missing',
      { 'on-missing': 'block' },
      {},
      /^Input "on-missing": "block" is not one of fail, reserve, warn$/,
    ],
    [
      'an unreadable findings file',
      { findings: 'out/ruff.json' },
      {},
      /^Input "findings": cannot read out\/ruff.json \(no such file\)$/,
    ],
    [
      'findings that are not JSON',
      { findings: 'ruff.json' },
      { '.settld/intents.json': COVERED, 'ruff.json': '{oops' },
      /^Input "findings" \(ruff.json\): The findings are not valid JSON: /,
    ],
    [
      'a malformed registry',
      {},
      {
        '.settld/intents.json': JSON.stringify({
          format: 'settld-intents',
          version: 1,
          intents: [{ id: 'x' }],
        }),
      },
      /^Input "registry" \(.settld\/intents.json\): The intent registry is malformed at intents\[0\].code: /,
    ],
    [
      'a missing registry',
      {},
      { '.settld/other.json': '{}' },
      /^Input "registry": cannot read .settld\/intents.json \(no such file\): commit one/,
    ],
    [
      'half a remote',
      { 'settld-url': 'http://127.0.0.1:9' },
      {},
      /^Input "settld-url": is set but settld-api-key is not/,
    ],
    [
      'a bad critical code list',
      { 'critical-codes': ' , ' },
      {},
      /^Input "critical-codes": name at least one lint code/,
    ],
    ['a non-boolean', { comment: 'yes' }, {}, /^Input "comment": "yes" is not a boolean: use true or false$/],
  ];
  it.each(cases)('%s', async (_, inputs, files, message) => {
    const github = await fakeGitHub({ files: [{ filename: 'src/app.py' }] });
    const root = workspace(files);
    const result = await run(github, root, inputs);
    expect(result.status, explain(result)).toBe(1);
    expect(result.annotations).toHaveLength(1);
    expect(result.annotations[0]!.message).toMatch(message);
    expect(result.annotations[0]!.message).not.toContain('\n');
    expect(result.stderr).toBe('');
    expect(github.requestsTo('POST', /comments|graphql/)).toEqual([]);
  });

  it('refuses a push event with a line that says why', async () => {
    const github = await fakeGitHub();
    const push = await runAction({
      event: { ref: 'refs/heads/main' },
      apiUrl: github.url,
      token: github.token,
      workspace: workspace(),
      env: { GITHUB_EVENT_NAME: 'push' },
    });
    expect(push.status, explain(push)).toBe(1);
    expect(push.annotations.map((a) => a.message)).toEqual([
      'This action checks pull requests: run it on pull_request (the "push" event has no pull request)',
    ]);
  });
});
