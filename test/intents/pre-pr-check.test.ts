import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../core/auth/authenticator.js';
import { checkAgainstRegistry, parseRegistryFile } from '../../core/intents/registry-file.js';
import { expectError, harness, reader, writer } from './helpers.js';

const planned = { owner: 'platform', ticket: 'GH-1' };

async function registry() {
  const h = harness();
  const who = writer();
  await h.service.create(who, { code: 'F821', file: 'lukhas/core/ok.py', status: 'planned', ...planned });
  await h.service.create(who, { code: 'F821', file: 'lukhas/core/reserved.py', status: 'reserved' });
  const old = await h.service.create(who, {
    code: 'F821',
    file: 'lukhas/core/old.py',
    status: 'planned',
    ...planned,
  });
  await h.service.update(who, old.id, { status: 'expired' });
  await h.service.create(who, { code: 'F401', file: 'lukhas/api/**', status: 'committed', ...planned });
  await h.service.create(who, {
    code: 'E501',
    file: 'lukhas/core/other-code.py',
    status: 'planned',
    ...planned,
  });
  await h.service.create(who, { code: 'F821', file: 'docs/why?.py', status: 'implemented' });
  await h.service.create(who, { code: 'F821', file: 'my docs/#1 plan.py', status: 'planned', ...planned });
  return h;
}

const files = [
  './lukhas/core/ok.py',
  'lukhas\\core\\reserved.py',
  'lukhas/core/old.py',
  'lukhas/api/v1/.hidden.py',
  'lukhas/core/other-code.py',
  'lukhas/core/none.py',
  'docs/why?.py',
  'docs/whyX.py',
  'my docs/#1 plan.py',
  'lukhas/core/ok.py',
];

describe('pre-PR check without findings (the seed rule)', () => {
  it('passes a file with a planned, committed or implemented intent of a critical code, by path or glob', async () => {
    const { service } = await registry();
    const result = await service.prePrCheck(reader(), { files, critical_codes: ['F821', 'F401'] });
    expect(result.mode).toBe('files');
    expect(result.checked).toBe(9);
    expect(result.ok).toBe(false);
    expect(result.missing).toEqual([
      'lukhas/core/reserved.py',
      'lukhas/core/old.py',
      'lukhas/core/other-code.py',
      'lukhas/core/none.py',
      'docs/whyX.py',
    ]);
    expect(result.details).toEqual([
      { file: 'lukhas/core/reserved.py', code: null, line: null, why: 'reserved_only' },
      { file: 'lukhas/core/old.py', code: null, line: null, why: 'expired' },
      { file: 'lukhas/core/other-code.py', code: null, line: null, why: 'no_intent' },
      { file: 'lukhas/core/none.py', code: null, line: null, why: 'no_intent' },
      { file: 'docs/whyX.py', code: null, line: null, why: 'no_intent' },
    ]);
    expect(result.created_reserved).toEqual([]);
  });

  it('reserves each missing file once, however often it runs, and never re-reserves a reserved one', async () => {
    const { service, audit } = await registry();
    const input = { files, critical_codes: ['F821', 'F401'], auto_create_reserved: true };
    const first = await service.prePrCheck(writer(), input);
    expect(first.created_reserved.map((intent) => [intent.file, intent.code, intent.status])).toEqual([
      ['lukhas/core/old.py', 'F821', 'reserved'],
      ['lukhas/core/other-code.py', 'F821', 'reserved'],
      ['lukhas/core/none.py', 'F821', 'reserved'],
      ['docs/whyX.py', 'F821', 'reserved'],
    ]);
    expect(first.created_reserved[0]?.agent_id).toBe('claude-agent-1');
    const again = await Promise.all([
      service.prePrCheck(writer(), input),
      service.prePrCheck(writer(), input),
    ]);
    expect(again.map((result) => result.created_reserved)).toEqual([[], []]);
    expect(again[0]?.missing).toEqual(first.missing);
    expect(again[0]?.details.every((detail) => detail.why === 'reserved_only')).toBe(true);
    const reservedEvents = await audit.list({ tenantId: 'acme', action: 'INTENT_RESERVED', limit: 100 });
    expect(reservedEvents).toHaveLength(4);
  });

  it('lets a read-only key check but not reserve', async () => {
    const { service } = await registry();
    await expectError(
      () => service.prePrCheck(reader(), { files, critical_codes: ['F821'], auto_create_reserved: true }),
      'FORBIDDEN',
      403,
    );
  });

  it('only sees its own tenant', async () => {
    const { service } = await registry();
    const result = await service.prePrCheck(reader('other'), {
      files: ['lukhas/core/ok.py'],
      critical_codes: ['F821'],
    });
    expect(result.details).toEqual([{ file: 'lukhas/core/ok.py', code: null, line: null, why: 'no_intent' }]);
  });

  it('refuses a path that escapes the repository', async () => {
    const { service } = await registry();
    await expectError(
      () => service.prePrCheck(reader(), { files: ['../x.py'], critical_codes: ['F821'] }),
      'INVALID_PATH',
      400,
    );
  });
});

