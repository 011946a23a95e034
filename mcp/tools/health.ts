import { z } from 'zod';
import { callerView, callerViewSchema } from '../../core/auth/principal.js';
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
  output: healthSchema.extend({ caller: callerViewSchema }),
  annotations: READ_ONLY,
  // Object.assign, not `{ ...health, caller }`: see the whoami route.
  run: (_input, { platform, principal }) =>
    Promise.resolve(Object.assign(platform.health.check(), { caller: callerView(principal) })),
});
