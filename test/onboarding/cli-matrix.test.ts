import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { ConformanceMatrix, HostConfigSnippet } from '../../core/onboarding/matrix-types.js';
import { quoteShellWords, splitShellWords } from '../../core/onboarding/shell-words.js';
import { flawedServerScript } from '../fakes/flawed-mcp-server.script.js';
import { CLI, runCli, tempHome } from '../helpers/process.js';

const serverCommand = (...words: string[]) => quoteShellWords([process.execPath, ...words]);

describe('settld-mcp matrix', () => {
  it('prints one row per host and exits 1 when the server is not ready', () => {
    const result = runCli(['matrix', '--server-command', serverCommand(flawedServerScript())], {});
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^host\s+handshake\s+tools_list\s+tool_names\s+input_schemas\s+annotations/);
    expect(lines.find((line) => line.startsWith('codex'))).toMatch(
      /^codex\s+pass\s+pass\s+warn\s+FAIL\s+FAIL\s+pass\s+FAIL\s+pass\s+\w+\s+NO$/,
    );
    expect(lines.find((line) => line.startsWith('claude'))).toMatch(
      /^claude\s+pass\s+pass\s+FAIL\s+FAIL\s+warn\s+pass\s+FAIL/,
    );
    expect(lines.find((line) => line.startsWith('openhands'))).toMatch(
      /^openhands\s+pass\s+pass\s+FAIL\s+warn\s+warn\s+pass\s+FAIL/,
    );
    // Every finding is spelled out under the table.
    expect(result.stdout).toContain('codex annotations fail: write_note');
    expect(result.stdout).toContain('NOT ready');
  });

  it('finds our own server ready for the targets asked, with --env and --json', () => {
    const home = tempHome();
    const result = runCli(
      [
        'matrix',
        '--server-command',
        serverCommand(CLI),
        '--env',
        `SETTLD_HOME=${home}`,
        '--targets',
        'codex,claude',
        '--json',
      ],
      {},
    );
    expect(result.status).toBe(0);
    const matrix = JSON.parse(result.stdout) as ConformanceMatrix;
    expect(matrix.ready).toBe(true);
    expect(matrix.targets.map((target) => target.target)).toEqual(['codex', 'claude']);
    const codex = matrix.targets[0]!;
    const toml = codex.config.find((snippet) => snippet.format === 'toml')!;
    const parsed = parseToml(toml.text) as { mcp_servers: { settld: { env: Record<string, string> } } };
    expect(parsed.mcp_servers.settld.env.SETTLD_HOME).toBe(home);
  });

  it('refuses an unknown target (exit 2) and an --env without a value', () => {
    const unknown = runCli(['matrix', '--server-command', serverCommand(CLI), '--targets', 'vim'], {});
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown target "vim"');
    const badEnv = runCli(['matrix', '--server-command', serverCommand(CLI), '--env', 'NOVALUE'], {});
    expect(badEnv.status).toBe(2);
    expect(badEnv.stderr).toContain('NAME=VALUE');
  });
});

describe('settld-mcp config', () => {
  it('codex: TOML for ~/.codex/config.toml that forwards SETTLD_API_KEY by name, appendable to an existing config', () => {
    const result = runCli(['config', 'codex', '--base-url', 'https://settld.example', '--tenant', 'acme'], {
      SETTLD_API_KEY: 'sk_abc123_supersecretvalue',
    });
    expect(result.status).toBe(0);
    const existing = '[mcp_servers]\n\n[mcp_servers.other]\ncommand = "other"\n\n';
    const parsed = parseToml(existing + result.stdout) as { mcp_servers: Record<string, unknown> };
    expect(parsed.mcp_servers.settld).toEqual({
      command: 'npx',
      args: ['-y', 'settld-mcp'],
      env_vars: ['SETTLD_API_KEY'],
      startup_timeout_sec: 30,
      env: { SETTLD_BASE_URL: 'https://settld.example', SETTLD_TENANT_ID: 'acme' },
    });
    expect(result.stdout).not.toContain('supersecretvalue');
    expect(result.stderr).toContain('~/.codex/config.toml');
  });

  it('claude: .mcp.json with ${SETTLD_API_KEY} and the equivalent claude mcp add line', () => {
    const result = runCli(['config', 'claude', '--tenant', 'acme', '--json'], {});
    expect(result.status).toBe(0);
    const [file, command] = JSON.parse(result.stdout) as HostConfigSnippet[];
    const parsed = JSON.parse(file!.text) as { mcpServers: { settld: { env: Record<string, string> } } };
    expect(parsed.mcpServers.settld.env).toEqual({
      SETTLD_TENANT_ID: 'acme',
      SETTLD_API_KEY: '${SETTLD_API_KEY}',
    });
    expect(splitShellWords(command!.text)).toEqual([
      'claude',
      'mcp',
      'add',
      '--transport',
      'stdio',
      '--scope',
      'project',
      'settld',
      '--env',
      'SETTLD_TENANT_ID=acme',
      '--env',
      'SETTLD_API_KEY=${SETTLD_API_KEY}',
      '--',
      'npx',
      '-y',
      'settld-mcp',
    ]);
  });

  it('openhands: ~/.openhands/mcp.json, and no API key needed for the local store', () => {
    const result = runCli(['config', 'openhands'], {});
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      mcpServers: { settld: { command: 'npx', args: ['-y', 'settld-mcp'] } },
    });
  });

  it('rejects an unknown host', () => {
    const result = runCli(['config', 'vim'], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Allowed choices are codex, claude, openhands');
  });
});
