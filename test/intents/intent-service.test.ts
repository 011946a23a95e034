import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../core/auth/authenticator.js';
import { SqliteIntentRepository } from '../../core/intents/intent-repository.js';
import type { IntentRow } from '../../core/intents/model.js';
import { prePrCheckInputSchema } from '../../core/intents/pre-pr-check.js';
import {
  byFileInputSchema,
  byOwnerInputSchema,
  createIntentInputSchema,
  intentIdInputSchema,
  listIntentsInputSchema,
  metricsInputSchema,
  staleIntentsInputSchema,
  updateIntentToolInputSchema,
} from '../../core/intents/schemas.js';
import { openDatabase } from '../../core/store/database.js';
import { z } from 'zod';
import { DAY_MS, expectError, harness, reader, tenantAdmin, writer } from './helpers.js';

const planned = { owner: 'platform', ticket: 'GH-1' };

describe('creating and updating intents', () => {
  it('owns its timestamps and agent: body values are ignored', async () => {
    const { service, clock } = harness();
    const created = await service.create(writer(), {
      code: 'F821',
      file: './lukhas/core/foo.py',
      // A client trying to look fresh, or to be someone else: none of this is input.
      created_at: '2099-01-01T00:00:00Z',
      modified_at: '2099-01-01T00:00:00Z',
      resolved_at: '2099-01-01T00:00:00Z',
      agent_id: 'somebody-else',
      tenant: 'other',
      id: 'chosen-id',
    } as never);
    expect(created).toMatchObject({
      tenant_id: 'acme',
      file: 'lukhas/core/foo.py',
      is_glob: false,
      status: 'reserved',
      type: 'lint',
      agent_id: 'claude-agent-1',
      created_at: new Date(clock.now()).toISOString(),
      modified_at: new Date(clock.now()).toISOString(),
      resolved_at: null,
    });
    expect(created.id).toMatch(/^int_[0-9A-Za-z]{16}$/);

    clock.advance(DAY_MS);
    const patched = await service.update(writer(), created.id, {
      modified_at: '2099-01-01T00:00:00Z',
    } as never);
    expect(patched.modified_at).toBe(created.modified_at);
    const same = await service.update(writer(), created.id, { code: 'F821', reason: null });
    expect(same.modified_at).toBe(created.modified_at);
  });

  it('walks the lifecycle and sets resolved_at when implemented', async () => {
    const { service, clock, audit } = harness();
    const intent = await service.create(writer(), { code: 'F401', file: 'a.py' });
    await expectError(
      () => service.update(writer(), intent.id, { status: 'planned' }),
      'OWNER_AND_TICKET_REQUIRED',
      400,
    );
    clock.advance(1000);
    const plannedIntent = await service.update(writer(), intent.id, { status: 'planned', ...planned });
    expect(plannedIntent.modified_at).not.toBe(intent.modified_at);
    await expectError(
      () => service.update(writer(), intent.id, { owner: '  ' }),
      'OWNER_AND_TICKET_REQUIRED',
      400,
    );
    await service.update(writer(), intent.id, { status: 'committed', eta: '2027-01-31' });
    clock.advance(2 * DAY_MS);
    const done = await service.update(writer(), intent.id, { status: 'implemented' });
    expect(done.resolved_at).toBe(new Date(clock.now()).toISOString());
    await expectError(
      () => service.update(writer(), intent.id, { status: 'expired' }),
      'INVALID_STATUS_TRANSITION',
      409,
    );
    await expectError(
      () => service.update(writer(), intent.id, { status: 'reserved' }),
      'INVALID_STATUS_TRANSITION',
      409,
    );
    const events = await audit.list({ tenantId: 'acme', action: 'INTENT_UPDATED', limit: 10 });
    expect(events.map((event) => [event.details.status_from, event.details.status_to])).toEqual([
      ['committed', 'implemented'],
      ['planned', 'committed'],
      ['reserved', 'planned'],
    ]);
  });

  it('reopens an expired intent only to reserved or planned', async () => {
    const { service } = harness();
    const intent = await service.create(writer(), {
      code: 'F401',
      file: 'a.py',
      status: 'planned',
      ...planned,
    });
    await service.update(writer(), intent.id, { status: 'expired' });
    await expectError(
      () => service.update(writer(), intent.id, { status: 'committed' }),
      'INVALID_STATUS_TRANSITION',
      409,
    );
    expect((await service.update(writer(), intent.id, { status: 'planned' })).status).toBe('planned');
  });

  it('will not reopen an expired intent as a second reservation of the same finding', async () => {
    const { service } = harness();
    const intent = await service.create(writer(), { code: 'F401', file: 'a.py' });
    await service.update(writer(), intent.id, { status: 'expired' });
    const placeholder = await service.create(writer(), { code: 'F401', file: 'a.py' });
    await expectError(
      () => service.update(writer(), intent.id, { status: 'reserved' }),
      'INTENT_ALREADY_RESERVED',
      409,
    );
    expect((await service.get(reader(), intent.id)).status).toBe('expired');
    expect((await service.get(reader(), placeholder.id)).status).toBe('reserved');
  });

  it('requires owner and ticket when created planned or committed', async () => {
    const { service } = harness();
    await expectError(
      () => service.create(writer(), { code: 'F401', file: 'a.py', status: 'committed', owner: 'x' }),
      'OWNER_AND_TICKET_REQUIRED',
      400,
    );
    await expectError(
      () => service.create(writer(), { code: 'F401', file: 'a.py', status: 'expired' } as never),
      'INVALID_INPUT',
      400,
    );
  });

  it('keeps one reservation per (file, code)', async () => {
    const { service } = harness();
    const first = await service.create(writer(), { code: 'F401', file: 'a.py' });
    try {
      await service.create(writer(), { code: 'F401', file: './a.py' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'INTENT_ALREADY_RESERVED',
        status: 409,
        details: { existing_id: first.id },
      });
    }
    // A plan next to the reservation is fine.
    await service.create(writer(), { code: 'F401', file: 'a.py', status: 'planned', ...planned });
  });

  it('refuses writes without intents:write and deletes only with admin', async () => {
    const { service, audit } = harness();
    const intent = await service.create(writer(), { code: 'F401', file: 'a.py' });
    await expectError(() => service.create(reader(), { code: 'F401', file: 'b.py' }), 'FORBIDDEN', 403);
    await expectError(() => service.update(reader(), intent.id, { reason: 'x' }), 'FORBIDDEN', 403);
    await expectError(() => service.delete(writer(), intent.id), 'FORBIDDEN', 403);
    expect((await service.delete(tenantAdmin(), intent.id)).id).toBe(intent.id);
    await expectError(() => service.get(reader(), intent.id), 'NOT_FOUND', 404);
    expect(await audit.list({ tenantId: 'acme', action: 'INTENT_DELETED', limit: 5 })).toHaveLength(1);
  });

  it('hides another tenant’s intents (404), while the operator sees them', async () => {
    const { service } = harness();
    const intent = await service.create(writer('acme'), { code: 'F401', file: 'a.py' });
    await expectError(() => service.get(reader('globex'), intent.id), 'NOT_FOUND', 404);
    await expectError(
      () => service.update(writer('globex'), intent.id, { reason: 'mine' }),
      'NOT_FOUND',
      404,
    );
    await expectError(() => service.delete(tenantAdmin('globex'), intent.id), 'NOT_FOUND', 404);
    await expectError(() => service.list(reader('globex'), { tenant_id: 'acme' }), 'FORBIDDEN', 403);
    expect((await service.list(reader('globex'), {})).items).toEqual([]);
    expect((await service.get(OPERATOR, intent.id)).tenant_id).toBe('acme');
    expect((await service.list(OPERATOR, { tenant_id: 'acme' })).items).toHaveLength(1);
  });
});

