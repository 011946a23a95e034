import { type Clock, nextUtcMidnight, toIso, utcDay } from '../clock.js';
import { SettldError, unauthorized } from '../errors.js';
import { randomBase62 } from '../hashing.js';
import type {
  BudgetSnapshot,
  DayUsage,
  LlmLedgerRepository,
  Release,
  Settlement,
} from './ledger-repository.js';
import { microsToUsd } from './money.js';

/** Who spends: one principal of one tenant. */
export interface Caller {
  tenantId: string;
  /** The principal's actor: `key:<id>`, `jwt:<sub>`, `local`. */
  caller: string;
  keyId: string | null;
  agentId: string;
}

export interface PlannedCall {
  model: string;
  priceModel: string;
  promptTokensEstimate: number;
  maxCompletionTokens: number;
  /** The worst case: every prompt token and every allowed completion token, priced. */
  worstCaseMicros: number;
}

/** The daily limits that applied when a reservation was made; null = no limit at that level. */
export interface Limits {
  callerMicros: number | null;
  tenantMicros: number | null;
}

export interface Reservation {
  id: string;
  day: string;
  reservedMicros: number;
  limits: Limits;
}

export interface BudgetState {
  day: string;
  resetsAt: number;
  limits: Limits;
  caller: DayUsage;
  tenant: DayUsage;
  /** What the next call may reserve: the smallest remaining among the limits that apply. */
  remainingMicros: number;
}

const left = (limit: number, usage: DayUsage) =>
  Math.max(0, limit - usage.reservedMicros - usage.spentMicros);

/** The smallest remaining budget among the limits that apply; 0 when none applies (such calls are refused). */
export function remainingMicros(limits: Limits, caller: DayUsage, tenant: DayUsage): number {
  const remaining: number[] = [];
  if (limits.callerMicros !== null) remaining.push(left(limits.callerMicros, caller));
  if (limits.tenantMicros !== null) remaining.push(left(limits.tenantMicros, tenant));
  return remaining.length === 0 ? 0 : Math.min(...remaining);
}

/**
 * The budget rules, applied inside the reservation transaction. A key must still exist, be
 * unrevoked and unexpired; every call must be covered by at least one finite daily limit (the
 * key's, or the tenant's), so a key issued without `daily_limit` spends only under a tenant limit;
 * and the worst case must fit in what every applicable limit has left.
 */
export function approveReservation(
  snapshot: BudgetSnapshot,
  call: { worstCaseMicros: number; day: string; now: number },
  tenantLimitMicros: number | null,
): Limits {
  const { key } = snapshot;
  if (key === null) throw unauthorized('Invalid API key', 'INVALID_API_KEY');
  if (key?.revokedAt != null) throw unauthorized('This API key has been revoked', 'API_KEY_REVOKED');
  if (key?.expiresAt != null && key.expiresAt <= call.now) {
    throw unauthorized('This API key has expired', 'API_KEY_EXPIRED');
  }
  const limits: Limits = { callerMicros: key?.dailyLimitMicros ?? null, tenantMicros: tenantLimitMicros };
  if (limits.callerMicros === null && limits.tenantMicros === null) {
    throw new SettldError(
      'NO_LLM_BUDGET',
      403,
      'This credential has no daily LLM limit and its tenant has none (SETTLD_TENANT_DAILY_LIMIT_USD): issue a key with daily_limit',
    );
  }
  const remaining = remainingMicros(limits, snapshot.caller, snapshot.tenant);
  if (call.worstCaseMicros > remaining) throw quotaExceeded(limits, snapshot, remaining, call);
  return limits;
}

