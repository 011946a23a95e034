import { z } from 'zod';
import { apiKeyViewSchema, createKeyInputSchema } from '../../core/auth/api-keys.js';
import { tenantIdSchema } from '../../core/auth/tenants.js';
import { pageQuerySchema, pageSchema } from '../../core/pagination.js';
import { defineTool, READ_ONLY } from './tool.js';

export const adminCreateApiKeyTool = defineTool({
  name: 'admin_create_api_key',
  title: 'Create API key',
  description:
    'Issues an API key (sk_<id>_<secret>) for an agent. The secret is returned once and never again: store it in a secret manager. Needs the admin scope; a tenant admin issues keys only in its own tenant.',
  toolset: 'admin',
  scope: 'admin',
  input: createKeyInputSchema,
  output: z.object({ key: z.string().describe('The full key, shown only now'), api_key: apiKeyViewSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async (input, { platform, principal }) => {
    const { key, view } = await platform.keys.create(principal, input);
    return { key, api_key: view };
  },
});

export const adminListApiKeysTool = defineTool({
  name: 'admin_list_api_keys',
  title: 'List API keys',
  description:
    'Lists API keys with their status, scopes, expiry and last use, never their secrets. Paginated: pass nextCursor back as cursor.',
  toolset: 'admin',
  scope: 'admin',
  input: pageQuerySchema.extend({
    tenant_id: tenantIdSchema.optional().describe('Operator only: list another tenant'),
  }),
  output: pageSchema(apiKeyViewSchema),
  annotations: READ_ONLY,
  run: (input, { platform, principal }) =>
    platform.keys.list(principal, { tenantId: input.tenant_id, limit: input.limit, cursor: input.cursor }),
});

export const adminRevokeApiKeyTool = defineTool({
  name: 'admin_revoke_api_key',
  title: 'Revoke API key',
  description:
    'Revokes an API key at once, by its id or the full key. Requests made with it fail with 401 from now on.',
  toolset: 'admin',
  scope: 'admin',
  input: z.object({ key: z.string().min(1).max(200).describe('Key id or the full sk_… key') }),
  output: z.object({ revoked: z.literal(true), api_key: apiKeyViewSchema }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  run: async (input, { platform, principal }) => ({
    revoked: true as const,
    api_key: await platform.keys.revoke(principal, input.key),
  }),
});

export const adminVerifyAuditTool = defineTool({
  name: 'admin_verify_audit',
  title: 'Verify audit chain',
  description:
    "Recomputes the hash chain of the audit log and names the first row that was changed, removed or inserted. The chain holds every tenant's rows, so only the operator runs it (the admin token, or the local user over stdio); a tenant's admin key is refused with FORBIDDEN.",
  toolset: 'admin',
  scope: 'admin',
  everyTenant: true,
  input: z.object({}),
  output: z.object({
    ok: z.boolean(),
    rows: z.number().int(),
    head_seq: z.number().int().optional(),
    bad_seq: z.number().int().optional(),
    reason: z.string().optional(),
  }),
  annotations: READ_ONLY,
  run: async (_input, { platform, principal }) => {
    const result = await platform.audit.verify(principal);
    return result.ok
      ? { ok: true, rows: result.rows, head_seq: result.headSeq }
      : { ok: false, rows: result.rows, bad_seq: result.badSeq, reason: result.reason };
  },
});

export const ADMIN_TOOLS = [
  adminCreateApiKeyTool,
  adminListApiKeysTool,
  adminRevokeApiKeyTool,
  adminVerifyAuditTool,
];
