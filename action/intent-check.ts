import { SettldError } from '../core/errors.js';
import { sha256Hex } from '../core/hashing.js';
import { parseFindings } from '../core/intents/findings.js';
import {
  type PlaceholderSpec,
  type PrePrCheckInput,
  type PrePrCheckResult,
  prePrCheckInputSchema,
  runPrePrRule,
} from '../core/intents/pre-pr-check.js';
import {
  checkAgainstRegistry,
  parseRegistryFile,
  RegistryIndex,
  type RegistryIntent,
} from '../core/intents/registry-file.js';
import { parseInput } from '../core/validation.js';
import type { ActionInputs, RemoteRegistry } from './inputs.js';
import { remotePrePrCheck, type SettldApi } from './settld-remote.js';

/** Where the intents came from, as the report names it. */
export type RegistrySource =
  { kind: 'file'; path: string; intents: number } | { kind: 'remote'; url: string };

/** A registry record to paste into the file, as `intents export` writes one (fields it can know). */
export type RegistryEntry = Pick<
  RegistryIntent,
  'id' | 'code' | 'type' | 'file' | 'line' | 'status' | 'reason_category' | 'reason'
>;

export interface CheckOutcome {
  result: PrePrCheckResult;
  source: RegistrySource;
  /** `reserve` with a registry file: the reserved records the file lacks (a PR check can not write it). */
  entriesToAdd: RegistryEntry[];
}

export interface CheckContext {
  inputs: ActionInputs;
  files: string[];
  /** Absolute workspace, to make a linter's absolute paths repo-relative. */
  root: string;
  readText: (path: string) => Promise<string>;
  settld: (remote: RemoteRegistry) => SettldApi;
}

const PLACEHOLDER_REASON = 'Reserved by the pre-PR check: plan it (owner and ticket) or fix the finding';

/** The same (file, code) always gets the same id, so two runs suggest the same record. */
export function placeholderEntry(placeholder: PlaceholderSpec): RegistryEntry {
  const digest = sha256Hex(`${placeholder.code}\u0000${placeholder.file}`).slice(0, 16);
  return {
    id: `int_pr_${digest}`,
    code: placeholder.code,
    type: 'lint',
    file: placeholder.file,
    line: placeholder.line,
    status: 'reserved',
    reason_category: 'pre-pr-placeholder',
    reason: PLACEHOLDER_REASON,
  };
}

/** Reads a file an input names; a failure is one line naming the input and the path. */
async function readInputFile(context: CheckContext, input: string, path: string): Promise<string> {
  try {
    return await context.readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? 'error');
    const hint =
      input === 'registry' && code === 'ENOENT'
        ? ': commit one (`settld-mcp intents export --out ' +
          `${path}\`), or set settld-url and settld-api-key`
        : '';
    throw new SettldError(
      'INVALID_ACTION_INPUT',
      400,
      `Input "${input}": cannot read ${path} (${why})${hint}`,
    );
  }
}

function prefixed(error: unknown, prefix: string, codes: string[]): unknown {
  if (error instanceof SettldError && codes.includes(error.code)) {
    return new SettldError(error.code, error.status, `${prefix}: ${error.message}`, error.details);
  }
  return error;
}

/**
 * Only the critical findings travel to a server: a linter's whole report (SARIF can be many MB)
 * would meet its body limit. Checked and made repo-relative here, sent in ruff's format.
 */
function criticalFindings(text: string, criticalCodes: string[], root: string): unknown[] {
  const critical = new Set(criticalCodes);
  return parseFindings(text, { root })
    .findings.filter((finding) => critical.has(finding.code))
    .map((finding) => ({ code: finding.code, filename: finding.file, location: { row: finding.line } }));
}

async function checkRemote(context: CheckContext, findingsText: string | undefined): Promise<CheckOutcome> {
  const { inputs } = context;
  const remote = inputs.remote!;
  const findings =
    findingsText === undefined
      ? undefined
      : criticalFindings(findingsText, inputs.criticalCodes, context.root);
  const result = await remotePrePrCheck(context.settld(remote), remote, {
    files: context.files,
    critical_codes: inputs.criticalCodes,
    findings,
    auto_create_reserved: inputs.onMissing === 'reserve',
  });
  return { result, source: { kind: 'remote', url: remote.url }, entriesToAdd: [] };
}

async function checkFile(context: CheckContext, findingsText: string | undefined): Promise<CheckOutcome> {
  const { inputs } = context;
  const text = await readInputFile(context, 'registry', inputs.registry);
  let index: RegistryIndex;
  let intents: number;
  try {
    const registry = parseRegistryFile(text);
    intents = registry.intents.length;
    index = new RegistryIndex(registry);
  } catch (error) {
    throw prefixed(error, `Input "registry" (${inputs.registry})`, ['INVALID_REGISTRY']);
  }
  const input: PrePrCheckInput = {
    files: context.files,
    critical_codes: inputs.criticalCodes,
    findings: findingsText,
    root: context.root,
  };
  const result = await checkAgainstRegistry(index, input);
  let entriesToAdd: RegistryEntry[] = [];
  if (inputs.onMissing === 'reserve' && !result.ok) {
    const { evaluation } = await runPrePrRule(parseInput(prePrCheckInputSchema, input), (query) =>
      index.candidates(query),
    );
    entriesToAdd = evaluation.placeholders.map(placeholderEntry);
  }
  return { result, source: { kind: 'file', path: inputs.registry, intents }, entriesToAdd };
}

/** The pre-PR check on the PR's files, against the registry file or the remote server. */
export async function checkIntents(context: CheckContext): Promise<CheckOutcome> {
  const { inputs } = context;
  const findingsText =
    inputs.findings === null ? undefined : await readInputFile(context, 'findings', inputs.findings);
  try {
    return inputs.remote === null
      ? await checkFile(context, findingsText)
      : await checkRemote(context, findingsText);
  } catch (error) {
    throw prefixed(error, `Input "findings" (${inputs.findings ?? ''})`, ['INVALID_FINDINGS']);
  }
}
