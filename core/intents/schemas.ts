import { z } from 'zod';
import { tenantIdSchema } from '../auth/tenants.js';
import { pageQuerySchema } from '../pagination.js';
import { INTENT_STATUSES, INTENT_TYPES } from './model.js';
import { MAX_PATH_LENGTH } from './paths.js';
import { INITIAL_STATUSES } from './status.js';

/*
 * Input schemas for every transport. Roots are plain objects (MCP hosts refuse root unions).
 * Server-owned fields (id, tenant, agent_id, created_at, modified_at, resolved_at) are not part of
 * any input: zod strips unknown keys, so a client that sends them changes nothing, and a client
 * can never make an intent look fresher than it is.
 */

export const intentCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^\S+$/, 'a code has no spaces')
  .describe('Rule code as the linter prints it: F821, no-undef, @typescript-eslint/no-unused-vars');

export const intentFileSchema = z
  .string()
  .min(1)
  .max(MAX_PATH_LENGTH * 2)
  .describe('Repo-relative path, or a glob when it contains * or { (e.g. lukhas/core/**)');

const text = (max: number, what: string) => z.string().max(max).nullable().optional().describe(what);

const etaSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .nullable()
  .optional()
  .describe('Expected resolution: an ISO date (2026-03-31) or date-time');

const lineSchema = z.number().int().min(1).max(100_000_000).nullable().optional().describe('1-based line');

const tenantOption = tenantIdSchema
  .optional()
  .describe('Tenant (operator only; an API key always acts in its own tenant)');

export const intentIdSchema = z.string().min(1).max(128).describe('Intent id (int_…)');

export const intentIdInputSchema = z.object({ id: intentIdSchema });
export type IntentIdInput = z.infer<typeof intentIdInputSchema>;

const editableFields = {
  code: intentCodeSchema,
  type: z.enum(INTENT_TYPES).describe('lint (a linter finding) or import (an import-policy finding)'),
  file: intentFileSchema,
  line: lineSchema,
  reason_category: text(100, 'Short category, e.g. false-positive, legacy, planned-refactor'),
  reason: text(4000, 'Why the finding stays for now'),
  suggestion: text(4000, 'How it should eventually be fixed'),
  owner: text(200, 'Person or team that owns it (planned and committed need one)'),
  ticket: text(200, 'Tracking ticket (planned and committed need one)'),
  eta: etaSchema,
};

export const createIntentInputSchema = z.object({
  tenant_id: tenantOption,
  ...editableFields,
  type: editableFields.type.default('lint'),
  status: z
    .enum(INITIAL_STATUSES)
    .default('reserved')
    .describe(
      'reserved (a claim), planned, committed, or implemented; planned and committed need owner and ticket',
    ),
});
export type CreateIntentInput = z.input<typeof createIntentInputSchema>;

/** PATCH semantics: absent fields keep their value, `null` clears an optional one. */
export const updateIntentInputSchema = z.object({
  code: editableFields.code.optional(),
  type: editableFields.type.optional(),
  file: editableFields.file.optional(),
  line: editableFields.line,
  reason_category: editableFields.reason_category,
  reason: editableFields.reason,
  suggestion: editableFields.suggestion,
  owner: editableFields.owner,
  ticket: editableFields.ticket,
  eta: editableFields.eta,
  status: z
    .enum(INTENT_STATUSES)
    .optional()
    .describe(
      'New status; legal moves: reserved → planned → committed → implemented (steps may be skipped), ' +
        'any open status → expired, expired → reserved or planned',
    ),
});
export type UpdateIntentInput = z.input<typeof updateIntentInputSchema>;

/** The MCP `intents_update` input: the id beside the patch, in one plain object. */
export const updateIntentToolInputSchema = intentIdInputSchema.extend(updateIntentInputSchema.shape);

export const listIntentsInputSchema = pageQuerySchema.extend({
  tenant_id: tenantOption,
  owner: z.string().min(1).max(200).optional().describe('Only intents of this owner'),
  file: intentFileSchema.optional().describe('Only intents whose stored file or glob is exactly this'),
  status: z.enum(INTENT_STATUSES).optional(),
  code: intentCodeSchema.optional(),
});
export type ListIntentsInput = z.input<typeof listIntentsInputSchema>;

export const DEFAULT_STALE_DAYS = 30;

export const staleIntentsInputSchema = pageQuerySchema.extend({
  tenant_id: tenantOption,
  days: z.coerce
    .number()
    .int()
    .min(0)
    .max(36_500)
    .default(DEFAULT_STALE_DAYS)
    .describe(
      `Open (reserved, planned, committed) and not modified for this many days (default ${DEFAULT_STALE_DAYS})`,
    ),
});
export type StaleIntentsInput = z.input<typeof staleIntentsInputSchema>;

export const byOwnerInputSchema = pageQuerySchema.extend({
  tenant_id: tenantOption,
  owner: z.string().min(1).max(200),
});
export type ByOwnerInput = z.input<typeof byOwnerInputSchema>;

export const byFileInputSchema = pageQuerySchema.extend({
  tenant_id: tenantOption,
  file: intentFileSchema.describe('A repo path: intents on exactly this path, and globs that match it'),
});
export type ByFileInput = z.input<typeof byFileInputSchema>;

/** For operations that only need to know the tenant: metrics, export, import. */
export const tenantInputSchema = z.object({ tenant_id: tenantOption });
export type TenantInput = z.input<typeof tenantInputSchema>;

export const metricsInputSchema = tenantInputSchema;
export type MetricsInput = TenantInput;

export const metricsSummarySchema = z.object({
  total: z.number().int(),
  by_status: z.record(z.enum(INTENT_STATUSES), z.number().int()),
  by_code: z
    .array(z.object({ code: z.string(), count: z.number().int() }))
    .describe('Top 20 codes, most first'),
  quality_score: z
    .number()
    .nullable()
    .describe(
      'Share (0-1) of planned and committed intents with an owner and a ticket; null when there are none',
    ),
  avg_time_to_resolve_days: z
    .number()
    .nullable()
    .describe('Mean days from creation to implemented; null when nothing is implemented'),
});
export type MetricsSummary = z.infer<typeof metricsSummarySchema>;

export const importCountsSchema = z.object({
  inserted: z.number().int().describe('Intents the registry file added'),
  updated: z.number().int().describe('Intents the registry file replaced (same id)'),
});
