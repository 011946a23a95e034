import { describe, expect, it } from 'vitest';
import { type InputName, readInputs } from '../../action/inputs.js';
import { cell, code } from '../../action/markdown.js';
import { actionDefinition } from '../fakes/fake-github.js';

/** Inputs as the runner passes them: action.yml's defaults, then the workflow's `with:`. */
function reader(given: Partial<Record<InputName, string>>) {
  const { inputs } = actionDefinition();
  return (name: InputName) =>
    given[name] ??
    (inputs[name]?.default === '${{ github.token }}' ? 'ghs_x' : (inputs[name]?.default ?? ''));
}

describe('action inputs', () => {
  it('reads action.yml’s defaults as the seed’s check: F821 and F401 against the registry file', () => {
    expect(readInputs(reader({}))).toEqual({
      githubToken: 'ghs_x',
      criticalCodes: ['F821', 'F401'],
      findings: null,
      registry: '.settld/intents.json',
      remote: null,
      onMissing: 'fail',
      matrix: false,
      matrixTargets: ['codex', 'claude', 'openhands'],
      serverCommand: [],
      comment: true,
    });
  });

  it('takes codes on lines or with commas, a trailing slash off the URL, and a quoted server command', () => {
    const inputs = readInputs(
      reader({
        'critical-codes': 'F821\n  @typescript-eslint/no-unused-vars, F821',
        'settld-url': 'https://settld.example.com/',
        'settld-api-key': 'sk_a_b',
        matrix: 'true',
        'server-command': `node "dist/cli/index.js" --db '/tmp/a b.db'`,
      }),
    );
    expect(inputs.criticalCodes).toEqual(['F821', '@typescript-eslint/no-unused-vars']);
    expect(inputs.remote).toEqual({ url: 'https://settld.example.com', apiKey: 'sk_a_b' });
    expect(inputs.serverCommand).toEqual(['node', 'dist/cli/index.js', '--db', '/tmp/a b.db']);
  });

  it.each([
    [
      { 'settld-url': 'ftp://x', 'settld-api-key': 'k' },
      'Input "settld-url": "ftp://x" is not an http(s) URL',
    ],
    [{ 'settld-api-key': 'k' }, 'Input "settld-api-key": is set but settld-url is not: set both, or neither'],
    [
      { matrix: 'true', 'server-command': 'node "unclosed' },
      'Input "server-command": unterminated double quote in "node "unclosed"',
    ],
    [
      { matrix: 'true', 'matrix-targets': ' ' },
      'Input "matrix-targets": is empty: name at least one of codex, claude, openhands',
    ],
    [
      { matrix: 'true', 'matrix-targets': 'claude,vscode' },
      'Input "matrix-targets": "vscode" is not a host the matrix knows: codex, claude, openhands',
    ],
    [
      { registry: '' },
      'Input "registry": is empty: name the registry file, or set settld-url and settld-api-key',
    ],
    [
      { 'critical-codes': 'x'.repeat(129) },
      `Input "critical-codes": "${'x'.repeat(129)}" is not a lint code (at most 128 characters)`,
    ],
  ] as [Partial<Record<InputName, string>>, string][])('refuses %o', (given, message) => {
    expect(() => readInputs(reader(given))).toThrow(message);
  });
});

describe('report markdown', () => {
  it('keeps a file name with backticks and pipes inside one table cell', () => {
    expect(cell(code('a|`b`.py'))).toBe('``a\\|`b`.py``');
    expect(code('plain.py')).toBe('`plain.py`');
  });
});
