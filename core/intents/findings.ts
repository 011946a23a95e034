import { z } from 'zod';
import { badRequest } from '../errors.js';
import { findingPathToRepoPath, isAbsoluteOsPath } from './paths.js';

/** One lint finding, as the pre-PR check needs it. `file` is repo-relative, or absolute (see paths.ts). */
export interface Finding {
  file: string;
  code: string;
  line: number | null;
}

export const FINDINGS_FORMATS = ['ruff', 'eslint', 'sarif'] as const;
export type FindingsFormat = (typeof FINDINGS_FORMATS)[number];

export interface ParsedFindings {
  /** null for an empty list, which every format may print when there is nothing to report. */
  format: FindingsFormat | null;
  findings: Finding[];
}

export interface ParseFindingsOptions {
  /** Absolute repository root: absolute paths under it become repo-relative. */
  root?: string;
}

const INVALID = 'INVALID_FINDINGS';
const MAX_CODE_LENGTH = 128;

/** What a transport accepts for `findings`: the file's text, or its parsed JSON. */
export const findingsInputSchema = z
  .union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .describe(
    'Lint findings: ruff `--output-format json`, ESLint `--format json` or SARIF 2.1.0, as JSON text or parsed. ' +
      'The format is detected.',
  );

const ruffSchema = z.array(
  z.object({
    code: z.string().nullable(),
    filename: z.string(),
    location: z.object({ row: z.unknown() }).nullish(),
  }),
);

const eslintSchema = z.array(
  z.object({
    filePath: z.string(),
    messages: z.array(z.object({ ruleId: z.string().nullish(), line: z.unknown() })),
  }),
);

const sarifSchema = z.object({
  version: z.literal('2.1.0'),
  runs: z.array(
    z.object({
      tool: z
        .object({ driver: z.object({ rules: z.array(z.object({ id: z.string().optional() })).optional() }) })
        .optional(),
      originalUriBaseIds: z.record(z.string(), z.object({ uri: z.string().optional() })).optional(),
      results: z
        .array(
          z.object({
            ruleId: z.string().optional(),
            ruleIndex: z.number().int().optional(),
            rule: z.object({ id: z.string().optional(), index: z.number().int().optional() }).optional(),
            locations: z
              .array(
                z.object({
                  physicalLocation: z
                    .object({
                      artifactLocation: z
                        .object({ uri: z.string(), uriBaseId: z.string().optional() })
                        .optional(),
                      region: z.object({ startLine: z.unknown() }).optional(),
                    })
                    .optional(),
                }),
              )
              .optional(),
          }),
        )
        .optional(),
    }),
  ),
});

function malformed(format: string, error: z.ZodError) {
  const issue = error.issues[0];
  const at = (issue?.path ?? [])
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('');
  return badRequest(
    INVALID,
    `The ${format} findings are malformed at ${at || 'the top level'}: ${issue?.message}`,
    {
      format,
      at,
    },
  );
}

function validate<T>(schema: z.ZodType<T>, value: unknown, format: FindingsFormat): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw malformed(format, parsed.error);
  return parsed.data;
}

const lineOf = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;

/** A rule id worth an intent: a parse error (no rule) or a nonsense id is not a finding. */
function codeOf(value: string | null | undefined): string | null {
  const code = value?.trim();
  return code && code.length <= MAX_CODE_LENGTH && !/\s/.test(code) ? code : null;
}

function detect(value: unknown): FindingsFormat | null {
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    if (first === undefined) return null;
    if (first !== null && typeof first === 'object') {
      if ('filePath' in first && 'messages' in first) return 'eslint';
      if ('filename' in first && 'code' in first) return 'ruff';
    }
    throw badRequest(
      INVALID,
      'Unrecognised findings: a list must hold ruff entries ({code, filename, location}) or ESLint results ({filePath, messages})',
    );
  }
  if (value !== null && typeof value === 'object') {
    if ('version' in value || 'runs' in value) {
      const version = (value as { version?: unknown }).version;
      if (version !== '2.1.0') {
        throw badRequest(
          INVALID,
          `SARIF version ${String(JSON.stringify(version))} is not supported; use SARIF 2.1.0`,
        );
      }
      return 'sarif';
    }
    if ('results' in value && Array.isArray(value.results)) return 'eslint';
  }
  throw badRequest(INVALID, 'Unrecognised findings: expected ruff JSON, ESLint JSON or SARIF 2.1.0');
}

