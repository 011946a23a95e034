import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { isSettldError } from '../../core/errors.js';
import {
  MATRIX_CHECKS,
  runConformanceMatrix,
  systemMatrixEnvironment,
  type MatrixEnvironment,
} from '../../core/onboarding/conformance.js';
import {
  approvalOf,
  checkAnnotations,
  checkInputSchemas,
  checkOutputSizes,
  checkToolNames,
  type ListedTool,
} from '../../core/onboarding/conformance-rules.js';
import { HostSession } from '../../core/onboarding/conformance-session.js';
import {
  holdsNoSecret,
  hostConfigSnippets,
  leakedSecretNames,
  readSnippet,
  settldConfigSnippets,
} from '../../core/onboarding/host-config.js';
import { CLAUDE, CODEX, HOST_PROFILES, OPENHANDS, TARGETS } from '../../core/onboarding/host-profiles.js';
import type { ConformanceMatrix } from '../../core/onboarding/matrix-types.js';
import { splitShellWords } from '../../core/onboarding/shell-words.js';
import { flawedServerScript } from '../fakes/flawed-mcp-server.script.js';
import { CLI, tempHome } from '../helpers/process.js';

const SECRET = 'sk_live7_Zq8vR2mN4pX6tY1wK3jH5gF9dS0aLc';

const tool = (
  name: string,
  inputSchema: Record<string, unknown>,
  annotations?: Record<string, unknown>,
): ListedTool => ({
  name,
  inputSchema,
  annotations,
});
const OBJECT = { type: 'object', properties: {} };
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

function verdicts(matrix: ConformanceMatrix): Record<string, Record<string, string>> {
  return Object.fromEntries(
    matrix.targets.map((target) => [
      target.target,
      Object.fromEntries(Object.entries(target.results).map(([id, result]) => [id, result.verdict])),
    ]),
  );
}

describe('host profiles', () => {
  it('cover codex, claude and openhands, each fact group with a source', () => {
    expect(TARGETS).toEqual(['codex', 'claude', 'openhands']);
    for (const profile of Object.values(HOST_PROFILES)) {
      for (const group of [
        profile.handshake,
        profile.toolNames,
        profile.inputSchema,
        profile.annotations,
        profile.output,
        profile.config,
        profile.liveProbe,
      ]) {
        expect(group.source.length).toBeGreaterThan(20);
      }
    }
    expect(CODEX.handshake).toMatchObject({ protocolVersion: '2025-06-18', startupTimeoutMs: 10_000 });
    expect(CLAUDE.handshake.protocolVersion).toBe('2025-11-25');
    expect(CLAUDE.output).toMatchObject({ unit: 'tokens', limit: 25_000 });
    expect(CODEX.output).toMatchObject({ unit: 'characters', limit: 120_000 });
  });
});

