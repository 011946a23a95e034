/*
 * The conformance matrix: for each target host, start the server under test as that host would and
 * run the checks its profile implies. The original ran the same generic checks for every target and
 * only changed the config snippet; here every verdict comes from a fact about that host, with its
 * source in host-profiles.ts. Works for any MCP server command, not only ours.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { badRequest } from '../errors.js';
import { SecretRedactor } from '../observability/redact.js';
import { runLiveProbe } from './conformance-probe.js';
import {
  callableWithoutArguments,
  checkAnnotations,
  checkInputSchemas,
  checkOutputSizes,
  checkToolNames,
  type ListedTool,
  type MeasuredResult,
} from './conformance-rules.js';
import { HostSession, type Launch } from './conformance-session.js';
import { hostConfigSnippets, leakedSecretNames, readSnippet, splitSecretEnv } from './host-config.js';
import { findHostProfile, TARGETS, type HostProfile } from './host-profiles.js';
import type {
  CheckResult,
  ConformanceMatrix,
  HostConfigSnippet,
  MatrixCheckInfo,
  MatrixOptions,
  ServerUnderTest,
  TargetResult,
} from './matrix-types.js';

export const MATRIX_CHECKS: readonly MatrixCheckInfo[] = [
  {
    id: 'handshake',
    title: 'Handshake',
    description:
      "initialize within the host's startup timeout, offering the protocol version the host sends (after its discovery probe, if it sends one); the negotiated version must be one the host accepts",
  },
  {
    id: 'tools_list',
    title: 'tools/list',
    description:
      'tools/list answers (inside the startup timeout when the host counts it there) with well-formed, uniquely named tools',
  },
  {
    id: 'tool_names',
    title: 'Tool names',
    description:
      "each name as the model sees it (with the host's prefix) matches ^[a-zA-Z0-9_-]+$ and fits 64 characters",
  },
  {
    id: 'input_schemas',
    title: 'Input schemas',
    description:
      "object roots; root anyOf/oneOf/allOf and the host's own schema rewrites (OpenHands' summary and security_risk)",
  },
  {
    id: 'annotations',
    title: 'Annotations',
    description: 'which calls the host runs without asking, and which ask only because a hint is missing',
  },
  {
    id: 'tool_call',
    title: 'Read-only call',
    description: 'calls the read-only tools that need no arguments, within the host’s tool timeout',
  },
  {
    id: 'output_size',
    title: 'Output size',
    description: "the results of those calls, as the host shows them to the model, under the host's limit",
  },
  {
    id: 'config_snippet',
    title: 'Config snippet',
    description: "the host's config parses in its own format, starts this server, and holds no secret value",
  },
  {
    id: 'live_probe',
    title: 'Host CLI',
    description: "the host's own CLI against the generated config, when it is installed",
  },
];

type CheckId =
  | 'handshake'
  | 'tools_list'
  | 'tool_names'
  | 'input_schemas'
  | 'annotations'
  | 'tool_call'
  | 'output_size'
  | 'config_snippet'
  | 'live_probe';

/** What the matrix takes from the machine it runs on; tests pass their own. */
export interface MatrixEnvironment {
  /** Where host CLIs are looked up (the live probe). */
  path: string | undefined;
  /** PATH and HOME given to the server when its env has none. */
  defaults: { PATH?: string; HOME?: string };
  tmpDir: string;
  now(): number;
  newRunId(): string;
}

export const systemMatrixEnvironment = (): MatrixEnvironment => ({
  path: process.env.PATH,
  defaults: { PATH: process.env.PATH, HOME: process.env.HOME },
  tmpDir: tmpdir(),
  now: () => Date.now(),
  newRunId: () => `cmx_${randomBytes(12).toString('hex')}`,
});

/** The matrix's own bounds, so a run always ends: hosts wait longer, the matrix does not. */
export const MATRIX_LIMITS = {
  /** tools/list when the host does not count it in its startup timeout. */
  listMs: 30_000,
  /** One tool call (less when the host's tool timeout is shorter). */
  callMs: 15_000,
  /** All the calls of one target. */
  callBudgetMs: 30_000,
  /** Read-only tools called per target. */
  maxCalls: 10,
  liveProbeMs: 60_000,
} as const;

const DEFAULT_SERVER_NAME = 'settld';
const NOT_REACHED = 'Not checked: the server did not complete the handshake.';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

function profilesFor(targets: readonly string[]): HostProfile[] {
  const unique = [...new Set(targets.map((target) => target.trim().toLowerCase()))].filter(Boolean);
  if (unique.length === 0)
    throw badRequest('INVALID_TARGETS', `Give at least one target: ${TARGETS.join(', ')}`);
  return unique.map((target) => {
    const profile = findHostProfile(target);
    if (!profile) {
      throw badRequest('UNKNOWN_TARGET', `Unknown target "${target}"; known: ${TARGETS.join(', ')}`, {
        target,
        targets: TARGETS,
      });
    }
    return profile;
  });
}

