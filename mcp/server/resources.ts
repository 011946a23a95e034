import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { callerView } from '../../core/auth/principal.js';
import { mayRun } from '../tools/tool.js';
import type { ServerOptions } from './create-server.js';

/** Documents a server can offer as resources, produced by whichever process hosts it. */
export interface Documents {
  openapi(): Promise<unknown>;
}

const json = (uri: string, value: unknown) => ({
  contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }],
});

export function registerResources(server: McpServer, options: ServerOptions): void {
  const { platform, tools } = options;
  server.registerResource(
    'openapi',
    'settld://openapi.json',
    {
      title: 'REST API (OpenAPI 3.1)',
      description:
        'The OpenAPI document of the settld-mcp REST API, generated from the same schemas it validates with.',
      mimeType: 'application/json',
    },
    async (uri) => json(uri.href, await options.documents.openapi()),
  );
  server.registerResource(
    'status',
    'settld://status',
    {
      title: 'Server status and caller',
      description:
        'Health of this settld-mcp, who you are (tenant, scopes) and which of its tools your scopes let you run.',
      mimeType: 'application/json',
    },
    async (uri) => {
      const principal = await options.resolvePrincipal();
      return json(
        uri.href,
        Object.assign(platform.health.check(), {
          caller: callerView(principal),
          tools: tools.filter((tool) => mayRun(tool, principal)).map((tool) => tool.name),
        }),
      );
    },
  );
}
