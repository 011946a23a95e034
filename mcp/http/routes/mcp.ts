import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyPluginAsync } from 'fastify';
import { SettldError } from '../../../core/errors.js';
import type { Platform } from '../../../core/platform.js';
import { createMcpServer } from '../../server/create-server.js';
import type { Documents } from '../../server/resources.js';
import type { ToolDefinition } from '../../tools/tool.js';
import { principalOf } from '../auth.js';

export interface McpRouteOptions {
  platform: Platform;
  tools: readonly ToolDefinition[];
  documents: Documents;
}

/**
 * MCP over Streamable HTTP, stateless: every POST gets its own server bound to the caller and its
 * own transport, so no session state lives in this process and any instance can answer.
 */
export function mcpRoutes(options: McpRouteOptions): FastifyPluginAsync {
  const { platform, tools, documents } = options;
  return (app) => {
    app.post(
      '/mcp',
      { config: { auth: 'principal', guardHost: true }, schema: { hide: true } },
      async (request, reply) => {
        const principal = principalOf(request);
        const server = createMcpServer({
          platform,
          resolvePrincipal: () => Promise.resolve(principal),
          tools,
          documents,
          rateLimitCalls: false,
        });
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        reply.hijack();
        reply.raw.on('close', () => {
          void transport.close();
          void server.close();
        });
        for (const [name, value] of Object.entries(reply.getHeaders())) {
          if (value !== undefined) reply.raw.setHeader(name, value);
        }
        await server.connect(transport);
        await transport.handleRequest(request.raw, reply.raw, request.body);
      },
    );
    const notAllowed = () => {
      throw new SettldError(
        'METHOD_NOT_ALLOWED',
        405,
        'This server is stateless: use POST /mcp',
        {},
        { Allow: 'POST' },
      );
    };
    app.get('/mcp', { config: { auth: 'principal', guardHost: true }, schema: { hide: true } }, notAllowed);
    app.delete(
      '/mcp',
      { config: { auth: 'principal', guardHost: true }, schema: { hide: true } },
      notAllowed,
    );
    return Promise.resolve();
  };
}
