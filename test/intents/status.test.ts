import { describe, expect, it } from 'vitest';
import { INTENT_STATUSES, type IntentStatus } from '../../core/intents/model.js';
import { assertOwnerAndTicket, assertTransition, canTransition } from '../../core/intents/status.js';
import { expectError } from './helpers.js';

const LEGAL: Record<IntentStatus, IntentStatus[]> = {
  reserved: ['reserved', 'planned', 'committed', 'implemented', 'expired'],
  planned: ['planned', 'committed', 'implemented', 'expired'],
  committed: ['committed', 'implemented', 'expired'],
  implemented: ['implemented'],
  expired: ['expired', 'reserved', 'planned'],
};

describe('intent status transitions', () => {
  it('allows exactly the documented moves', () => {
    for (const from of INTENT_STATUSES) {
      for (const to of INTENT_STATUSES) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(LEGAL[from].includes(to));
      }
    }
  });

  it('refuses a backward move with a 409 that lists the legal ones', async () => {
    await expectError(() => assertTransition('committed', 'planned'), 'INVALID_STATUS_TRANSITION', 409);
    try {
      assertTransition('implemented', 'expired');
    } catch (error) {
      expect((error as Error).message).toContain('final');
    }
  });

  it('needs owner and ticket for planned and committed only', async () => {
    await expectError(() => assertOwnerAndTicket('planned', 'team', null), 'OWNER_AND_TICKET_REQUIRED', 400);
    await expectError(
      () => assertOwnerAndTicket('committed', null, 'GH-1'),
      'OWNER_AND_TICKET_REQUIRED',
      400,
    );
    expect(() => assertOwnerAndTicket('planned', 'team', 'GH-1')).not.toThrow();
    expect(() => assertOwnerAndTicket('reserved', null, null)).not.toThrow();
    expect(() => assertOwnerAndTicket('implemented', null, null)).not.toThrow();
  });
});
