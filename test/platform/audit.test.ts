import { afterEach, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../core/auth/authenticator.js';
import type { Platform } from '../../core/platform.js';
import { cliOperator, localAdmin } from '../../mcp/runtime.js';
import { testPlatform } from '../helpers/platform.js';

let platform: Platform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

async function withRows(count: number): Promise<Platform> {
  const p = testPlatform({ adminToken: 'adm_super_secret_token_123' });
  for (let i = 0; i < count; i += 1) {
    await p.audit.record({ action: 'TEST_EVENT', tenantId: 'default', principal: OPERATOR, details: { i } });
  }
  return p;
}

describe('audit chain', () => {
  it('verifies an untouched chain', async () => {
    platform = await withRows(5);
    expect(await platform.audit.verify(OPERATOR)).toEqual({ ok: true, rows: 5, headSeq: 5 });
  });

  it('names the changed row', async () => {
    platform = await withRows(5);
    platform.db.prepare(`UPDATE audit_log SET details = '{"i":99}' WHERE seq = 3`).run();
    expect(await platform.audit.verify(OPERATOR)).toMatchObject({ ok: false, badSeq: 3 });
  });

  it('names a removed row, in the middle or at the end', async () => {
    platform = await withRows(5);
    platform.db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(await platform.audit.verify(OPERATOR)).toMatchObject({ ok: false, badSeq: 2 });
    await platform.close();
    platform = await withRows(5);
    platform.db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    expect(await platform.audit.verify(OPERATOR)).toMatchObject({ ok: false, badSeq: 5 });
  });

  it('never stores a secret, even when one is passed in details', async () => {
    platform = await withRows(0);
    const { key } = await platform.keys.create(OPERATOR, { agent_id: 'a', owner: 'o' });
    await platform.audit.record({
      action: 'TEST_EVENT',
      tenantId: 'default',
      target: `/admin/api_keys?admin_token=adm_super_secret_token_123`,
      details: { note: `created ${key}`, nested: [{ token: 'adm_super_secret_token_123' }] },
    });
    const dump = JSON.stringify(platform.db.prepare('SELECT * FROM audit_log').all());
    expect(dump).not.toContain(key);
    expect(dump).not.toContain('adm_super_secret_token_123');
    expect(dump).toContain('API_KEY_CREATED');
    expect((await platform.audit.verify(OPERATOR)).ok).toBe(true);
  });

  it("lets only the operator verify the chain, since it holds every tenant's rows", async () => {
    platform = await withRows(3);
    const keyOf = async (tenant_id: string, scopes: string) =>
      platform!.keys.authenticate(
        (await platform!.keys.create(OPERATOR, { tenant_id, agent_id: 'a', owner: 'o', scopes })).key,
      );
    const tenantAdmin = await keyOf('acme', 'admin');
    await expect(platform.audit.verify(tenantAdmin)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
      message: expect.stringContaining('Only the operator verifies the audit chain'),
    });
    await expect(platform.audit.verify(await keyOf('acme', 'intents:read'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      details: { required: 'admin' },
    });
    // The CLI and the keyless stdio user run on the store's own machine: they may.
    for (const principal of [OPERATOR, cliOperator(), localAdmin()]) {
      expect(await platform.audit.verify(principal)).toMatchObject({ ok: true, headSeq: 5 });
    }
  });
});