function parseRuff(value: unknown, root: string | undefined): Finding[] {
  const out: Finding[] = [];
  for (const entry of validate(ruffSchema, value, 'ruff')) {
    const code = codeOf(entry.code);
    if (code)
      out.push({
        file: findingPathToRepoPath(entry.filename, root, INVALID),
        code,
        line: lineOf(entry.location?.row),
      });
  }
  return out;
}

function parseEslint(value: unknown, root: string | undefined): Finding[] {
  // `--format json-with-metadata` wraps the same results in an object.
  const results = Array.isArray(value) ? value : (value as { results: unknown }).results;
  const out: Finding[] = [];
  for (const result of validate(eslintSchema, results, 'eslint')) {
    let file: string | undefined;
    for (const message of result.messages) {
      const code = codeOf(message.ruleId);
      if (!code) continue;
      file ??= findingPathToRepoPath(result.filePath, root, INVALID);
      out.push({ file, code, line: lineOf(message.line) });
    }
  }
  return out;
}

/** Percent-decodes a URI path, keeping the text as it is when it was never encoded (`100%.py`). */
function decodeUriPath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A SARIF artifact URI as an OS or relative path. `file:` URIs lose scheme and host; the rest is
 * percent-decoded as a path, so an unencoded `?` or `#` stays part of the name instead of
 * starting a query or fragment. Other schemes name nothing in the repository.
 */
function sarifUriToPath(uri: string): string {
  if (/^file:/i.test(uri)) {
    let rest = uri.slice(5);
    if (rest.startsWith('//')) {
      const slash = rest.indexOf('/', 2);
      rest = slash === -1 ? '/' : rest.slice(slash);
    }
    const path = decodeUriPath(rest);
    return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(uri)) {
    throw badRequest(INVALID, `SARIF artifact URI "${uri.slice(0, 200)}" is not a file path or file: URI`);
  }
  return decodeUriPath(uri);
}

function parseSarif(value: unknown, root: string | undefined): Finding[] {
  const out: Finding[] = [];
  for (const run of validate(sarifSchema, value, 'sarif').runs) {
    const rules = run.tool?.driver.rules ?? [];
    for (const result of run.results ?? []) {
      const index = result.ruleIndex ?? result.rule?.index;
      const code = codeOf(
        result.ruleId ?? result.rule?.id ?? (index === undefined ? undefined : rules[index]?.id),
      );
      if (!code) continue;
      for (const location of result.locations ?? []) {
        const artifact = location.physicalLocation?.artifactLocation;
        if (!artifact) continue;
        let path = sarifUriToPath(artifact.uri);
        const baseUri =
          artifact.uriBaseId === undefined ? undefined : run.originalUriBaseIds?.[artifact.uriBaseId]?.uri;
        if (baseUri !== undefined && !isAbsoluteOsPath(path.replace(/\\/g, '/'))) {
          path = `${sarifUriToPath(baseUri).replace(/\/?$/, '/')}${path}`;
        }
        out.push({
          file: findingPathToRepoPath(path, root, INVALID),
          code,
          line: lineOf(location.physicalLocation?.region?.startLine),
        });
      }
    }
  }
  return out;
}

/**
 * Reads lint findings in any supported format (detected), as JSON text or an already parsed value.
 * Anything malformed is a 400 `INVALID_FINDINGS` naming where it went wrong; it never throws
 * anything else.
 */
export function parseFindings(input: unknown, options: ParseFindingsOptions = {}): ParsedFindings {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      throw badRequest(INVALID, `The findings are not valid JSON: ${(error as Error).message}`);
    }
  }
  const format = detect(value);
  if (format === null) return { format, findings: [] };
  const parse = format === 'ruff' ? parseRuff : format === 'eslint' ? parseEslint : parseSarif;
  return { format, findings: parse(value, options.root) };
}
