import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../core/config.js';
import { redactText } from '../core/observability/redact.js';

/**
 * The seed's `npx settld-mcp` with SETTLD_BASE_URL: a local stdio server that forwards every
 * message to the remote server's `/mcp`, with the API key as bearer. The remote answers for itself:
 * tools, scopes and errors are the server's, not the bridge's.
 */
export async function runBridge(remote: NonNullable<Config['remote']>): Promise<void> {
  const headers: Record<string, string> = {};
  if (remote.apiKey) headers.authorization = `Bearer ${remote.apiKey}`;
  if (remote.tenantId) headers['x-settld-tenant'] = remote.tenantId;
  const upstream = new StreamableHTTPClientTransport(new URL(`${remote.baseUrl}/mcp`), {
    requestInit: { headers },
  });
  const local = new StdioServerTransport();
  const fail = (error: Error) => process.stderr.write(`settld-mcp bridge: ${redactText(error.message)}\n`);

  local.onmessage = (message: JSONRPCMessage) => {
    upstream.send(message).catch((error: Error) => {
      fail(error);
      if ('id' in message && 'method' in message) {
        void local.send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32000, message: `settld-mcp server unreachable: ${redactText(error.message)}` },
        });
      }
    });
  };
  upstream.onmessage = (message) => void local.send(message);
  upstream.onerror = fail;
  local.onclose = () => void upstream.close().finally(() => process.exit(0));
  process.stdin.on('end', () => void upstream.close().finally(() => process.exit(0)));
  await upstream.start();
  await local.start();
}
