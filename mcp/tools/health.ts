import { z } from 'zod';
import { healthSchema } from '../../core/health.js';
import { defineTool, READ_ONLY } from './tool.js';

export const healthTool = defineTool({
  name: 'health',
  title: 'Health',
  description:
    'Reports whether settld-mcp is up: version, uptime and whether its store is reachable and migrated. Also tells who you are (tenant and scopes) so you can check your credentials.',
  toolset: undefined,
  scope: undefined,
  input: z.object({}),
  output: healthSchema.extend({
    caller: z.object({
      tenant_id: z.string().nullable(),
      actor: z.string(),
      scopes: z.array(z.string()),
    }),
  }),
  annotations: READ_ONLY,
  run: (_input, { platform, principal }) =>
    Promise.resolve({
      ...platform.health.check(),
      caller: { tenant_id: principal.tenantId, actor: principal.actor, scopes: [...principal.scopes] },
    }),
});