describe('matrix rules, decided per host', () => {
  it('a 70-character name: over 64 with the mcp__settld__ prefix for Claude, shortened by Codex, bare for OpenHands', () => {
    const long = tool(`a${'b'.repeat(69)}`, OBJECT);
    expect(checkToolNames(CLAUDE, 'settld', [long]).verdict).toBe('fail');
    expect(checkToolNames(CODEX, 'settld', [long]).verdict).toBe('warn');
    expect(checkToolNames(OPENHANDS, 'settld', [long]).verdict).toBe('fail');
    // 51 characters: fine bare (OpenHands), too long once Claude adds mcp__settld__ (13).
    const medium = tool('m'.repeat(52), OBJECT);
    expect(checkToolNames(OPENHANDS, 'settld', [medium]).verdict).toBe('pass');
    expect(checkToolNames(CLAUDE, 'settld', [medium]).message).toContain('65 characters');
    expect(checkToolNames(CLAUDE, 'settld', [tool('has space', OBJECT)]).verdict).toBe('fail');
  });

  it('a root anyOf fails for Claude and Codex; OpenHands only loses the constraint, unless the properties live in the branches', () => {
    const rootProps = tool('lookup', {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' } },
      anyOf: [{ required: ['id'] }, { required: ['name'] }],
    });
    const branchProps = tool('lookup2', {
      type: 'object',
      oneOf: [{ properties: { id: { type: 'string' } } }, { properties: { name: { type: 'string' } } }],
    });
    expect(checkInputSchemas(CLAUDE, [rootProps]).verdict).toBe('fail');
    expect(checkInputSchemas(CODEX, [rootProps]).verdict).toBe('fail');
    expect(checkInputSchemas(OPENHANDS, [rootProps]).verdict).toBe('warn');
    expect(checkInputSchemas(OPENHANDS, [branchProps]).verdict).toBe('fail');
    expect(checkInputSchemas(CLAUDE, [tool('arr', { type: 'array' })]).verdict).toBe('fail');
  });

  it('OpenHands: its injected summary and security_risk clash with a tool’s own, additionalProperties: false does not', () => {
    const ownRisk = tool('run', { type: 'object', properties: { security_risk: { type: 'string' } } });
    const ownRiskReadOnly = tool(
      'peek',
      { type: 'object', properties: { security_risk: { type: 'string' } } },
      READ_ONLY,
    );
    const ownSummary = tool(
      'note',
      { type: 'object', properties: { summary: { type: 'string' } } },
      READ_ONLY,
    );
    const closed = tool('closed', {
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: false,
    });
    const freeForm = tool('free', { type: 'object', additionalProperties: { type: 'string' } });

    const risk = checkInputSchemas(OPENHANDS, [ownRisk]);
    expect(risk.verdict).toBe('fail');
    expect(risk.message).toContain('security_risk');
    // Read-only tools get no security_risk from OpenHands: nothing to clash with.
    expect(checkInputSchemas(OPENHANDS, [ownRiskReadOnly]).verdict).toBe('pass');
    expect(checkInputSchemas(OPENHANDS, [ownSummary]).verdict).toBe('warn');
    const closedResult = checkInputSchemas(OPENHANDS, [closed]);
    expect(closedResult.verdict).toBe('pass');
    expect(closedResult.message).toContain('additionalProperties: false on 1 tools does not clash');
    expect(checkInputSchemas(OPENHANDS, [freeForm]).verdict).toBe('warn');
    // The other hosts inject nothing.
    expect(checkInputSchemas(CLAUDE, [ownRisk, ownSummary, closed]).verdict).toBe('pass');
  });

  it('annotations: Codex runs read-only, or neither destructive nor open-world, and refuses the unannotated unattended', () => {
    const readOnly = tool('r', OBJECT, { readOnlyHint: true });
    const closedWorld = tool('w', OBJECT, {
      readOnlyHint: false,
      destructiveHint: false,
      openWorldHint: false,
    });
    const destructive = tool('d', OBJECT, { readOnlyHint: true, destructiveHint: true });
    const openWorld = tool('o', OBJECT, { readOnlyHint: false, destructiveHint: false, openWorldHint: true });
    const bare = tool('b', OBJECT);
    expect(approvalOf(CODEX, readOnly).outcome).toBe('runs');
    expect(approvalOf(CODEX, closedWorld).outcome).toBe('runs');
    expect(approvalOf(CODEX, destructive)).toEqual({ outcome: 'needs-approval', byDefault: false });
    expect(approvalOf(CODEX, openWorld)).toEqual({ outcome: 'needs-approval', byDefault: false });
    expect(approvalOf(CODEX, bare)).toEqual({ outcome: 'needs-approval', byDefault: true });

    // Asking by declared hints is by design; asking because hints are missing is a finding.
    expect(checkAnnotations(CODEX, [readOnly, closedWorld, destructive, openWorld]).verdict).toBe('pass');
    expect(checkAnnotations(CODEX, [bare]).verdict).toBe('fail');
    expect(checkAnnotations(CLAUDE, [bare]).verdict).toBe('warn');
    expect(checkAnnotations(OPENHANDS, [bare]).verdict).toBe('warn');
  });

  it('output size: Claude counts tokens (warns past 10k), Codex and OpenHands count characters', async () => {
    const text = (value: string) => ({ content: [{ type: 'text', text: value }] });
    const words = 'hello '.repeat(15_000);
    const claude = await checkOutputSizes(CLAUDE, [{ tool: 'big', result: text(words) }]);
    expect(claude.verdict).toBe('warn');
    expect(claude.message).toMatch(/big \([\d,]+ tokens\)/);
    expect(
      (await checkOutputSizes(CODEX, [{ tool: 'big', result: text('x'.repeat(120_001)) }])).verdict,
    ).toBe('fail');
    expect(
      (await checkOutputSizes(OPENHANDS, [{ tool: 'big', result: text('x'.repeat(60_000)) }])).verdict,
    ).toBe('fail');
    expect((await checkOutputSizes(CODEX, [{ tool: 'big', result: text('x'.repeat(60_000)) }])).verdict).toBe(
      'pass',
    );
    // Claude and Codex show structuredContent when there is one; OpenHands shows the content blocks.
    const both = { content: [{ type: 'text', text: 'x'.repeat(60_000) }], structuredContent: { ok: true } };
    expect((await checkOutputSizes(CODEX, [{ tool: 't', result: both }])).verdict).toBe('pass');
    expect((await checkOutputSizes(OPENHANDS, [{ tool: 't', result: both }])).verdict).toBe('fail');
  });
});

