import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** The bin under test: the bundle, or another build of it named by SETTLD_TEST_CLI. */
export const CLI = process.env.SETTLD_TEST_CLI ?? resolve(import.meta.dirname, '../../dist/cli/index.js');

export function tempHome(prefix = 'settld-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The environment of a child: the machine's, minus anything settld-related a developer may have set. */
export function childEnv(extra: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(SETTLD_|T4_|OPENAI_|RUNNER_|MAGIC_LINK_)/.test(name)) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

export function runCli(args: string[], env: Record<string, string | undefined>, input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: childEnv(env),
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface ServeHandle {
  baseUrl: string;
  port: number;
  home: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far (its logs). */
  logs(): string;
  adminToken: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `settld-mcp serve` on a free port and waits until it says where it listens. */
export async function startServe(
  env: Record<string, string | undefined> = {},
  args: string[] = [],
): Promise<ServeHandle> {
  const home = env.SETTLD_HOME ?? tempHome();
  const adminToken = env.SETTLD_ADMIN_TOKEN ?? `adm_${Math.random().toString(36).slice(2)}${Date.now()}`;
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    env: childEnv({ SETTLD_ADMIN_TOKEN: adminToken, ...env, SETTLD_HOME: home }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${stderr}`)), 20_000);
    const onData = () => {
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        child.stderr.off('data', onData);
        done(Number(match[1]));
      }
    };
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code}:\n${stderr}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    home,
    child,
    adminToken,
    logs: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function stdioClient(
  env: Record<string, string | undefined>,
  args: string[] = [],
  protocolVersion?: string,
) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...args],
    env: childEnv(env),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'settld-test', version: '1.0.0' });
  const negotiated = offerProtocolVersion(client, protocolVersion);
  await client.connect(transport);
  return { client, transport, stderr: () => stderr, negotiatedVersion: negotiated };
}

export async function httpClient(baseUrl: string, bearer: string, protocolVersion?: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${bearer}` } },
  });
  const client = new Client({ name: 'settld-test', version: '1.0.0' });
  const negotiatedVersion = offerProtocolVersion(client, protocolVersion);
  await client.connect(transport);
  return Object.assign(client, { negotiatedVersion });
}

/**
 * Lets the SDK client offer another protocol version (Codex sends 2025-06-18), and records the
 * version the server answered with.
 */
function offerProtocolVersion(client: Client, version: string | undefined): () => string | undefined {
  let answered: string | undefined;
  const original = client.request.bind(client);
  (client as unknown as { request: typeof client.request }).request = (async (request, schema, options) => {
    if (request.method !== 'initialize') return original(request, schema, options);
    const params = version ? { ...request.params, protocolVersion: version } : request.params;
    const result = (await original({ ...request, params }, schema, options)) as { protocolVersion?: string };
    answered = result.protocolVersion;
    return result;
  }) as typeof client.request;
  return () => answered;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely
export async function json(response: Response): Promise<any> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON (${response.status}): ${text.slice(0, 300)}`);
  }
}