function launchOf(server: ServerUnderTest, defaults: MatrixEnvironment['defaults']): Launch {
  const env = { ...server.env };
  for (const name of ['PATH', 'HOME'] as const) {
    const value = defaults[name];
    if (env[name] === undefined && value !== undefined) env[name] = value;
  }
  return { command: server.command, args: server.args, env };
}

function handshakeResult(
  profile: HostProfile,
  handshake: { ms: number; answeredVersion: string | undefined; probe?: string; noiseLines: number },
): CheckResult {
  const rules = profile.handshake;
  const version = handshake.answeredVersion;
  const took = `${seconds(handshake.ms)} of ${profile.host}'s ${seconds(rules.startupTimeoutMs)}`;
  const probe = rules.discoveryProbe
    ? ` The ${rules.discoveryProbe.method} probe (${rules.discoveryProbe.protocolVersion}) got ${
        handshake.probe === 'none' ? 'no answer' : `an ${handshake.probe}`
      }, then initialize went on.`
    : '';
  if (version === undefined || !rules.acceptedVersions.includes(version)) {
    return {
      verdict: 'fail',
      message: `The server answered protocol ${version ?? '(none)'}; ${profile.host} offers ${rules.protocolVersion} and accepts only ${rules.acceptedVersions.join(', ')}, so it disconnects.`,
    };
  }
  const notes: string[] = [];
  if (version !== rules.protocolVersion) {
    notes.push(`negotiated ${version} instead of ${rules.protocolVersion} (${profile.host} accepts it)`);
  }
  if (handshake.ms > rules.startupTimeoutMs / 2) notes.push(`slow start: ${took}`);
  if (handshake.noiseLines > 0) {
    notes.push(`${handshake.noiseLines} line(s) on stdout are not JSON-RPC (logs belong on stderr)`);
  }
  if (notes.length > 0) return { verdict: 'warn', message: `Connected, but ${notes.join('; ')}.${probe}` };
  return { verdict: 'pass', message: `Protocol ${version} in ${took}.${probe}` };
}

function toolsListResult(
  profile: HostProfile,
  listing: { tools: ListedTool[]; malformed: number },
  startupMs: number,
): CheckResult {
  const names = listing.tools.map((tool) => tool.name);
  const duplicates = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  if (listing.malformed > 0) {
    return {
      verdict: 'fail',
      message: `${listing.malformed} tool(s) lack a name or an inputSchema object; MCP clients reject the whole list.`,
    };
  }
  if (duplicates.length > 0) {
    return {
      verdict: 'fail',
      message: `Two tools share a name (${duplicates.join(', ')}); the host keeps only one.`,
    };
  }
  const counted =
    profile.handshake.startupCovers === 'initialize+tools/list'
      ? ` Handshake and listing took ${seconds(startupMs)} of ${profile.host}'s ${seconds(profile.handshake.startupTimeoutMs)}.`
      : '';
  if (listing.tools.length === 0) return { verdict: 'warn', message: `The server lists no tools.${counted}` };
  return { verdict: 'pass', message: `${listing.tools.length} tools.${counted}` };
}

