import { homedir } from 'node:os';
import { resolveAdminToken } from '../core/auth/admin-token.js';
import { type ConfigOverrides, loadConfig } from '../core/config.js';
import { createPlatform } from '../core/platform.js';
import { VERSION } from '../core/version.js';
import { buildHttpApp } from './http/app.js';
import { selectTools, type ToolSelection } from './tools/index.js';

const tilde = (path: string) => (path.startsWith(homedir()) ? `~${path.slice(homedir().length)}` : path);

/** `settld-mcp serve`: REST, `/mcp`, health and metrics on one port, until SIGTERM. */
export async function runServe(overrides: ConfigOverrides, selection: ToolSelection): Promise<void> {
  const config = loadConfig(process.env, overrides);
  const tools = selectTools(selection);
  const admin = resolveAdminToken(config.adminToken, config.home);
  const platform = createPlatform(config, { adminToken: admin.token });
  const app = await buildHttpApp({ platform, tools, port: config.port });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    platform.logger.info({ signal }, 'shutting down');
    await app.close();
    await platform.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
  const runner = await platform.runner();
  if (config.runner.workerInServe) runner.worker.start();
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `http://${host}:${port}`;
  const tokenLine =
    admin.source === 'env'
      ? 'from SETTLD_ADMIN_TOKEN / T4_ADMIN_TOKEN'
      : `${admin.createdFile ? 'generated into' : 'in'} ${tilde(admin.file ?? '')} (mode 0600)`;
  const tokenRef = admin.source === 'env' ? '$SETTLD_ADMIN_TOKEN' : `$(cat ${tilde(admin.file ?? '')})`;
  process.stderr.write(
    [
      `settld-mcp ${VERSION} listening on ${base}`,
      `  store        ${tilde(config.dbPath)}`,
      `  admin token  ${tokenLine}`,
      `  MCP          ${base}/mcp  (Authorization: Bearer <api key>)`,
      `  API docs     ${base}/openapi.json   health ${base}/health   metrics ${base}/metrics`,
      `  runner       ${runner.service.runnerId} on the ${runner.service.backend} vault` +
        (config.runner.workerInServe ? '' : ' (worker off: run `settld-mcp worker`)'),
      '  Next: create a key for your agent',
      `    curl -sS -X POST ${base}/admin/api_keys -H "x-admin-token: ${tokenRef}" \\`,
      `      -H 'content-type: application/json' -d '{"agent_id":"my-agent","owner":"me"}'`,
      '',
    ].join('\n'),
  );
  platform.logger.info({ url: base, tools: tools.length }, 'settld-mcp serving');
}
