// The baseline of the stdio benchmarks: the smallest useful MCP server the SDK allows, with one
// `health` tool answering a structured result of about the size settld-mcp's `health` answers.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const startedAt = Date.now();
const server = new McpServer({ name: 'minimal-stdio-server', version: '1.0.0' });

server.registerTool(
  'health',
  {
    title: 'Health',
    description: 'Reports whether the server is up.',
    inputSchema: {},
    outputSchema: {
      status: z.enum(['ok', 'degraded']),
      version: z.string(),
      uptime_seconds: z.number(),
      store: z.object({
        reachable: z.boolean(),
        schema_version: z.number(),
        expected_schema_version: z.number(),
      }),
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  () => {
    const health = {
      status: 'ok' as const,
      version: '1.0.0',
      uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
      store: { reachable: true, schema_version: 1, expected_schema_version: 1 },
    };
    return { content: [{ type: 'text', text: JSON.stringify(health) }], structuredContent: health };
  },
);

await server.connect(new StdioServerTransport());
