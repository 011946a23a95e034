import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { SettldError } from '../errors.js';
import { redactText } from '../observability/redact.js';
import { VERSION } from '../version.js';
import type { OnboardingConfig } from './config.js';

export const DEFAULT_SMOKE_TIMEOUT_MS = 10_000;
export const MIN_SMOKE_TIMEOUT_MS = 1_000;
export const MAX_SMOKE_TIMEOUT_MS = 30_000;

export interface ServerCommand {
  command: string;
  args: string[];
}

/**
 * How to start settld-mcp over stdio: SETTLD_MCP_COMMAND when set; else this very bin when we are
 * running as it (so the smoke test checks the version that answers the API); else `npx -y settld-mcp`.
 */
export function resolveServerCommand(config: OnboardingConfig, entry = process.argv[1]): ServerCommand {
  if (config.mcpCommand) {
    const [command, ...args] = config.mcpCommand.split(/\s+/).filter(Boolean);
    return { command: command!, args };
  }
  if (entry && basename(entry) === 'index.js' && existsSync(entry))
    return { command: process.execPath, args: [entry] };
  return { command: 'npx', args: ['-y', 'settld-mcp'] };
}

/** The child gets settld's variables and nothing else that could change how Node starts. */
function settldOnly(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('SETTLD_')));
}

export type SmokeStage = 'spawn' | 'initialize' | 'tools/list' | 'tools/call';

export interface SmokeTestResult {
  ok: true;
  protocolVersion: string | null;
  server: { name: string; version: string };
  tools: number;
  call: { tool: string; ms: number };
  durationMs: number;
}

function failed(stage: SmokeStage, message: string, secrets: readonly string[]): SettldError {
  let text = redactText(message);
  for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]');
  return new SettldError('MCP_SMOKE_TEST_FAILED', 502, `MCP smoke test failed at ${stage}: ${text}`, {
    stage,
    step: 'smoke_test',
  });
}

/**
 * Starts the MCP server over stdio with exactly `env` (plus PATH, to find the command) through the
 * SDK client, as an agent host does: initialize, tools/list, and one call of the read-only `health`
 * tool, which authenticates the caller (so a wrong or revoked key fails here, not in the agent).
 */
export async function runSmokeTest(
  server: ServerCommand,
  env: Record<string, string>,
  timeoutMs = DEFAULT_SMOKE_TIMEOUT_MS,
): Promise<SmokeTestResult> {
  const secrets = Object.entries(env)
    .filter(([name]) => /KEY|TOKEN|SECRET/i.test(name))
    .map(([, value]) => value);
  const started = performance.now();
  const deadline = AbortSignal.timeout(timeoutMs);
  let stderr = '';
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    env: { ...(process.env.PATH ? { PATH: process.env.PATH } : {}), ...settldOnly(env) },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString('utf8');
  });
  // The client tells the transport which protocol version was agreed; stdio has no use for it, so
  // this is where the agreed version is read from.
  let protocolVersion: string | null = null;
  (transport as Transport).setProtocolVersion = (version: string) => {
    protocolVersion = version;
  };
  const client = new Client({ name: 'settld-smoke-test', version: VERSION });
  let stage: SmokeStage = 'spawn';
  const timeout = () =>
    `no answer within ${timeoutMs} ms${stderr ? `; the server said: ${stderr.trim().slice(-500)}` : ''}`;
  try {
    stage = 'initialize';
    await client.connect(transport, { signal: deadline, timeout: timeoutMs });
    stage = 'tools/list';
    const { tools } = await client.listTools(undefined, { signal: deadline, timeout: timeoutMs });
    if (!tools.some((tool) => tool.name === 'health'))
      throw new Error('the server has no health tool: is it settld-mcp?');
    stage = 'tools/call';
    const callStarted = performance.now();
    const result = await client.callTool({ name: 'health', arguments: {} }, undefined, {
      signal: deadline,
      timeout: timeoutMs,
    });
    if (result.isError) {
      const parts = (Array.isArray(result.content) ? result.content : []) as { text?: unknown }[];
      const text = parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join(' ');
      throw new Error(`health answered an error: ${text.slice(0, 500)}`);
    }
    const version = client.getServerVersion();
    return {
      ok: true,
      protocolVersion,
      server: { name: version?.name ?? 'unknown', version: version?.version ?? 'unknown' },
      tools: tools.length,
      call: { tool: 'health', ms: Math.round(performance.now() - callStarted) },
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    const message = deadline.aborted ? timeout() : error instanceof Error ? error.message : String(error);
    const detail =
      stage === 'initialize' && stderr && !deadline.aborted
        ? `${message}; the server said: ${stderr.trim().slice(-500)}`
        : message;
    throw failed(stage, detail, secrets);
  } finally {
    await client.close().catch(() => undefined);
  }
}