describe('host config snippets', () => {
  const server = { name: 'settld', command: 'npx', args: ['-y', 'settld-mcp'] };
  const env = {
    values: { SETTLD_BASE_URL: 'https://settld.example', SETTLD_TENANT_ID: 'acme' },
    secrets: ['SETTLD_API_KEY'],
  };

  it('Codex: TOML that smol-toml parses, forwarding the key by name in env_vars', () => {
    const [snippet] = hostConfigSnippets('codex', server, env);
    expect(snippet?.path).toBe('~/.codex/config.toml');
    const parsed = parseToml(snippet!.text) as { mcp_servers: Record<string, Record<string, unknown>> };
    expect(parsed.mcp_servers.settld).toEqual({
      command: 'npx',
      args: ['-y', 'settld-mcp'],
      env_vars: ['SETTLD_API_KEY'],
      startup_timeout_sec: 30,
      env: { SETTLD_BASE_URL: 'https://settld.example', SETTLD_TENANT_ID: 'acme' },
    });
  });

  it('Claude: .mcp.json with ${SETTLD_API_KEY} expansion, and a claude mcp add line that says the same', () => {
    const [file, command] = hostConfigSnippets('claude', server, env);
    const parsed = JSON.parse(file!.text) as { mcpServers: { settld: { env: Record<string, string> } } };
    expect(parsed.mcpServers.settld.env.SETTLD_API_KEY).toBe('${SETTLD_API_KEY}');
    expect(command!.format).toBe('shell');
    const words = splitShellWords(command!.text);
    expect(words.slice(0, 3)).toEqual(['claude', 'mcp', 'add']);
    expect(words).toContain('SETTLD_API_KEY=${SETTLD_API_KEY}');
    expect(readSnippet(command!, 'settld')).toEqual(readSnippet(file!, 'settld'));
  });

  it('OpenHands: mcp.json whose launcher reads the key from a private file, plus the line that writes that file', () => {
    const [file, setup] = hostConfigSnippets('openhands', server, env);
    expect(file!.path).toBe('~/.openhands/mcp.json');
    expect(readSnippet(file!, 'settld')).toEqual({
      command: 'npx',
      args: ['-y', 'settld-mcp'],
      env: { SETTLD_BASE_URL: 'https://settld.example', SETTLD_TENANT_ID: 'acme' },
      secretRefs: ['SETTLD_API_KEY'],
    });
    expect(setup!.text).toContain('"$SETTLD_API_KEY"');
    expect(() => splitShellWords(setup!.text)).not.toThrow();
  });

  it('no snippet of any host holds a secret value, even when the server env carries one', () => {
    for (const target of TARGETS) {
      const snippets = hostConfigSnippets(target, {
        ...server,
        env: { SETTLD_API_KEY: SECRET, SETTLD_TENANT_ID: 'acme' },
      });
      for (const snippet of snippets) {
        expect(holdsNoSecret(snippet.text, [SECRET])).toBe(true);
        expect(snippet.text).toContain('SETTLD_API_KEY');
      }
      for (const snippet of settldConfigSnippets(target, {
        baseUrl: 'https://settld.example',
        tenantId: 'acme',
      })) {
        expect(snippet.text).toContain('SETTLD_API_KEY');
      }
    }
  });

  it('the secret check sees a value written plainly, JSON-escaped or shell-quoted', () => {
    const tricky = `pa"ss'word\\x`;
    expect(leakedSecretNames(`{"k": ${JSON.stringify(tricky)}}`, { K: tricky })).toEqual(['K']);
    expect(leakedSecretNames(`--env 'K=${tricky.replaceAll("'", `'\\''`)}'`, { K: tricky })).toEqual(['K']);
    expect(leakedSecretNames('nothing here', { K: tricky })).toEqual([]);
    expect(holdsNoSecret(`key = "${SECRET}"`, [SECRET])).toBe(false);
  });

  it('names an unknown host', () => {
    expect(() => hostConfigSnippets('cursor', server)).toThrow(/Unknown target "cursor"/);
  });
});

describe('the matrix against real processes', () => {
  it('gives the flawed server different, correct verdicts per host', async () => {
    const progress: number[] = [];
    const matrix = await runConformanceMatrix({
      server: { command: process.execPath, args: [flawedServerScript()], env: {} },
      targets: ['claude', 'codex', 'openhands'],
      tenantId: 'acme',
      onProgress: ({ progress: done, total }) => {
        progress.push(done);
        expect(total).toBe(3 * MATRIX_CHECKS.length);
      },
    });
    expect(verdicts(matrix)).toEqual({
      claude: {
        handshake: 'pass',
        tools_list: 'pass',
        tool_names: 'fail',
        input_schemas: 'fail',
        annotations: 'warn',
        tool_call: 'pass',
        output_size: 'fail',
        config_snippet: 'pass',
        live_probe: expect.stringMatching(/^(skip|pass|fail|warn)$/),
      },
      codex: {
        handshake: 'pass',
        tools_list: 'pass',
        tool_names: 'warn',
        input_schemas: 'fail',
        annotations: 'fail',
        tool_call: 'pass',
        output_size: 'fail',
        config_snippet: 'pass',
        live_probe: expect.stringMatching(/^(skip|pass|fail|warn)$/),
      },
      openhands: {
        handshake: 'pass',
        tools_list: 'pass',
        tool_names: 'fail',
        input_schemas: 'warn',
        annotations: 'warn',
        tool_call: 'pass',
        output_size: 'fail',
        config_snippet: 'pass',
        live_probe: expect.stringMatching(/^(skip|pass|fail|warn)$/),
      },
    });
    expect(matrix).toMatchObject({ tenantId: 'acme', ready: false, runId: expect.stringMatching(/^cmx_/) });
    expect(matrix.checks.map((check) => check.id)).toEqual(MATRIX_CHECKS.map((check) => check.id));
    expect(progress).toEqual(Array.from({ length: 3 * MATRIX_CHECKS.length }, (_, i) => i + 1));

    const [claude, codex, openhands] = matrix.targets;
    expect(claude!.results.handshake!.message).toContain('2025-11-25');
    expect(claude!.results.handshake!.message).toContain('server/discover');
    expect(codex!.results.handshake!.message).toContain('2025-06-18');
    expect(claude!.results.output_size!.message).toMatch(/export_catalog \([\d,]+ tokens\)/);
    expect(codex!.results.output_size!.message).toMatch(/export_catalog \(2\d\d,\d{3} characters\)/);
    expect(claude!.results.tool_names!.message).toContain('83 characters');
    expect(openhands!.results.tool_names!.message).toContain('70 characters');
    expect(openhands!.results.input_schemas!.message).toContain('own "summary"');
    expect(codex!.results.annotations!.message).toContain('write_note');
  });

  it('finds our own server (the bundled CLI) ready for every host', async () => {
    const home = tempHome();
    const started = performance.now();
    const matrix = await runConformanceMatrix({
      server: { command: process.execPath, args: [CLI], env: { SETTLD_HOME: home } },
      targets: TARGETS,
    });
    const failures = matrix.targets.flatMap((target) =>
      Object.entries(target.results)
        .filter(([, result]) => result.verdict === 'fail')
        .map(([id, result]) => `${target.target} ${id}: ${result.message}`),
    );
    expect(failures).toEqual([]);
    expect(matrix.ready).toBe(true);
    for (const target of matrix.targets) {
      expect(target.results.handshake!.verdict).toBe('pass');
      expect(target.results.tool_call!.message).toContain('health');
      expect(target.results.config_snippet!.verdict).toBe('pass');
    }
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('keeps a secret out of every message and snippet, even when the server prints it', async () => {
    const matrix = await runConformanceMatrix({
      server: {
        command: process.execPath,
        args: ['-e', 'console.error("key is " + process.env.SETTLD_API_KEY); process.exit(3)'],
        env: { SETTLD_API_KEY: SECRET, SETTLD_BASE_URL: 'http://127.0.0.1:9' },
      },
      targets: ['codex'],
    });
    const [codex] = matrix.targets;
    expect(codex!.results.handshake!.verdict).toBe('fail');
    expect(codex!.results.handshake!.message).toContain('key is');
    expect(codex!.results.tools_list).toEqual({
      verdict: 'skip',
      message: expect.stringContaining('handshake'),
    });
    expect(JSON.stringify(matrix)).not.toContain(SECRET);
    expect(codex!.results.config_snippet!.message).toContain('SETTLD_API_KEY passed by name');
  });

  it('reports a command that does not exist as a failed handshake', async () => {
    const matrix = await runConformanceMatrix({
      server: { command: 'settld-no-such-server', args: [], env: {} },
      targets: ['openhands'],
    });
    expect(matrix.targets[0]!.results.handshake).toMatchObject({
      verdict: 'fail',
      message: expect.stringContaining('ENOENT'),
    });
    expect(matrix.ready).toBe(false);
  });

  it('refuses an unknown target with a SettldError', async () => {
    const error: unknown = await runConformanceMatrix({
      server: { command: process.execPath, args: [], env: {} },
      targets: ['codex', 'vim'],
    }).catch((caught: unknown) => caught);
    expect(isSettldError(error) && error.code).toBe('UNKNOWN_TARGET');
  });

  it('gives the server exactly the env it was given, plus PATH and HOME', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'settld-env-')), 'env.json');
    await runConformanceMatrix({
      server: {
        command: process.execPath,
        args: ['-e', `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.env))`],
        env: { ONLY_THIS: '1' },
      },
      targets: ['codex'],
    });
    const seen = JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>;
    expect(Object.keys(seen).sort()).toEqual(['HOME', 'ONLY_THIS', 'PATH']);
    expect(seen.PATH).toBe(process.env.PATH);
  });

  it('gives up at the startup timeout and kills the silent server, group and all', async () => {
    const pids = join(mkdtempSync(join(tmpdir(), 'settld-pids-')), 'pids.json');
    const silent = `
      const helper = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      require('node:fs').writeFileSync(${JSON.stringify(pids)}, JSON.stringify([process.pid, helper.pid]));
      process.stdin.on('data', () => {});
      setInterval(() => {}, 1000);`;
    const opened = await HostSession.open(
      { command: process.execPath, args: ['-e', silent], env: { PATH: process.env.PATH ?? '' } },
      { protocolVersion: '2025-06-18', timeoutMs: 1_500 },
    );
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.reason).toMatch(/timed out/i);
    expect(opened.ms).toBeLessThan(5_000);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const [server, helper] = JSON.parse(readFileSync(pids, 'utf8')) as [number, number];
    await expect.poll(() => alive(server) || alive(helper), { timeout: 3_000 }).toBe(false);
  });
});

describe('live probe through the host CLI', () => {
  function fakeCli(name: string, script: string): MatrixEnvironment {
    const bin = mkdtempSync(join(tmpdir(), 'settld-fake-cli-'));
    const file = join(bin, name);
    writeFileSync(file, `#!${process.execPath}\n${script}\n`);
    chmodSync(file, 0o755);
    const system = systemMatrixEnvironment();
    return { ...system, path: `${bin}${delimiter}${system.path ?? ''}` };
  }

  it('passes when `claude mcp list` connects to the server from the generated .mcp.json', async () => {
    // Reads .mcp.json as Claude Code would (cwd), expands ${VAR} from its environment, reports.
    const environment = fakeCli(
      'claude',
      `const fs = require('node:fs');
       const config = JSON.parse(fs.readFileSync('.mcp.json', 'utf8')).mcpServers.settld;
       const expanded = Object.values(config.env ?? {}).every((v) => !/^\\$\\{(\\w+)\\}$/.test(v) || process.env[v.slice(2, -1)]);
       if (process.argv.slice(2).join(' ') !== 'mcp list' || !expanded || !process.env.CLAUDE_CONFIG_DIR) process.exit(4);
       console.log('Checking MCP server health...');
       console.log('settld: ' + config.command + ' ' + config.args.join(' ') + ' - ✓ Connected');`,
    );
    const matrix = await runConformanceMatrix(
      {
        server: { command: process.execPath, args: [flawedServerScript()], env: { SETTLD_API_KEY: SECRET } },
        targets: ['claude'],
      },
      environment,
    );
    expect(matrix.targets[0]!.results.live_probe).toEqual({
      verdict: 'pass',
      message: expect.stringContaining('`claude mcp list`: Claude Code starts the server'),
    });
  });

  it('fails when the host CLI reports the server failed, without leaking the secret it printed', async () => {
    const environment = fakeCli(
      'claude',
      `console.log('settld: node server.js - ✗ Failed to connect (key ' + process.env.SETTLD_API_KEY + ')');`,
    );
    const matrix = await runConformanceMatrix(
      {
        server: { command: process.execPath, args: [flawedServerScript()], env: { SETTLD_API_KEY: SECRET } },
        targets: ['claude'],
      },
      environment,
    );
    const probe = matrix.targets[0]!.results.live_probe!;
    expect(probe.verdict).toBe('fail');
    expect(probe.message).toContain('Failed to connect');
    expect(probe.message).not.toContain(SECRET);
  });

  it('skips, saying why, when the CLI is not installed', async () => {
    const matrix = await runConformanceMatrix(
      { server: { command: process.execPath, args: [flawedServerScript()], env: {} }, targets: ['codex'] },
      { ...systemMatrixEnvironment(), path: mkdtempSync(join(tmpdir(), 'settld-empty-path-')) },
    );
    expect(matrix.targets[0]!.results.live_probe).toEqual({
      verdict: 'skip',
      message: expect.stringContaining('"codex" is not on PATH'),
    });
  });
});
