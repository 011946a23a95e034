import { z } from 'zod';
import { toIso } from '../clock.js';
import { badRequest, SettldError } from '../errors.js';
import {
  INTENT_STATUSES,
  INTENT_TYPES,
  type IntentRow,
  type IntentStatus,
  type IntentType,
} from './model.js';
import { toIntentPath } from './paths.js';
import {
  type CandidateIntent,
  type CandidateQuery,
  type PrePrCheckInput,
  type PrePrCheckResult,
  prePrCheckInputSchema,
  runPrePrRule,
} from './pre-pr-check.js';
import { parseInput } from '../validation.js';
import { intentCodeSchema, intentFileSchema } from './schemas.js';

/*
 * The registry file: what `settld-mcp intents export` writes, `intents import` reads, and the GitHub
 * Action checks a PR against (it has no SQLite). Format, version 1:
 *
 *   { "format": "settld-intents", "version": 1, "exported_at": "2026-01-31T12:00:00.000Z",
 *     "intents": [ { "id": "int_…", "code": "F821", "type": "lint", "file": "lukhas/core/**",
 *                    "line": null, "reason_category": null, "reason": "…", "suggestion": null,
 *                    "owner": "platform", "ticket": "GH-12", "eta": "2026-03-31",
 *                    "status": "planned", "agent_id": "claude-agent-1",
 *                    "created_at": "…", "modified_at": "…", "resolved_at": null } ] }
 *
 * Only id, code, file and status are required, so the file can be kept by hand in a repository;
 * missing timestamps become the import time. The tenant is not in the file: it is where you import.
 */

export const REGISTRY_FORMAT = 'settld-intents';
export const REGISTRY_VERSION = 1;

const INVALID = 'INVALID_REGISTRY';
const isoSchema = z.iso.datetime({ offset: true });
const optionalText = z.string().max(4000).nullable().default(null);

export const registryIntentSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'an id is 1-128 letters, digits, "_", ".", ":" or "-"'),
  code: intentCodeSchema,
  type: z.enum(INTENT_TYPES).default('lint'),
  file: intentFileSchema,
  line: z.number().int().min(1).nullable().default(null),
  reason_category: optionalText,
  reason: optionalText,
  suggestion: optionalText,
  owner: optionalText,
  ticket: optionalText,
  eta: optionalText,
  status: z.enum(INTENT_STATUSES),
  agent_id: optionalText,
  created_at: isoSchema.optional(),
  modified_at: isoSchema.optional(),
  resolved_at: isoSchema.nullable().optional(),
});
export type RegistryIntent = z.output<typeof registryIntentSchema>;

export const registryFileSchema = z.object({
  format: z.literal(REGISTRY_FORMAT),
  version: z.literal(REGISTRY_VERSION),
  exported_at: isoSchema.optional(),
  intents: z.array(registryIntentSchema),
});
/** A registry file as an export writes it: every field present. */
export type RegistryFile = z.output<typeof registryFileSchema>;

/** A registry file after validation, with every path normalised as the store would hold it. */
export interface ParsedRegistry {
  exportedAt: string | null;
  intents: (RegistryIntent & { isGlob: boolean; globBase: string | null })[];
}

function invalid(message: string, details?: Record<string, unknown>): SettldError {
  return badRequest(INVALID, message, details);
}

