import { badRequest, conflict } from '../errors.js';
import type { IntentStatus } from './model.js';

/**
 * The legal status moves. Forward moves may skip steps (a reserved finding fixed at once goes
 * straight to implemented), and every open intent may expire.
 *
 * - `implemented` is terminal: its `resolved_at` is what `avg_time_to_resolve_days` measures, and
 *   reopening it would rewrite that history. A finding that comes back is a new intent.
 * - `expired` may be reopened, but only to `reserved` or `planned`: an intent that lapsed (its ETA
 *   passed, its owner left) is worth reviving with its history rather than duplicating, yet it must
 *   be planned again (owner and ticket) before anyone can claim it is committed or done.
 * - Backward moves (committed → planned, planned → reserved) are refused: to give up, expire.
 */
const TRANSITIONS: Readonly<Record<IntentStatus, readonly IntentStatus[]>> = {
  reserved: ['planned', 'committed', 'implemented', 'expired'],
  planned: ['committed', 'implemented', 'expired'],
  committed: ['implemented', 'expired'],
  implemented: [],
  expired: ['reserved', 'planned'],
};

/** A new intent cannot be born expired: there would be nothing it ever stood for. */
export const INITIAL_STATUSES = ['reserved', 'planned', 'committed', 'implemented'] as const;

export function allowedTransitions(from: IntentStatus): readonly IntentStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: IntentStatus, to: IntentStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function assertTransition(from: IntentStatus, to: IntentStatus): void {
  if (canTransition(from, to)) return;
  const allowed = TRANSITIONS[from];
  throw conflict(
    'INVALID_STATUS_TRANSITION',
    `An intent cannot move from "${from}" to "${to}"; from "${from}" it may move to: ${
      allowed.length ? allowed.join(', ') : 'nothing (it is final)'
    }`,
    { from, to, allowed },
  );
}

const needsOwnerAndTicket = (status: IntentStatus): boolean => status === 'planned' || status === 'committed';

/** Planned and committed intents are promises: someone (owner) must keep them, somewhere (ticket). */
export function assertOwnerAndTicket(
  status: IntentStatus,
  owner: string | null,
  ticket: string | null,
): void {
  if (!needsOwnerAndTicket(status) || (owner && ticket)) return;
  const absent = [owner ? null : 'owner', ticket ? null : 'ticket'].filter(Boolean);
  throw badRequest(
    'OWNER_AND_TICKET_REQUIRED',
    `A ${status} intent needs an owner and a ticket; missing: ${absent.join(' and ')}`,
    { status, missing: absent },
  );
}
