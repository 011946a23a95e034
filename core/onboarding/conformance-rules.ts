/*
 * The matrix's rules over what a server lists and answers, each decided from a host profile. Pure:
 * the same tools and the same profile always give the same verdict, so they are tested directly.
 */
import type { HintName, HostProfile, RuleVerdict } from './host-profiles.js';
import type { CheckResult } from './matrix-types.js';

/** A tool as tools/list gave it, read loosely so one odd tool does not hide the others. */
export interface ListedTool {
  name: string;
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** A tools/call result, read loosely. */
export interface ToolResult {
  content?: readonly Record<string, unknown>[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

interface Finding {
  verdict: RuleVerdict;
  /** What is wrong with this tool, e.g. `get_x (83 characters)`. */
  detail: string;
  /** What the host does about it. */
  effect: string;
}

const RANK: Record<RuleVerdict, number> = { pass: 0, warn: 1, fail: 2 };
const MAX_LISTED = 4;

/** The worst finding decides; findings with the same effect share one sentence. */
function verdictOf(findings: readonly Finding[], passMessage: string): CheckResult {
  const problems = findings.filter((finding) => finding.verdict !== 'pass');
  if (problems.length === 0) return { verdict: 'pass', message: passMessage };
  const verdict = problems.reduce<RuleVerdict>(
    (worst, finding) => (RANK[finding.verdict] > RANK[worst] ? finding.verdict : worst),
    'pass',
  );
  const byEffect = new Map<string, Finding[]>();
  for (const finding of [...problems].sort((a, b) => RANK[b.verdict] - RANK[a.verdict])) {
    const key = `${finding.verdict}\u0000${finding.effect}`;
    byEffect.set(key, [...(byEffect.get(key) ?? []), finding]);
  }
  const sentences = [...byEffect.values()].map((group) => {
    const shown = group.slice(0, MAX_LISTED).map((finding) => finding.detail);
    const more = group.length > MAX_LISTED ? ` and ${group.length - MAX_LISTED} more` : '';
    return `${shown.join(', ')}${more}: ${group[0]!.effect}.`;
  });
  return { verdict, message: sentences.join(' ') };
}

const COMBINATORS = ['anyOf', 'oneOf', 'allOf'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const rootCombinators = (schema: Record<string, unknown>) => COMBINATORS.filter((key) => key in schema);

const rootProperties = (schema: Record<string, unknown>): Record<string, unknown> =>
  isObject(schema.properties) ? schema.properties : {};

const hint = (tool: ListedTool, name: HintName): boolean | undefined => {
  const value = tool.annotations?.[name];
  return typeof value === 'boolean' ? value : undefined;
};

const isReadOnly = (tool: ListedTool) => hint(tool, 'readOnlyHint') === true;

/** The name the model sees: the host's prefix with the server name as the host writes it. */
function fullToolName(profile: HostProfile, serverName: string, toolName: string): string {
  const server = serverName.replace(/[^a-zA-Z0-9_-]/g, '_');
  return `${profile.toolNames.prefix.replaceAll('{server}', server)}${toolName}`;
}

export function checkToolNames(profile: HostProfile, serverName: string, tools: readonly ListedTool[]) {
  const rules = profile.toolNames;
  const pattern = new RegExp(rules.pattern);
  const findings: Finding[] = [];
  let longest = 0;
  for (const tool of tools) {
    const full = fullToolName(profile, serverName, tool.name);
    longest = Math.max(longest, full.length);
    if (!pattern.test(tool.name)) {
      findings.push({
        verdict: rules.badCharacters.verdict,
        detail: `"${tool.name}" (outside ${rules.pattern})`,
        effect: rules.badCharacters.effect,
      });
    }
    if (full.length > rules.maxLength) {
      findings.push({
        verdict: rules.overLength.verdict,
        detail: `${tool.name} (${full.length} characters${full === tool.name ? '' : ` as ${full.slice(0, 24)}…`})`,
        effect: `${rules.overLength.effect} (limit ${rules.maxLength})`,
      });
    }
  }
  const shape = fullToolName(profile, serverName, '<tool>');
  return verdictOf(
    findings,
    `${tools.length} names match ${rules.pattern} and fit ${rules.maxLength} characters as ${shape} (longest ${longest}).`,
  );
}

/** The first place below the root where a combinator or a `$ref` appears, as a path. */
function nestedCombinatorPath(schema: unknown, path: string, depth = 0): string | undefined {
  if (!isObject(schema) || depth > 12) return undefined;
  if (depth > 0) {
    for (const key of [...COMBINATORS, '$ref']) if (key in schema) return `${path}.${key}`;
  }
  const children: [string, unknown][] = [];
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) children.push([`${path}.${name}`, child]);
  }
  if (schema.items !== undefined) children.push([`${path}[]`, schema.items]);
  if (isObject(schema.additionalProperties)) children.push([`${path}.*`, schema.additionalProperties]);
  for (const [childPath, child] of children) {
    const found = nestedCombinatorPath(child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function checkInputSchemas(profile: HostProfile, tools: readonly ListedTool[]): CheckResult {
  const rules = profile.inputSchema;
  const findings: Finding[] = [];
  let closedSchemas = 0;
  for (const tool of tools) {
    const schema = tool.inputSchema;
    if (schema.type !== 'object') {
      findings.push({
        verdict: 'fail',
        detail: `${tool.name} (root type ${JSON.stringify(schema.type ?? null)})`,
        effect: 'the MCP spec requires an object input schema and MCP clients reject the tool list',
      });
      continue;
    }
    const properties = rootProperties(schema);
    const combinators = rootCombinators(schema);
    if (combinators.length > 0) {
      const branchOnly = combinators
        .flatMap((key) => (Array.isArray(schema[key]) ? (schema[key] as unknown[]) : []))
        .flatMap((branch) => (isObject(branch) ? Object.keys(rootProperties(branch)) : []))
        .filter((name) => !(name in properties));
      const rule =
        branchOnly.length > 0 && rules.rootCombinator.branchOnlyProperties
          ? rules.rootCombinator.branchOnlyProperties
          : rules.rootCombinator;
      findings.push({
        verdict: rule.verdict,
        detail: `${tool.name} (root ${combinators.join('/')})`,
        effect: rule.effect,
      });
    }
    if (rules.nestedCombinator) {
      const path = nestedCombinatorPath(schema, tool.name);
      if (path) findings.push({ ...rules.nestedCombinator, detail: path });
    }
    for (const injected of rules.injectedProperties) {
      const injectedHere = injected.addedTo === 'all' || !isReadOnly(tool);
      if (injectedHere && injected.name in properties) {
        findings.push({
          verdict: injected.ownedVerdict,
          detail: `${tool.name} (own "${injected.name}")`,
          effect: injected.effect,
        });
      }
    }
    const freeForm =
      schema.additionalProperties === true ||
      isObject(schema.additionalProperties) ||
      'patternProperties' in schema;
    if (rules.undeclaredArguments && freeForm) {
      findings.push({ ...rules.undeclaredArguments, detail: `${tool.name} (free-form arguments)` });
    }
    if (schema.additionalProperties === false) closedSchemas += 1;
  }
  const injectedNames = rules.injectedProperties.map((injected) => injected.name);
  const closedNote =
    closedSchemas > 0 && injectedNames.length > 0
      ? ` additionalProperties: false on ${closedSchemas} tools does not clash: ${profile.host} removes ${injectedNames.join(' and ')} before calling.`
      : '';
  return verdictOf(
    findings,
    `${tools.length} input schemas are objects without a root anyOf/oneOf/allOf.${closedNote}`,
  );
}

type Hints = Partial<Record<HintName, boolean>>;

function outcomeOf(profile: HostProfile, hints: Hints): 'runs' | 'needs-approval' {
  const rule = profile.annotations.rules.find((candidate) =>
    Object.entries(candidate.when).every(([name, value]) => hints[name as HintName] === value),
  );
  return rule?.outcome ?? 'needs-approval';
}

/**
 * What the host does with a call to this tool, from its declared hints; `byDefault` when it asks
 * only because a hint is missing (some value of the missing hints would let it run).
 */
export function approvalOf(
  profile: HostProfile,
  tool: ListedTool,
): { outcome: 'runs' | 'needs-approval'; byDefault: boolean } {
  const declared: Hints = {};
  for (const name of profile.annotations.considers) {
    const value = hint(tool, name);
    if (value !== undefined) declared[name] = value;
  }
  const outcome = outcomeOf(profile, declared);
  const missing = profile.annotations.considers.filter((name) => declared[name] === undefined);
  let byDefault = false;
  for (let mask = 0; outcome === 'needs-approval' && mask < 1 << missing.length; mask += 1) {
    const filled = { ...declared };
    missing.forEach((name, bit) => (filled[name] = (mask & (1 << bit)) !== 0));
    byDefault ||= outcomeOf(profile, filled) === 'runs';
  }
  return { outcome, byDefault };
}

export function checkAnnotations(profile: HostProfile, tools: readonly ListedTool[]): CheckResult {
  const rules = profile.annotations;
  const findings: Finding[] = [];
  let runs = 0;
  let asks = 0;
  for (const tool of tools) {
    const { outcome, byDefault } = approvalOf(profile, tool);
    if (outcome === 'runs') runs += 1;
    else if (!byDefault) asks += 1;
    else {
      const missing = rules.considers.filter((name) => hint(tool, name) === undefined);
      findings.push({
        verdict: rules.missingHint.verdict,
        detail: `${tool.name} (no ${missing.join('/')})`,
        effect: rules.missingHint.effect,
      });
    }
  }
  return verdictOf(
    findings,
    `${runs} tools run without approval and ${asks} ask for it by their declared hints (${rules.considers.join(', ')}).`,
  );
}

/** Read-only tools a host may call with no arguments: the matrix calls these, no others. */
export function callableWithoutArguments(tools: readonly ListedTool[]): ListedTool[] {
  return tools.filter((tool) => {
    const schema = tool.inputSchema;
    const required = Array.isArray(schema.required) ? schema.required : [];
    return (
      isReadOnly(tool) &&
      schema.type === 'object' &&
      required.length === 0 &&
      rootCombinators(schema).length === 0
    );
  });
}

/** The text a host gives the model for a result. */
function modelView(profile: HostProfile, result: ToolResult): string {
  if (profile.output.view === 'structured-first' && result.structuredContent !== undefined) {
    return JSON.stringify(result.structuredContent);
  }
  return (result.content ?? [])
    .map((block) => {
      if (typeof block.text === 'string') return block.text;
      const resource = block.resource;
      return isObject(resource) && typeof resource.text === 'string' ? resource.text : '';
    })
    .filter((text) => text.length > 0)
    .join('\n');
}

type CountTokens = (text: string) => number;
let tokenCounter: Promise<CountTokens> | undefined;

/** o200k_base, loaded on first use: its ranks take a moment and megabytes. */
function countTokens(): Promise<CountTokens> {
  tokenCounter ??= import('gpt-tokenizer/encoding/o200k_base').then(
    ({ countTokens: count }) =>
      (text: string) =>
        count(text, { disallowedSpecial: new Set<string>() }),
  );
  return tokenCounter;
}

export interface MeasuredResult {
  tool: string;
  result: ToolResult;
}

export async function checkOutputSizes(
  profile: HostProfile,
  measured: readonly MeasuredResult[],
): Promise<CheckResult> {
  const rules = profile.output;
  if (measured.length === 0) {
    return {
      verdict: 'skip',
      message: 'No tool result to measure: no read-only tool without arguments answered.',
    };
  }
  const count = rules.unit === 'tokens' ? await countTokens() : (text: string) => text.length;
  const unit = rules.unit === 'tokens' ? 'tokens' : 'characters';
  const findings: Finding[] = [];
  let largest = { tool: '', size: 0 };
  for (const { tool, result } of measured) {
    const size = count(modelView(profile, result));
    if (size >= largest.size) largest = { tool, size };
    if (size > rules.limit) {
      findings.push({
        verdict: 'fail',
        detail: `${tool} (${size.toLocaleString('en-US')} ${unit})`,
        effect: `over ${profile.host}'s ${rules.limit.toLocaleString('en-US')} ${unit}: ${rules.effect}`,
      });
    } else if (rules.warnAt !== undefined && size > rules.warnAt) {
      findings.push({
        verdict: 'warn',
        detail: `${tool} (${size.toLocaleString('en-US')} ${unit})`,
        effect: `over ${rules.warnAt.toLocaleString('en-US')} ${unit}, where ${profile.host} starts to warn (limit ${rules.limit.toLocaleString('en-US')})`,
      });
    }
  }
  return verdictOf(
    findings,
    `${measured.length} results fit ${profile.host}'s ${rules.limit.toLocaleString('en-US')} ${unit} (largest: ${largest.tool}, ${largest.size.toLocaleString('en-US')}).`,
  );
}
