import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ConfigOverrides } from '../core/config.js';
import { loadConfig } from '../core/config.js';
import { createPlatform } from '../core/platform.js';
import { runBridge } from './bridge.js';
import { stdioPrincipalResolver } from './runtime.js';
import { createMcpServer } from './server/create-server.js';
import { selectTools, type ToolSelection } from './tools/index.js';

/** `settld-mcp` / `settld-mcp stdio`: MCP over stdin/stdout, or a bridge when SETTLD_BASE_URL is set. */
export async function runStdio(overrides: ConfigOverrides, selection: ToolSelection): Promise<void> {
  const config = loadConfig(process.env, overrides);
  if (config.remote) return runBridge(config.remote);
  const tools = selectTools(selection);
  const platform = createPlatform(config);
  const server = createMcpServer({
    platform,
    resolvePrincipal: stdioPrincipalResolver(platform, config),
    tools,
    documents: {
      openapi: async () => {
        const { buildHttpApp } = await import('./http/app.js');
        const app = await buildHttpApp({ platform, tools, port: config.port });
        await app.ready();
        const document = app.swagger();
        await app.close();
        return document;
      },
    },
    rateLimitCalls: true,
  });
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await platform.close();
    process.exit(0);
  };
  transport.onclose = () => void shutdown();
  process.stdin.on('end', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  await server.connect(transport);
  platform.logger.debug({ tools: tools.length }, 'settld-mcp serving MCP over stdio');
}
