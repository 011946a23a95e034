import { z } from 'zod';
import { intentViewSchema } from '../../core/intents/model.js';
import { prePrCheckInputSchema, prePrCheckResultSchema } from '../../core/intents/pre-pr-check.js';
import {
  byFileInputSchema,
  createIntentInputSchema,
  intentIdInputSchema,
  listIntentsInputSchema,
  metricsInputSchema,
  metricsSummarySchema,
  staleIntentsInputSchema,
  updateIntentToolInputSchema,
} from '../../core/intents/schemas.js';
import { pageSchema } from '../../core/pagination.js';
import { defineTool, READ_ONLY } from './tool.js';

const intentPage = pageSchema(intentViewSchema);
const LIFECYCLE =
  'Statuses: reserved (a claim, does not satisfy the pre-PR check) → planned → committed (both need owner and ticket) → implemented; any open status → expired.';

export const intentsPrePrCheckTool = defineTool({
  name: 'intents_pre_pr_check',
  title: 'Pre-PR intent check',
  description:
    'Run before opening a pull request. Give the changed files and the critical codes (e.g. ["F821","F401"]); ' +
    'optionally the linter output as findings (ruff --output-format json, ESLint JSON or SARIF 2.1.0), so that only files with a critical finding need an intent. ' +
    'A file passes when a planned, committed or implemented intent with the code covers it (exact path or glob). ' +
    'Returns ok, missing (files), details (file, code, line, why: no_intent, reserved_only, expired) and checked. ' +
    'With auto_create_reserved, each missing (file, code) gets one reserved placeholder, never a duplicate (needs intents:write). ' +
    'When something is missing: plan the intents (owner, ticket) or open a draft PR.',
  toolset: 'intents',
  scope: 'intents:read',
  input: prePrCheckInputSchema,
  output: prePrCheckResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: (input, { platform, principal }) => platform.intents.prePrCheck(principal, input),
});

export const intentsCreateTool = defineTool({
  name: 'intents_create',
  title: 'Create intent',
  description: `Records an intent: an owned justification or plan for a lint finding (code such as F821 at a file or a glob like lukhas/core/**, optional line). ${LIFECYCLE} Your agent id and the timestamps are set by the server. Needs intents:write.`,
  toolset: 'intents',
  scope: 'intents:write',
  input: createIntentInputSchema,
  output: intentViewSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: (input, { platform, principal }) => platform.intents.create(principal, input),
});

export const intentsGetTool = defineTool({
  name: 'intents_get',
  title: 'Get intent',
  description: 'One intent by id (int_…).',
  toolset: 'intents',
  scope: 'intents:read',
  input: intentIdInputSchema,
  output: intentViewSchema,
  annotations: READ_ONLY,
  run: (input, { platform, principal }) => platform.intents.get(principal, input.id),
});

export const intentsUpdateTool = defineTool({
  name: 'intents_update',
  title: 'Update intent',
  description: `Changes an intent by id: fields you leave out are kept, null clears one. ${LIFECYCLE} An illegal status move is refused (INVALID_STATUS_TRANSITION). Needs intents:write.`,
  toolset: 'intents',
  scope: 'intents:write',
  input: updateIntentToolInputSchema,
  output: intentViewSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: ({ id, ...patch }, { platform, principal }) => platform.intents.update(principal, id, patch),
});

export const intentsDeleteTool = defineTool({
  name: 'intents_delete',
  title: 'Delete intent',
  description:
    'Deletes an intent by id for good (prefer moving it to expired, which keeps the history). Needs the admin scope.',
  toolset: 'intents',
  scope: 'admin',
  input: intentIdInputSchema,
  output: z.object({ deleted: z.literal(true), intent: intentViewSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  run: async (input, { platform, principal }) => ({
    deleted: true as const,
    intent: await platform.intents.delete(principal, input.id),
  }),
});

export const intentsListTool = defineTool({
  name: 'intents_list',
  title: 'List intents',
  description:
    'Intents of your tenant, newest first, filtered by owner, file (the stored path or glob, exactly), status or code; paginated (limit, cursor → nextCursor). To ask which intents cover a path, use intents_by_file.',
  toolset: 'intents',
  scope: 'intents:read',
  input: listIntentsInputSchema,
  output: intentPage,
  annotations: READ_ONLY,
  run: (input, { platform, principal }) => platform.intents.list(principal, input),
});

export const intentsByFileTool = defineTool({
  name: 'intents_by_file',
  title: 'Intents covering a file',
  description:
    'Intents that cover a repository path: on exactly that path, or a glob matching it; paginated.',
  toolset: 'intents',
  scope: 'intents:read',
  input: byFileInputSchema,
  output: intentPage,
  annotations: READ_ONLY,
  run: (input, { platform, principal }) => platform.intents.byFile(principal, input),
});

export const intentsStaleTool = defineTool({
  name: 'intents_stale',
  title: 'Stale intents',
  description:
    'Open intents (reserved, planned, committed) not modified for `days` days (default 30), oldest first; paginated.',
  toolset: 'intents',
  scope: 'intents:read',
  input: staleIntentsInputSchema,
  output: intentPage,
  annotations: READ_ONLY,
  run: (input, { platform, principal }) => platform.intents.stale(principal, input),
});

export const intentsMetricsTool = defineTool({
  name: 'intents_metrics',
  title: 'Intent metrics',
  description:
    'Registry summary: total, by_status, by_code (top 20), quality_score (share of planned and committed intents with owner and ticket) and avg_time_to_resolve_days.',
  toolset: 'intents',
  scope: 'intents:read',
  input: metricsInputSchema,
  output: metricsSummarySchema,
  annotations: READ_ONLY,
  run: (input, { platform, principal }) => platform.intents.metrics(principal, input),
});

export const INTENT_TOOLS = [
  intentsPrePrCheckTool,
  intentsCreateTool,
  intentsGetTool,
  intentsUpdateTool,
  intentsDeleteTool,
  intentsListTool,
  intentsByFileTool,
  intentsStaleTool,
  intentsMetricsTool,
];
