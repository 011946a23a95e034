import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_NAMES } from '../../action/inputs.js';
import { actionDefinition, repoRoot } from '../fakes/fake-github.js';

const OUTPUTS = ['missing-count', 'missing', 'matrix', 'ready'];

describe('the action’s contract', () => {
  it('action.yml runs the committed bundle on node24 and declares exactly the inputs the code reads', () => {
    const definition = actionDefinition();
    expect(definition.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
    expect(Object.keys(definition.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    expect(Object.keys(definition.outputs).sort()).toEqual([...OUTPUTS].sort());
    for (const input of Object.values(definition.inputs)) expect(input.description).toBeTruthy();
  });

  it('the README documents every input and output', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## GitHub Action'),
      readme.indexOf('## Credentials and scopes'),
    );
    expect(section.length).toBeGreaterThan(1000);
    for (const name of [...INPUT_NAMES, ...OUTPUTS]) expect(section).toContain(`\`${name}\``);
    expect(section).toMatch(/permissions:\n\s+contents: read[^\n]*\n\s+pull-requests: write[^\n]*\n\n/);
    expect(section).toContain('concurrency:');
  });

  it('the bundle holds no native module: it loads on the runner’s node24 whatever Node built it', () => {
    const dist = join(repoRoot(), 'dist/action');
    const files = readdirSync(dist, { recursive: true }).map(String);
    expect(files.filter((file) => file.endsWith('.node'))).toEqual([]);
    for (const file of files.filter((f) => /\.[cm]?js$/.test(f))) {
      const text = readFileSync(join(dist, file), 'utf8');
      expect(text, file).not.toContain('better-sqlite3');
      expect(text, file).not.toMatch(/process\.dlopen|require\([^()]*\.node["'`]\s*\)/);
    }
  });
});
