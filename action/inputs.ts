import { badRequest, type SettldError } from '../core/errors.js';
import { intentCodeSchema } from '../core/intents/schemas.js';
import { findHostProfile, TARGETS } from '../core/onboarding/host-profiles.js';
import { ShellWordsError, splitShellWords } from '../core/onboarding/shell-words.js';

/*
 * The action's inputs, read once and checked before anything touches GitHub or the registry. Their
 * defaults live in action.yml only: the runner passes every input that has one, so an input that
 * arrives empty here was set empty on purpose.
 */

export const INPUT_NAMES = [
  'github-token',
  'critical-codes',
  'findings',
  'registry',
  'settld-url',
  'settld-api-key',
  'on-missing',
  'matrix',
  'matrix-targets',
  'server-command',
  'comment',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

export const ON_MISSING = ['fail', 'reserve', 'warn'] as const;
export type OnMissing = (typeof ON_MISSING)[number];

export interface RemoteRegistry {
  url: string;
  apiKey: string;
}

export interface ActionInputs {
  githubToken: string;
  criticalCodes: string[];
  /** Path of the findings file, as given (relative to the workspace); null: check every changed file. */
  findings: string | null;
  /** Path of the registry file, as given; unused when `remote` is set. */
  registry: string;
  remote: RemoteRegistry | null;
  onMissing: OnMissing;
  matrix: boolean;
  matrixTargets: string[];
  /** The MCP server under test as argv; empty when `matrix` is false. */
  serverCommand: string[];
  comment: boolean;
}

/** Reads one input as the runner passes it (trimmed; empty when unset). */
export type InputReader = (name: InputName) => string;

const INVALID = 'INVALID_ACTION_INPUT';
const invalid = (name: InputName, message: string): SettldError =>
  badRequest(INVALID, `Input "${name}": ${message}`, { input: name });

/** The YAML 1.2 core schema's booleans, as @actions/core's getBooleanInput reads them. */
function readBoolean(read: InputReader, name: InputName): boolean {
  const value = read(name);
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw invalid(name, `"${value}" is not a boolean: use true or false`);
}

const listOf = (value: string): string[] => value.split(/[\s,]+/).filter((item) => item !== '');

function readCodes(read: InputReader): string[] {
  const codes = listOf(read('critical-codes'));
  if (codes.length === 0) throw invalid('critical-codes', 'name at least one lint code, e.g. F821,F401');
  for (const code of codes) {
    if (!intentCodeSchema.safeParse(code).success) {
      throw invalid('critical-codes', `"${code.slice(0, 140)}" is not a lint code (at most 128 characters)`);
    }
  }
  return [...new Set(codes)];
}

function readRemote(read: InputReader): RemoteRegistry | null {
  const url = read('settld-url');
  const apiKey = read('settld-api-key');
  if (url === '' && apiKey === '') return null;
  if (url === '') throw invalid('settld-api-key', 'is set but settld-url is not: set both, or neither');
  if (apiKey === '') throw invalid('settld-url', 'is set but settld-api-key is not: set both, or neither');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('settld-url', `"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalid('settld-url', `"${url}" is not an http(s) URL`);
  }
  return { url: url.replace(/\/+$/, ''), apiKey };
}

function readServerCommand(read: InputReader): string[] {
  const line = read('server-command');
  let argv: string[];
  try {
    argv = splitShellWords(line);
  } catch (error) {
    if (!(error instanceof ShellWordsError)) throw error;
    throw invalid('server-command', `${error.message} in "${line}"`);
  }
  if (argv.length === 0) throw invalid('server-command', 'is empty: name the MCP server to test');
  return argv;
}

export function readInputs(read: InputReader): ActionInputs {
  const onMissing = read('on-missing');
  if (!(ON_MISSING as readonly string[]).includes(onMissing)) {
    throw invalid('on-missing', `"${onMissing}" is not one of ${ON_MISSING.join(', ')}`);
  }
  const githubToken = read('github-token');
  if (githubToken === '') throw invalid('github-token', 'is empty: leave it unset to use github.token');
  const remote = readRemote(read);
  const registry = read('registry');
  if (remote === null && registry === '') {
    throw invalid('registry', 'is empty: name the registry file, or set settld-url and settld-api-key');
  }
  const matrix = readBoolean(read, 'matrix');
  const matrixTargets = [...new Set(listOf(read('matrix-targets').toLowerCase()))];
  if (matrix && matrixTargets.length === 0) {
    throw invalid('matrix-targets', `is empty: name at least one of ${TARGETS.join(', ')}`);
  }
  const unknown = matrix ? matrixTargets.find((target) => !findHostProfile(target)) : undefined;
  if (unknown !== undefined) {
    throw invalid('matrix-targets', `"${unknown}" is not a host the matrix knows: ${TARGETS.join(', ')}`);
  }
  const findings = read('findings');
  return {
    githubToken,
    criticalCodes: readCodes(read),
    findings: findings === '' ? null : findings,
    registry,
    remote,
    onMissing: onMissing as OnMissing,
    matrix,
    matrixTargets,
    serverCommand: matrix ? readServerCommand(read) : [],
    comment: readBoolean(read, 'comment'),
  };
}
