import { z } from 'zod';
import { toIso, toIsoOrNull } from '../clock.js';
import { randomBase62 } from '../hashing.js';

export const INTENT_STATUSES = ['reserved', 'planned', 'committed', 'implemented', 'expired'] as const;
export type IntentStatus = (typeof INTENT_STATUSES)[number];

/** Statuses of work still to do: what the stale report looks at. */
export const OPEN_STATUSES = ['reserved', 'planned', 'committed'] as const satisfies readonly IntentStatus[];

/** Statuses that satisfy the pre-PR check: someone owns the finding. A reservation is only a claim. */
export const SATISFYING_STATUSES: ReadonlySet<IntentStatus> = new Set([
  'planned',
  'committed',
  'implemented',
]);

export const INTENT_TYPES = ['lint', 'import'] as const;
export type IntentType = (typeof INTENT_TYPES)[number];

/** An intent as the core holds it: camelCase, epoch milliseconds. */
export interface IntentRow {
  id: string;
  tenantId: string;
  code: string;
  type: IntentType;
  /** A repo-relative path, or a glob (see paths.ts for when a file counts as a glob). */
  file: string;
  isGlob: boolean;
  /** The glob's literal directory prefix ('' at the root); null for a literal path. */
  globBase: string | null;
  line: number | null;
  reasonCategory: string | null;
  reason: string | null;
  suggestion: string | null;
  owner: string | null;
  ticket: string | null;
  eta: string | null;
  status: IntentStatus;
  agentId: string | null;
  createdAt: number;
  modifiedAt: number;
  resolvedAt: number | null;
}

export const newIntentId = (): string => `int_${randomBase62(16)}`;

export const intentViewSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  code: z.string(),
  type: z.enum(INTENT_TYPES),
  file: z.string(),
  is_glob: z.boolean(),
  line: z.number().int().nullable(),
  reason_category: z.string().nullable(),
  reason: z.string().nullable(),
  suggestion: z.string().nullable(),
  owner: z.string().nullable(),
  ticket: z.string().nullable(),
  eta: z.string().nullable(),
  status: z.enum(INTENT_STATUSES),
  agent_id: z.string().nullable(),
  created_at: z.string(),
  modified_at: z.string(),
  resolved_at: z.string().nullable(),
});

/** An intent at the edge (REST, MCP, registry file): snake_case, ISO timestamps, as in the T4 API. */
export type IntentView = z.infer<typeof intentViewSchema>;

export function toIntentView(row: IntentRow): IntentView {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    code: row.code,
    type: row.type,
    file: row.file,
    is_glob: row.isGlob,
    line: row.line,
    reason_category: row.reasonCategory,
    reason: row.reason,
    suggestion: row.suggestion,
    owner: row.owner,
    ticket: row.ticket,
    eta: row.eta,
    status: row.status,
    agent_id: row.agentId,
    created_at: toIso(row.createdAt),
    modified_at: toIso(row.modifiedAt),
    resolved_at: toIsoOrNull(row.resolvedAt),
  };
}
