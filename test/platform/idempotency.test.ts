import { afterEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../core/platform.js';
import { ManualClock, testPlatform } from '../helpers/platform.js';

let platform: Platform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

const HOUR = 3_600_000;

describe('idempotency', () => {
  it('replays the stored response for the same key and body, marked reused, without running again', async () => {
    platform = testPlatform();
    let runs = 0;
    const request = {
      tenantId: 't',
      operation: 'matrix',
      key: 'matrix_t_build42',
      request: { targets: ['codex'] },
    };
    const first = await platform.idempotency.execute({
      ...request,
      run: () => Promise.resolve({ run: ++runs }),
    });
    const second = await platform.idempotency.execute({
      ...request,
      run: () => Promise.resolve({ run: ++runs }),
    });
    expect(first).toEqual({ value: { run: 1 }, reused: false });
    expect(second).toEqual({ value: { run: 1 }, reused: true });
    expect(runs).toBe(1);
  });

  it('refuses the same key with another body (422) and while the first still runs (409)', async () => {
    platform = testPlatform();
    const base = { tenantId: 't', operation: 'op', key: 'k1' };
    await platform.idempotency.execute({ ...base, request: { a: 1 }, run: () => Promise.resolve('done') });
    await expect(
      platform.idempotency.execute({ ...base, request: { a: 2 }, run: () => Promise.resolve('x') }),
    ).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });

    let release!: () => void;
    const slow = platform.idempotency.execute({
      ...base,
      key: 'k2',
      request: {},
      run: () => new Promise<string>((done) => (release = () => done('slow'))),
    });
    await expect(
      platform.idempotency.execute({ ...base, key: 'k2', request: {}, run: () => Promise.resolve('fast') }),
    ).rejects.toMatchObject({ status: 409, code: 'IDEMPOTENCY_IN_FLIGHT' });
    release();
    expect((await slow).value).toBe('slow');
  });

  it('validates the key: single line, at most 160 characters', async () => {
    platform = testPlatform();
    for (const key of ['', 'a\nb', 'x'.repeat(161), '   ']) {
      await expect(
        platform.idempotency.execute({
          tenantId: 't',
          operation: 'op',
          key,
          request: {},
          run: () => Promise.resolve(1),
        }),
      ).rejects.toMatchObject({ status: 400, code: 'INVALID_IDEMPOTENCY_KEY' });
    }
    const ok = await platform.idempotency.execute({
      tenantId: 't',
      operation: 'op',
      key: 'x'.repeat(160),
      request: {},
      run: () => Promise.resolve(1),
    });
    expect(ok.reused).toBe(false);
  });

  it('scopes keys by tenant and operation, forgets failures, and expires after 24 h', async () => {
    const clock = new ManualClock();
    platform = testPlatform({ clock });
    const run = (tenantId: string, operation: string, value: number) =>
      platform!.idempotency.execute({
        tenantId,
        operation,
        key: 'same',
        request: {},
        run: () => Promise.resolve(value),
      });
    expect((await run('a', 'op', 1)).reused).toBe(false);
    expect((await run('b', 'op', 2)).reused).toBe(false);
    expect((await run('a', 'other', 3)).reused).toBe(false);

    await expect(
      platform.idempotency.execute({
        tenantId: 'a',
        operation: 'fails',
        key: 'same',
        request: {},
        run: () => Promise.reject(new Error('boom')),
      }),
    ).rejects.toThrow('boom');
    expect((await run('a', 'fails', 4)).value).toBe(4);

    clock.advance(23 * HOUR);
    expect((await run('a', 'op', 5)).value).toBe(1);
    clock.advance(2 * HOUR);
    expect(await run('a', 'op', 6)).toEqual({ value: 6, reused: false });
  });
});
