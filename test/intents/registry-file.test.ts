import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../core/auth/authenticator.js';
import {
  checkAgainstRegistry,
  parseRegistryFile,
  REGISTRY_FORMAT,
} from '../../core/intents/registry-file.js';
import { DAY_MS, expectError, harness, tenantAdmin, writer } from './helpers.js';

const planned = { owner: 'platform', ticket: 'GH-1' };

describe('registry export and import', () => {
  it('round-trips every field, timestamps included, into another tenant', async () => {
    const source = harness();
    await source.service.create(writer(), {
      code: 'F821',
      file: 'lukhas/core/**',
      status: 'planned',
      ...planned,
    });
    const done = await source.service.create(writer(), { code: 'F401', file: 'my docs/#1 why?.py', line: 3 });
    source.clock.advance(3 * DAY_MS);
    await source.service.update(writer(), done.id, { status: 'implemented', reason: 'fixed' });
    const exported = await source.service.exportRegistry(writer());
    expect(exported).toMatchObject({ format: REGISTRY_FORMAT, version: 1 });
    expect(exported.intents).toHaveLength(2);

    const target = harness();
    target.clock.advance(100 * DAY_MS);
    const text = JSON.stringify(exported);
    expect(await target.service.importRegistry(tenantAdmin('globex'), text)).toEqual({
      inserted: 2,
      updated: 0,
    });
    const again = await target.service.exportRegistry(tenantAdmin('globex'));
    expect(again.intents).toEqual(exported.intents);
    const metrics = await target.service.metrics(tenantAdmin('globex'));
    expect(metrics.avg_time_to_resolve_days).toBe(3);

    // Importing again updates in place by id.
    exported.intents[0]!.reason = 'edited in the file';
    expect(await target.service.importRegistry(tenantAdmin('globex'), exported)).toEqual({
      inserted: 0,
      updated: 2,
    });
    expect((await target.service.get(tenantAdmin('globex'), exported.intents[0]!.id)).reason).toBe(
      'edited in the file',
    );
  });

  it('needs admin to import, and never takes over another tenant’s ids', async () => {
    const { service } = harness();
    const intent = await service.create(writer('acme'), { code: 'F821', file: 'a.py' });
    const file = await service.exportRegistry(writer('acme'));
    await expectError(() => service.importRegistry(writer('acme'), file), 'FORBIDDEN', 403);
    await expectError(() => service.importRegistry(tenantAdmin('globex'), file), 'INTENT_ID_TAKEN', 409);
    expect((await service.get(OPERATOR, intent.id)).tenant_id).toBe('acme');
  });

  it('accepts a hand-written file with only id, code, file and status', async () => {
    const { service, clock } = harness();
    const file = {
      format: 'settld-intents',
      version: 1,
      intents: [
        {
          id: 'legacy-1',
          code: 'F821',
          file: './lukhas\\core\\**',
          status: 'committed',
          owner: 'core',
          ticket: 'GH-9',
        },
        { id: 'legacy-2', code: 'F401', file: 'old.py', status: 'implemented' },
      ],
    };
    expect(await service.importRegistry(OPERATOR, file)).toEqual({ inserted: 2, updated: 0 });
    const stored = await service.get(OPERATOR, 'legacy-1');
    expect(stored).toMatchObject({ file: 'lukhas/core/**', is_glob: true, tenant_id: 'default' });
    expect(stored.created_at).toBe(new Date(clock.now()).toISOString());
    expect((await service.get(OPERATOR, 'legacy-2')).resolved_at).toBe(new Date(clock.now()).toISOString());
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['a list', '[]', /JSON object/],
    ['another format', { format: 'x', version: 1, intents: [] }, /format/],
    ['a newer version', { format: 'settld-intents', version: 2, intents: [] }, /version 2, newer/],
    [
      'a bad status',
      {
        format: 'settld-intents',
        version: 1,
        intents: [{ id: 'a', code: 'F1', file: 'a.py', status: 'done' }],
      },
      /intents\[0\]\.status/,
    ],
    [
      'a missing id',
      { format: 'settld-intents', version: 1, intents: [{ code: 'F1', file: 'a.py', status: 'reserved' }] },
      /intents\[0\]\.id/,
    ],
    [
      'an escaping path',
      {
        format: 'settld-intents',
        version: 1,
        intents: [{ id: 'a', code: 'F1', file: '../a.py', status: 'reserved' }],
      },
      /intents\[0\]\.file/,
    ],
    [
      'a duplicate id',
      {
        format: 'settld-intents',
        version: 1,
        intents: [
          { id: 'a', code: 'F1', file: 'a.py', status: 'reserved' },
          { id: 'a', code: 'F1', file: 'b.py', status: 'reserved' },
        ],
      },
      /appears twice/,
    ],
  ])('refuses %s with INVALID_REGISTRY', async (_name, input, message) => {
    await expectError(() => parseRegistryFile(input), 'INVALID_REGISTRY', 400);
    expect(() => parseRegistryFile(input)).toThrow(message);
  });

  it('checks a PR against a file without any store', async () => {
    const registry = parseRegistryFile({
      format: 'settld-intents',
      version: 1,
      intents: [
        { id: 'a', code: 'F821', file: 'lukhas/core/**', status: 'planned', owner: 'x', ticket: 'y' },
        { id: 'b', code: 'F821', file: 'lukhas/api/x.py', status: 'reserved' },
      ],
    });
    const result = await checkAgainstRegistry(registry, {
      files: ['lukhas/core/foo.py', 'lukhas/api/x.py'],
      critical_codes: ['F821'],
    });
    expect(result).toEqual({
      ok: false,
      mode: 'files',
      missing: ['lukhas/api/x.py'],
      details: [{ file: 'lukhas/api/x.py', code: null, line: null, why: 'reserved_only' }],
      created_reserved: [],
      checked: 2,
    });
  });
});