function configResult(
  profile: HostProfile,
  server: ServerUnderTest & { name: string },
  snippets: readonly HostConfigSnippet[],
  plain: Record<string, string>,
  secrets: Record<string, string>,
): CheckResult {
  const problems: string[] = [];
  for (const snippet of snippets) {
    const leaked = leakedSecretNames(snippet.text, secrets);
    if (leaked.length > 0) problems.push(`${snippet.path} holds the value of ${leaked.join(', ')}`);
    if (snippet.format === 'shell' && !snippet.text.startsWith('claude ')) continue;
    try {
      const launch = readSnippet(snippet, server.name);
      if (launch.command !== server.command || launch.args.join('\u0000') !== server.args.join('\u0000')) {
        problems.push(`${snippet.path} starts "${launch.command}", not the server under test`);
      }
      const missingValues = Object.entries(plain).filter(([name, value]) => launch.env[name] !== value);
      const missingSecrets = Object.keys(secrets).filter((name) => !launch.secretRefs.includes(name));
      const missing = [...missingValues.map(([name]) => name), ...missingSecrets];
      if (missing.length > 0) problems.push(`${snippet.path} does not pass ${missing.join(', ')}`);
    } catch (error) {
      problems.push(`${snippet.path} does not parse as ${snippet.format}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) return { verdict: 'fail', message: `${problems.join('; ')}.` };
  const secretNote =
    Object.keys(secrets).length === 0
      ? 'no secret to pass'
      : `${Object.keys(secrets).join(', ')} passed by name (${
          profile.config.secrets.kind === 'expand'
            ? `${profile.config.secrets.syntax} expansion`
            : profile.config.secrets.kind === 'forward-names'
              ? profile.config.secrets.key
              : 'a launcher reading a private file'
        }), never by value`;
  const formats = snippets.map((snippet) => `${snippet.path} (${snippet.format})`).join(' and ');
  return {
    verdict: 'pass',
    message: `${formats} ${snippets.length === 1 ? 'parses and starts' : 'parse and start'} this server; ${secretNote}.`,
  };
}

interface TargetRun {
  profile: HostProfile;
  server: ServerUnderTest & { name: string };
  environment: MatrixEnvironment;
  record: (id: CheckId, result: CheckResult) => void;
  signal?: AbortSignal;
}

/** Calls each tool (within the matrix's bounds) and keeps what it answered for the size check. */
async function callReadOnlyTools(
  session: HostSession,
  profile: HostProfile,
  callable: readonly ListedTool[],
  redact: (text: string) => string,
  signal: AbortSignal | undefined,
): Promise<{ result: CheckResult; measured: MeasuredResult[] }> {
  const measured: MeasuredResult[] = [];
  const problems: { verdict: 'warn' | 'fail'; text: string }[] = [];
  const callMs = Math.min(profile.toolTimeoutMs, MATRIX_LIMITS.callMs);
  const budgetEnds = performance.now() + MATRIX_LIMITS.callBudgetMs;
  const called: string[] = [];
  for (const tool of callable.slice(0, MATRIX_LIMITS.maxCalls)) {
    const left = Math.round(budgetEnds - performance.now());
    if (left <= 0) break;
    called.push(tool.name);
    try {
      const answer = await session.callTool(tool.name, Math.min(callMs, left));
      measured.push({ tool: tool.name, result: answer });
      if (answer.isError) {
        const text = (answer.content ?? []).map((block) =>
          typeof block.text === 'string' ? block.text : '',
        );
        problems.push({
          verdict: 'warn',
          text: `${tool.name} answered isError: ${redact(text.join(' ')).slice(0, 160)}`,
        });
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      const message = redact((error as Error).message);
      // Cut by the matrix's own bound, not the host's: the host might still have waited for it.
      const matrixCut = /timed out/i.test(message) && callMs < profile.toolTimeoutMs;
      problems.push({
        verdict: matrixCut ? 'warn' : 'fail',
        text: matrixCut
          ? `${tool.name} did not answer within the matrix's ${seconds(callMs)} (${profile.host} waits ${seconds(profile.toolTimeoutMs)})`
          : `${tool.name} failed: ${message}`,
      });
    }
  }
  const skipped = callable.length - called.length;
  const scope = `Called ${called.length} read-only tool(s) without arguments${
    skipped > 0 ? ` (${skipped} more not called: the matrix bounds its calls)` : ''
  }`;
  if (problems.length === 0) {
    return { result: { verdict: 'pass', message: `${scope}: ${called.join(', ')}.` }, measured };
  }
  return {
    result: {
      verdict: problems.some((problem) => problem.verdict === 'fail') ? 'fail' : 'warn',
      message: `${scope}. ${problems.map((problem) => problem.text).join('; ')}.`,
    },
    measured,
  };
}