describe('queries', () => {
  it('lists with filters and pages with limit and cursor', async () => {
    const { service, clock } = harness();
    for (let i = 0; i < 7; i += 1) {
      clock.advance(1000);
      await service.create(writer(), {
        code: i % 2 ? 'F401' : 'F821',
        file: `src/m${i}.py`,
        ...(i < 3 ? { status: 'planned', ...planned } : {}),
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await service.list(reader(), { limit: 3, cursor });
      seen.push(...page.items.map((intent) => intent.file));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([
      'src/m0.py',
      'src/m1.py',
      'src/m2.py',
      'src/m3.py',
      'src/m4.py',
      'src/m5.py',
      'src/m6.py',
    ]);
    expect(
      (await service.list(reader(), { status: 'planned', code: 'F821' })).items.map((i) => i.file),
    ).toEqual(['src/m0.py', 'src/m2.py']);
    expect((await service.byOwner(reader(), { owner: 'platform', limit: 2 })).items).toHaveLength(2);
    expect((await service.list(reader(), { file: './src/m4.py' })).items).toHaveLength(1);
    await expectError(() => service.list(reader(), { cursor: 'garbage' }), 'INVALID_CURSOR', 400);
    await expectError(() => service.list(reader(), { limit: 201 }), 'INVALID_INPUT', 400);
    expect((await service.list(reader(), {})).items).toHaveLength(7);
  });

  it('reports stale open intents, oldest first, by modification time', async () => {
    const { service, clock } = harness();
    const oldReserved = await service.create(writer(), { code: 'F401', file: 'a.py' });
    const oldDone = await service.create(writer(), { code: 'F401', file: 'b.py', status: 'implemented' });
    const touched = await service.create(writer(), { code: 'F401', file: 'c.py' });
    clock.advance(20 * DAY_MS);
    await service.update(writer(), touched.id, { reason: 'still relevant' });
    clock.advance(15 * DAY_MS);
    const stale = await service.stale(reader(), {});
    expect(stale.items.map((intent) => intent.id)).toEqual([oldReserved.id]);
    expect((await service.stale(reader(), { days: 10 })).items.map((intent) => intent.id)).toEqual([
      oldReserved.id,
      touched.id,
    ]);
    expect(stale.items.map((intent) => intent.id)).not.toContain(oldDone.id);
    const paged = await service.stale(reader(), { days: 10, limit: 1 });
    expect(paged.items).toHaveLength(1);
    const next = await service.stale(reader(), { days: 10, limit: 1, cursor: paged.nextCursor ?? undefined });
    expect(next.items.map((intent) => intent.id)).toEqual([touched.id]);
    expect(next.nextCursor).toBeNull();
  });

  it('answers by file with exact intents and the globs that match the path', async () => {
    const { service, clock } = harness();
    const exact = await service.create(writer(), { code: 'F401', file: 'lukhas/core/foo.py' });
    clock.advance(1);
    const glob = await service.create(writer(), {
      code: 'F821',
      file: 'lukhas/core/**',
      status: 'planned',
      ...planned,
    });
    clock.advance(1);
    const rootGlob = await service.create(writer(), {
      code: 'E501',
      file: '**/*.py',
      status: 'planned',
      ...planned,
    });
    await service.create(writer(), { code: 'F821', file: 'lukhas/api/**', status: 'planned', ...planned });
    await service.create(writer(), { code: 'F821', file: 'lukhas/core/foo.pyi' });
    const page = await service.byFile(reader(), { file: './lukhas/core/foo.py' });
    expect(page.items.map((intent) => intent.id)).toEqual([exact.id, glob.id, rootGlob.id]);
    const first = await service.byFile(reader(), { file: 'lukhas/core/foo.py', limit: 2 });
    const rest = await service.byFile(reader(), {
      file: 'lukhas/core/foo.py',
      cursor: first.nextCursor ?? undefined,
    });
    expect([...first.items, ...rest.items].map((intent) => intent.id)).toEqual([
      exact.id,
      glob.id,
      rootGlob.id,
    ]);
    expect((await service.byFile(reader(), { file: 'docs/why?.md' })).items).toEqual([]);
  });

  it('computes every metric for real', async () => {
    const { service, clock, repository } = harness();
    expect(await service.metrics(reader())).toEqual({
      total: 0,
      by_status: { reserved: 0, planned: 0, committed: 0, implemented: 0, expired: 0 },
      by_code: [],
      quality_score: null,
      avg_time_to_resolve_days: null,
    });
    const a = await service.create(writer(), { code: 'F821', file: 'a.py' });
    const b = await service.create(writer(), { code: 'F821', file: 'b.py', status: 'planned', ...planned });
    await service.create(writer(), { code: 'F401', file: 'c.py', status: 'committed', ...planned });
    clock.advance(2 * DAY_MS);
    await service.update(writer(), a.id, { status: 'implemented' });
    clock.advance(2 * DAY_MS);
    await service.update(writer(), b.id, { status: 'implemented' });
    // An imported record may lack what create insists on: that is what quality_score measures.
    await repository.importRows('acme', [legacyPlanned()], clock.now());
    expect(await service.metrics(reader())).toEqual({
      total: 4,
      by_status: { reserved: 0, planned: 1, committed: 1, implemented: 2, expired: 0 },
      by_code: [
        { code: 'F821', count: 2 },
        { code: 'F401', count: 1 },
        { code: 'W291', count: 1 },
      ],
      quality_score: 0.5,
      avg_time_to_resolve_days: 3,
    });
    expect((await service.metrics(reader('globex'))).total).toBe(0);
  });
});

describe('reservations under concurrency', () => {
  it('never duplicates a placeholder, even from two connections to one store', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'settld-intents-')), 'store.db');
    const one = new SqliteIntentRepository(openDatabase(path));
    const two = new SqliteIntentRepository(openDatabase(path));
    const placeholder = (id: string): IntentRow => ({
      ...legacyPlanned(),
      id,
      code: 'F821',
      status: 'reserved',
    });
    const results = await Promise.all([
      one.reservePlaceholders([placeholder('int_one')]),
      two.reservePlaceholders([placeholder('int_two')]),
      one.reservePlaceholders([placeholder('int_three')]),
    ]);
    expect(results.map((created) => created.length).sort()).toEqual([0, 0, 1]);
    const listed = await one.list({ tenantId: 'acme', limit: 10, cursor: null });
    expect(listed.items).toHaveLength(1);
  });
});

describe('input schemas for the transports', () => {
  it('have a plain object root', () => {
    const schemas = [
      createIntentInputSchema,
      updateIntentToolInputSchema,
      intentIdInputSchema,
      listIntentsInputSchema,
      staleIntentsInputSchema,
      byOwnerInputSchema,
      byFileInputSchema,
      metricsInputSchema,
      prePrCheckInputSchema,
    ];
    for (const schema of schemas) {
      const json = z.toJSONSchema(schema, { io: 'input' });
      expect(json.type).toBe('object');
      expect(json).not.toHaveProperty('anyOf');
      expect(Object.keys(json.properties ?? {})).not.toContain('modified_at');
    }
  });
});

function legacyPlanned(): IntentRow {
  return {
    id: 'int_legacy',
    tenantId: 'acme',
    code: 'W291',
    type: 'lint',
    file: 'legacy.py',
    isGlob: false,
    globBase: null,
    line: null,
    reasonCategory: null,
    reason: null,
    suggestion: null,
    owner: null,
    ticket: null,
    eta: null,
    status: 'planned',
    agentId: null,
    createdAt: 0,
    modifiedAt: 0,
    resolvedAt: null,
  };
}
