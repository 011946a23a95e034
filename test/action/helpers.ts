import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { type ActionRun, FakeGitHub, type FakeGitHubOptions, runAction } from '../fakes/fake-github.js';

export interface RegistryRecord {
  id?: string;
  code: string;
  file: string;
  status: string;
  owner?: string;
  ticket?: string;
}

export function registryFile(records: RegistryRecord[]): string {
  return JSON.stringify({
    format: 'settld-intents',
    version: 1,
    intents: records.map((record, i) => ({
      id: record.id ?? `int_test_${i}`,
      owner: record.status === 'planned' || record.status === 'committed' ? 'core-team' : null,
      ticket: record.status === 'planned' || record.status === 'committed' ? `T4-${i}` : null,
      ...record,
    })),
  });
}

export const ruffFinding = (filename: string, code: string, row: number) => ({
  code,
  filename,
  location: { row, column: 1 },
  message: `${code} finding`,
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A checked-out repository: files written relative to it. */
export function workspace(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'settld-workspace-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

export async function fakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const github = new FakeGitHub(options);
  await github.start();
  cleanups.push(() => github.stop());
  return github;
}

export const MARKER = '<!-- settld-mcp:pre-pr-check workflow="intents" job="pre-pr-check" -->';

/** The bundle, run as the runner runs it, for the fake's PR. */
export function run(
  github: FakeGitHub,
  root: string,
  inputs: Record<string, string> = {},
  event: Record<string, unknown> = {},
): Promise<ActionRun> {
  return runAction({
    inputs,
    event: github.event(event),
    apiUrl: github.url,
    token: github.token,
    workspace: root,
  });
}

export const errorsOf = (run: ActionRun) => run.annotations.filter((a) => a.level === 'error');
export const warningsOf = (run: ActionRun) => run.annotations.filter((a) => a.level === 'warning');

/** Explains a run when an assertion about it fails. */
export const explain = (run: ActionRun): string =>
  `exit ${run.status}\n--- stdout\n${run.stdout.slice(-3000)}\n--- stderr\n${run.stderr.slice(-3000)}`;