async function checkSession(run: TargetRun, launch: Launch, redact: (text: string) => string): Promise<void> {
  const { profile, record, signal } = run;
  const opened = await HostSession.open(launch, {
    protocolVersion: profile.handshake.protocolVersion,
    timeoutMs: profile.handshake.startupTimeoutMs,
    discoveryProbe: profile.handshake.discoveryProbe,
    signal,
  });
  if (!opened.ok) {
    const stderr = redact(opened.stderr).trim().slice(-300).replace(/\s+/g, ' ');
    record('handshake', {
      verdict: 'fail',
      message: `No handshake within ${seconds(profile.handshake.startupTimeoutMs)} (${profile.host}'s startup timeout): ${redact(opened.reason)}.${stderr ? ` stderr: ${stderr}` : ''}`,
    });
    for (const id of [
      'tools_list',
      'tool_names',
      'input_schemas',
      'annotations',
      'tool_call',
      'output_size',
    ] as const) {
      record(id, { verdict: 'skip', message: NOT_REACHED });
    }
    return;
  }
  const { session, handshake } = opened;
  try {
    record('handshake', handshakeResult(profile, handshake));
    const counted = profile.handshake.startupCovers === 'initialize+tools/list';
    const listStarted = performance.now();
    const listBudget = counted
      ? Math.max(1, profile.handshake.startupTimeoutMs - handshake.ms)
      : MATRIX_LIMITS.listMs;
    let tools: ListedTool[];
    try {
      const listing = await session.listTools(listBudget);
      tools = listing.tools;
      record(
        'tools_list',
        toolsListResult(profile, listing, handshake.ms + (performance.now() - listStarted)),
      );
    } catch (error) {
      record('tools_list', {
        verdict: 'fail',
        message: `tools/list failed${counted ? ` within ${profile.host}'s startup timeout` : ''}: ${redact((error as Error).message)}.`,
      });
      for (const id of ['tool_names', 'input_schemas', 'annotations', 'tool_call', 'output_size'] as const) {
        record(id, { verdict: 'skip', message: 'Not checked: tools/list failed.' });
      }
      return;
    }
    record('tool_names', checkToolNames(profile, run.server.name, tools));
    record('input_schemas', checkInputSchemas(profile, tools));
    record('annotations', checkAnnotations(profile, tools));

    const callable = callableWithoutArguments(tools);
    if (callable.length === 0) {
      const why = 'No tool is marked readOnlyHint: true and callable without arguments, so no call was made.';
      record('tool_call', { verdict: 'skip', message: why });
      record('output_size', { verdict: 'skip', message: why });
      return;
    }
    const { result, measured } = await callReadOnlyTools(session, profile, callable, redact, signal);
    record('tool_call', result);
    record('output_size', await checkOutputSizes(profile, measured));
  } finally {
    await session.close();
  }
}

async function runTarget(run: TargetRun): Promise<TargetResult> {
  const { profile, server, environment, record } = run;
  const results: Partial<Record<CheckId, CheckResult>> = {};
  const save = (id: CheckId, result: CheckResult) => {
    results[id] = result;
    record(id, result);
  };
  const { values, secrets } = splitSecretEnv(server.env);
  const redactor = new SecretRedactor();
  for (const value of Object.values(secrets)) redactor.add(value);
  const redact = (text: string) => redactor.text(text);

  const launch = launchOf(server, environment.defaults);
  await checkSession({ ...run, record: save }, launch, redact);
  run.signal?.throwIfAborted();

  const plain = Object.fromEntries(
    Object.entries(values).filter(([name]) => name !== 'PATH' && name !== 'HOME'),
  );
  const snippets = hostConfigSnippets(
    profile.target,
    { name: server.name, command: server.command, args: server.args },
    { values: plain, secrets: Object.keys(secrets) },
  );
  save('config_snippet', configResult(profile, server, snippets, plain, secrets));
  save(
    'live_probe',
    await runLiveProbe(profile, server.name, snippets, launch.env, {
      path: environment.path,
      tmpDir: environment.tmpDir,
      timeoutMs: MATRIX_LIMITS.liveProbeMs,
      redact,
    }),
  );
  run.signal?.throwIfAborted();

  const ordered = Object.fromEntries(
    MATRIX_CHECKS.map((check) => [
      check.id,
      results[check.id as CheckId] ?? { verdict: 'skip', message: 'Not run.' },
    ]),
  ) as Record<string, CheckResult>;
  return {
    target: profile.target,
    host: profile.host,
    profileVersion: profile.profileVersion,
    ready: Object.values(ordered).every((result) => result.verdict !== 'fail'),
    results: ordered,
    config: snippets,
  };
}

/**
 * Runs every check for every target, one host after the other (each starts its own server process
 * and kills it, group and all, before the next). Throws a SettldError for an unknown target.
 */
export async function runConformanceMatrix(
  options: MatrixOptions,
  environment: MatrixEnvironment = systemMatrixEnvironment(),
): Promise<ConformanceMatrix> {
  const profiles = profilesFor(options.targets);
  if (!options.server.command.trim())
    throw badRequest('INVALID_SERVER_COMMAND', 'The server command is empty');
  const server = { ...options.server, name: options.server.name?.trim() || DEFAULT_SERVER_NAME };
  const total = profiles.length * MATRIX_CHECKS.length;
  let done = 0;
  const generatedAt = new Date(environment.now()).toISOString();
  const targets: TargetResult[] = [];
  for (const profile of profiles) {
    options.signal?.throwIfAborted();
    targets.push(
      await runTarget({
        profile,
        server,
        environment,
        signal: options.signal,
        record: (id, result) => {
          done += 1;
          options.onProgress?.({
            progress: done,
            total,
            message: `${profile.target} ${id}: ${result.verdict}`,
          });
        },
      }),
    );
  }
  return {
    tenantId: options.tenantId ?? null,
    runId: environment.newRunId(),
    generatedAt,
    checks: [...MATRIX_CHECKS],
    targets,
    ready: targets.every((target) => target.ready),
  };
}