function quotaExceeded(
  limits: Limits,
  snapshot: BudgetSnapshot,
  remaining: number,
  call: { worstCaseMicros: number; day: string; now: number },
): SettldError {
  const callerLeft = limits.callerMicros === null ? Infinity : left(limits.callerMicros, snapshot.caller);
  const scope = callerLeft <= remaining ? 'key' : 'tenant';
  const limit = (scope === 'key' ? limits.callerMicros : limits.tenantMicros) ?? 0;
  const resetsAt = nextUtcMidnight(call.now);
  const retryAfterSeconds = Math.ceil((resetsAt - call.now) / 1000);
  return new SettldError(
    'QUOTA_EXCEEDED',
    402,
    `Daily LLM budget exceeded (${scope}): this call may cost up to $${microsToUsd(call.worstCaseMicros)} and $${microsToUsd(remaining)} is left until ${toIso(resetsAt)}`,
    {
      scope,
      day: call.day,
      limit: microsToUsd(limit),
      limit_micros: limit,
      remaining: microsToUsd(remaining),
      remaining_micros: remaining,
      required: microsToUsd(call.worstCaseMicros),
      required_micros: call.worstCaseMicros,
      resetsAt: toIso(resetsAt),
      retryAfterSeconds,
    },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

const SWEEP_INTERVAL_MS = 60_000;

/** Per caller and per tenant daily budgets: reserve the worst case, then settle or release it. */
export class LlmBudget {
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ledger: LlmLedgerRepository,
    private readonly clock: Clock,
    private readonly tenantLimitMicros: number | null,
    /** A reservation older than this belongs to a call whose process died: it is given back. */
    private readonly abandonAfterMs: number,
  ) {}

  /**
   * Gives back what crashed processes held (at most once a minute): otherwise their worst cases
   * would count against the budget until the day ends.
   */
  private async sweepAbandoned(now: number): Promise<void> {
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    await this.ledger.releaseAbandoned(now - this.abandonAfterMs, 'LLM_CALL_ABANDONED', now);
  }

  /** Atomically checks and reserves; throws QUOTA_EXCEEDED, NO_LLM_BUDGET or a key error instead. */
  async reserve(caller: Caller, call: PlannedCall): Promise<Reservation> {
    const now = this.clock.now();
    await this.sweepAbandoned(now);
    const day = utcDay(now);
    const id = `llm_${randomBase62(16)}`;
    const limits = await this.ledger.reserve(
      {
        id,
        tenantId: caller.tenantId,
        caller: caller.caller,
        keyId: caller.keyId,
        agentId: caller.agentId,
        model: call.model,
        priceModel: call.priceModel,
        day,
        promptTokensEstimate: call.promptTokensEstimate,
        maxCompletionTokens: call.maxCompletionTokens,
        reservedMicros: call.worstCaseMicros,
        createdAt: now,
      },
      (snapshot) =>
        approveReservation(
          snapshot,
          { worstCaseMicros: call.worstCaseMicros, day, now },
          this.tenantLimitMicros,
        ),
    );
    return { id, day, reservedMicros: call.worstCaseMicros, limits };
  }

  /** Charges the actual cost (which is what the provider bills, even past the reservation) and frees the rest. */
  async settle(
    reservation: Reservation,
    settlement: Omit<Settlement, 'finishedAt'>,
  ): Promise<{ remainingMicros: number }> {
    const usage = await this.ledger.settle(reservation.id, { ...settlement, finishedAt: this.clock.now() });
    if (!usage) {
      throw new SettldError('LLM_RESERVATION_LOST', 500, `Reservation ${reservation.id} was no longer open`);
    }
    return { remainingMicros: remainingMicros(reservation.limits, usage.caller, usage.tenant) };
  }

  async release(reservation: Reservation, release: Omit<Release, 'finishedAt'>): Promise<void> {
    await this.ledger.release(reservation.id, { ...release, finishedAt: this.clock.now() });
  }

  /** Today's budget of a caller. A key's limit is read from its row, as the reservation does. */
  async state(caller: Caller): Promise<BudgetState> {
    const now = this.clock.now();
    await this.sweepAbandoned(now);
    const day = utcDay(now);
    const snapshot = await this.ledger.snapshot(caller.tenantId, caller.caller, caller.keyId, day);
    const limits: Limits = {
      callerMicros: snapshot.key?.dailyLimitMicros ?? null,
      tenantMicros: this.tenantLimitMicros,
    };
    return {
      day,
      resetsAt: nextUtcMidnight(now),
      limits,
      caller: snapshot.caller,
      tenant: snapshot.tenant,
      remainingMicros: remainingMicros(limits, snapshot.caller, snapshot.tenant),
    };
  }
}