/** Reads a registry file (its text or parsed JSON); every defect is a 400 `INVALID_REGISTRY` saying where. */
export function parseRegistryFile(input: unknown): ParsedRegistry {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      throw invalid(`The intent registry is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(`The intent registry must be a JSON object with "format": "${REGISTRY_FORMAT}"`);
  }
  const header = value as { format?: unknown; version?: unknown };
  if (header.format !== REGISTRY_FORMAT) {
    throw invalid(`Not an intent registry: "format" must be "${REGISTRY_FORMAT}"`);
  }
  if (typeof header.version === 'number' && header.version > REGISTRY_VERSION) {
    throw invalid(
      `The intent registry is version ${header.version}, newer than this settld-mcp reads (${REGISTRY_VERSION}): upgrade settld-mcp`,
    );
  }
  const parsed = registryFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = (issue?.path ?? [])
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, '');
    throw invalid(`The intent registry is malformed at ${at || 'the top level'}: ${issue?.message}`, { at });
  }
  const seen = new Set<string>();
  const intents = parsed.data.intents.map((intent, index) => {
    if (seen.has(intent.id)) {
      throw invalid(`intents[${index}]: the id "${intent.id}" appears twice`, { at: `intents[${index}].id` });
    }
    seen.add(intent.id);
    try {
      return { ...intent, ...toIntentPath(intent.file, INVALID) };
    } catch (error) {
      throw error instanceof SettldError
        ? invalid(`intents[${index}].file: ${error.message}`, { at: `intents[${index}].file` })
        : error;
    }
  });
  return { exportedAt: parsed.data.exported_at ?? null, intents };
}

export function toRegistryFile(rows: readonly IntentRow[], exportedAt: number): RegistryFile {
  return {
    format: REGISTRY_FORMAT,
    version: REGISTRY_VERSION,
    exported_at: toIso(exportedAt),
    intents: rows.map((row) => ({
      id: row.id,
      code: row.code,
      type: row.type,
      file: row.file,
      line: row.line,
      reason_category: row.reasonCategory,
      reason: row.reason,
      suggestion: row.suggestion,
      owner: row.owner,
      ticket: row.ticket,
      eta: row.eta,
      status: row.status,
      agent_id: row.agentId,
      created_at: toIso(row.createdAt),
      modified_at: toIso(row.modifiedAt),
      resolved_at: row.resolvedAt === null ? null : toIso(row.resolvedAt),
    })),
  };
}

/**
 * A registry record as a stored row. An import restores records as they are (their timestamps
 * too, which is why importing needs the admin scope); missing ones become `now`, and an
 * implemented record without `resolved_at` is taken to have been resolved when last modified.
 */
export function registryIntentToRow(
  intent: ParsedRegistry['intents'][number],
  tenantId: string,
  now: number,
  agentId: string | null,
): IntentRow {
  const createdAt = intent.created_at === undefined ? now : Date.parse(intent.created_at);
  const modifiedAt =
    intent.modified_at === undefined ? Math.max(createdAt, now) : Date.parse(intent.modified_at);
  const status: IntentStatus = intent.status;
  const resolvedAt =
    intent.resolved_at != null
      ? Date.parse(intent.resolved_at)
      : status === 'implemented'
        ? modifiedAt
        : null;
  const type: IntentType = intent.type;
  return {
    id: intent.id,
    tenantId,
    code: intent.code,
    type,
    file: intent.file,
    isGlob: intent.isGlob,
    globBase: intent.globBase,
    line: intent.line,
    reasonCategory: intent.reason_category,
    reason: intent.reason,
    suggestion: intent.suggestion,
    owner: intent.owner,
    ticket: intent.ticket,
    eta: intent.eta,
    status,
    agentId: intent.agent_id ?? agentId,
    createdAt,
    modifiedAt,
    resolvedAt,
  };
}

/** The registry indexed like the store: by exact path, and globs by their literal base. */
export class RegistryIndex {
  private readonly byFile = new Map<string, CandidateIntent[]>();
  private readonly globsByBase = new Map<string, CandidateIntent[]>();

  constructor(registry: ParsedRegistry) {
    for (const intent of registry.intents) {
      const candidate: CandidateIntent = {
        file: intent.file,
        code: intent.code,
        status: intent.status,
        globBase: intent.globBase,
      };
      push(this.byFile, intent.file, { ...candidate, globBase: null });
      if (intent.globBase !== null) push(this.globsByBase, intent.globBase, candidate);
    }
  }

  candidates(query: CandidateQuery): CandidateIntent[] {
    const codes = new Set(query.codes);
    const out: CandidateIntent[] = [];
    const collect = (list: CandidateIntent[] | undefined) => {
      for (const candidate of list ?? []) if (codes.has(candidate.code)) out.push(candidate);
    };
    for (const file of query.files) collect(this.byFile.get(file));
    for (const base of query.globBases) collect(this.globsByBase.get(base));
    return out;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The pre-PR check against a registry file, with the same rule as the service. A file cannot be
 * written to, so `auto_create_reserved` is ignored and `created_reserved` is always empty.
 */
export async function checkAgainstRegistry(
  registry: ParsedRegistry | RegistryIndex,
  input: PrePrCheckInput,
): Promise<PrePrCheckResult> {
  const request = parseInput(prePrCheckInputSchema, input);
  const index = registry instanceof RegistryIndex ? registry : new RegistryIndex(registry);
  const { plan, evaluation } = await runPrePrRule(request, (query) => index.candidates(query));
  return {
    ok: evaluation.details.length === 0,
    mode: plan.mode,
    missing: evaluation.missing,
    details: evaluation.details,
    created_reserved: [],
    checked: plan.files.length,
  };
}
