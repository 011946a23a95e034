import fc from 'fast-check';
import { expect, it } from 'vitest';
import { SqliteApiKeyRepository } from '../../core/auth/key-repository.js';
import { type Caller, LlmBudget, type Reservation } from '../../core/llm/budget.js';
import { SqliteLlmLedgerRepository } from '../../core/llm/ledger-repository.js';
import { openDatabase } from '../../core/store/database.js';
import { ManualClock } from './harness.js';

const KEY_LIMITS = [5_000, 8_000];
const TENANT_LIMIT = 10_000;

type Step =
  /** `edge`: a worst case just under, at or over what is left, where an off-by-one would hide. */
  | { kind: 'reserve'; caller: number; worst: number; edge: -1 | 0 | 1 | null }
  | { kind: 'settle'; pick: number; share: number }
  | { kind: 'release'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('reserve' as const),
    caller: fc.integer({ min: 0, max: 1 }),
    worst: fc.integer({ min: 0, max: 4_000 }),
    edge: fc.constantFrom(-1, 0, 1, null),
  }),
  fc.record({
    kind: fc.constant('settle' as const),
    pick: fc.nat(),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
);

/**
 * Any interleaving of reservations, settlements (at most the reservation) and releases, checked
 * against a plain model of the rules: a reservation is refused exactly when its worst case exceeds
 * what the key or the tenant has left, and no budget is ever exceeded.
 */
it('accepts exactly the reservations that fit, and never lets spend pass a limit', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
      const db = openDatabase(':memory:');
      const clock = new ManualClock('2026-03-01T12:00:00.000Z');
      const keys = new SqliteApiKeyRepository(db);
      const callers: Caller[] = [];
      for (const [i, limit] of KEY_LIMITS.entries()) {
        const id = `key${i}`;
        await keys.insert({
          id,
          tenantId: 'acme',
          secretHash: 'x',
          agentId: `agent-${i}`,
          owner: 'o',
          description: '',
          scopes: ['llm:call'],
          dailyLimitMicros: limit,
          expiresAt: null,
          revokedAt: null,
          lastUsedAt: null,
          createdAt: clock.now(),
        });
        callers.push({ tenantId: 'acme', caller: `key:${id}`, keyId: id, agentId: `agent-${i}` });
      }
      const budget = new LlmBudget(new SqliteLlmLedgerRepository(db), clock, TENANT_LIMIT, 3_600_000);
      const used = [0, 0];
      let tenantUsed = 0;
      const open: { reservation: Reservation; caller: number }[] = [];

      for (const s of steps) {
        if (s.kind === 'reserve') {
          const left = Math.min(KEY_LIMITS[s.caller]! - used[s.caller]!, TENANT_LIMIT - tenantUsed);
          const worst = s.edge === null ? s.worst : Math.max(0, left + s.edge);
          const attempt = budget.reserve(callers[s.caller]!, {
            model: 'm',
            priceModel: 'm',
            promptTokensEstimate: 1,
            maxCompletionTokens: 1,
            worstCaseMicros: worst,
          });
          if (worst <= left) {
            open.push({ reservation: await attempt, caller: s.caller });
            used[s.caller]! += worst;
            tenantUsed += worst;
          } else {
            await expect(attempt).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
          }
        } else if (open.length > 0) {
          const [{ reservation, caller }] = open.splice(s.pick % open.length, 1) as [(typeof open)[number]];
          const actual = s.kind === 'settle' ? Math.floor(reservation.reservedMicros * s.share) : 0;
          if (s.kind === 'settle') {
            await budget.settle(reservation, {
              promptTokens: 1,
              completionTokens: 1,
              costMicros: actual,
              latencyMs: 1,
              providerRequestId: null,
            });
          } else {
            await budget.release(reservation, {
              status: 'failed',
              errorCode: 'X',
              providerStatus: 500,
              latencyMs: 1,
            });
          }
          used[caller]! -= reservation.reservedMicros - actual;
          tenantUsed -= reservation.reservedMicros - actual;
        }
        for (const [i, caller] of callers.entries()) {
          const state = await budget.state(caller);
          expect(state.caller.reservedMicros + state.caller.spentMicros).toBe(used[i]);
          expect(state.tenant.reservedMicros + state.tenant.spentMicros).toBe(tenantUsed);
          expect(used[i]).toBeLessThanOrEqual(KEY_LIMITS[i]!);
        }
        expect(tenantUsed).toBeLessThanOrEqual(TENANT_LIMIT);
      }
      db.close();
    }),
    { numRuns: 100 },
  );
});