describe('pre-PR check with findings', () => {
  const ruff = (entries: [string, string, number][]) =>
    JSON.stringify(
      entries.map(([filename, code, row]) => ({ code, filename, location: { row, column: 1 } })),
    );

  it('needs an intent only for (file, code) pairs with a critical finding', async () => {
    const { service } = await registry();
    const findings = ruff([
      ['/ci/repo/lukhas/core/none.py', 'E501', 3], // not critical
      ['/ci/repo/lukhas/core/ok.py', 'F821', 9], // covered by a planned intent
      ['/ci/repo/lukhas/core/ok.py', 'F401', 4], // not covered: the intent is for F821
      ['/ci/repo/lukhas/core/ok.py', 'F401', 2],
      ['/ci/repo/lukhas/api/v1/.hidden.py', 'F401', 1], // covered by the glob
      ['/ci/repo/not/in/pr.py', 'F821', 1], // not a changed file
    ]);
    const result = await service.prePrCheck(writer(), {
      files,
      critical_codes: ['F821', 'F401'],
      findings,
      root: '/ci/repo',
      auto_create_reserved: true,
    });
    expect(result.mode).toBe('findings');
    expect(result.missing).toEqual(['lukhas/core/ok.py']);
    expect(result.details).toEqual([{ file: 'lukhas/core/ok.py', code: 'F401', line: 2, why: 'no_intent' }]);
    expect(result.created_reserved.map((intent) => [intent.file, intent.code, intent.line])).toEqual([
      ['lukhas/core/ok.py', 'F401', 2],
    ]);
  });

  it('passes a changed file without critical findings (the issue’s "done when")', async () => {
    const { service } = await registry();
    const result = await service.prePrCheck(reader(), {
      files: ['lukhas/core/none.py'],
      critical_codes: ['F821'],
      findings: ruff([['lukhas/core/none.py', 'E501', 1]]),
    });
    expect(result).toMatchObject({ ok: true, missing: [], details: [], checked: 1 });
  });

  it('matches absolute finding paths to changed files by suffix when no root is given', async () => {
    const { service } = await registry();
    const result = await service.prePrCheck(reader(), {
      files: ['lukhas/core/none.py', 'my docs/#1 plan.py'],
      critical_codes: ['F821'],
      findings: ruff([
        ['/home/runner/work/repo/repo/lukhas/core/none.py', 'F821', 5],
        ['/home/runner/work/repo/repo/my docs/#1 plan.py', 'F821', 6],
      ]),
    });
    expect(result.details).toEqual([
      { file: 'lukhas/core/none.py', code: 'F821', line: 5, why: 'no_intent' },
    ]);
  });

  it('reports bad findings as INVALID_FINDINGS', async () => {
    const { service } = await registry();
    await expectError(
      () => service.prePrCheck(reader(), { files, critical_codes: ['F821'], findings: '{"version":"1.0"}' }),
      'INVALID_FINDINGS',
      400,
    );
  });
});

describe('the same rule over a registry file (the GitHub Action)', () => {
  it('gives the service’s answer, in both modes', async () => {
    const { service } = await registry();
    const file = parseRegistryFile(
      JSON.stringify(await service.exportRegistry(OPERATOR, { tenant_id: 'acme' })),
    );
    const inputs = [
      { files, critical_codes: ['F821', 'F401'] },
      {
        files,
        critical_codes: ['F821', 'F401'],
        findings: [{ code: 'F401', filename: 'lukhas/core/ok.py', location: { row: 1 } }],
      },
    ];
    for (const input of inputs) {
      const fromStore = await service.prePrCheck(reader(), input);
      const fromFile = await checkAgainstRegistry(file, { ...input, auto_create_reserved: true });
      expect(fromFile).toEqual(fromStore);
    }
  });
});
