import type { AuditLog } from '../audit/audit-log.js';
import { type Principal, requireOwnObject, requireScope, requireTenant } from '../auth/principal.js';
import { DEFAULT_TENANT_ID } from '../auth/tenants.js';
import type { Clock } from '../clock.js';
import { notFound } from '../errors.js';
import type { Page } from '../pagination.js';
import type { ImportCounts, IntentRepository } from './intent-repository.js';
import { type IntentRow, type IntentView, newIntentId, toIntentView } from './model.js';
import { normaliseRepoPath, toIntentPath } from './paths.js';
import {
  type PrePrCheckInput,
  type PrePrCheckResult,
  prePrCheckInputSchema,
  runPrePrRule,
} from './pre-pr-check.js';
import {
  parseRegistryFile,
  type RegistryFile,
  registryIntentToRow,
  toRegistryFile,
} from './registry-file.js';
import {
  type ByFileInput,
  type ByOwnerInput,
  byFileInputSchema,
  byOwnerInputSchema,
  type CreateIntentInput,
  createIntentInputSchema,
  type ListIntentsInput,
  listIntentsInputSchema,
  type MetricsInput,
  metricsInputSchema,
  type MetricsSummary,
  type StaleIntentsInput,
  staleIntentsInputSchema,
  type TenantInput,
  tenantInputSchema,
  type UpdateIntentInput,
  updateIntentInputSchema,
} from './schemas.js';
import { assertOwnerAndTicket, assertTransition } from './status.js';
import { parseInput } from '../validation.js';

const DAY_MS = 86_400_000;
const TOP_CODES = 20;
const EXPORT_BATCH = 1000;

/** Trimmed text, with an empty string meaning "none", so `owner: ""` can not pass for an owner. */
function clean(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

const agentOf = (principal: Principal): string => principal.agentId ?? principal.actor;

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

const EDITABLE: readonly (keyof IntentRow)[] = [
  'code',
  'type',
  'file',
  'line',
  'reasonCategory',
  'reason',
  'suggestion',
  'owner',
  'ticket',
  'eta',
  'status',
];

/**
 * The intent registry: every rule of the domain, behind the caller's scopes and tenant. Transports
 * validate nothing themselves (each method parses its input) and hold no rules of their own.
 */
export class IntentService {
  constructor(
    private readonly repository: IntentRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** A key works in its own tenant; the operator names one, or gets the default tenant. */
  private tenantOf(principal: Principal, requested: string | undefined): string {
    if (principal.tenantId === null) return requested ?? DEFAULT_TENANT_ID;
    if (requested !== undefined) requireTenant(principal, requested);
    return principal.tenantId;
  }

  private async owned(principal: Principal, id: string): Promise<IntentRow> {
    const row = await this.repository.findById(id);
    if (!row) throw notFound('Intent', { id });
    requireOwnObject(principal, row.tenantId, 'Intent');
    return row;
  }

  async create(principal: Principal, input: CreateIntentInput): Promise<IntentView> {
    requireScope(principal, 'intents:write');
    const request = parseInput(createIntentInputSchema, input);
    const tenantId = this.tenantOf(principal, request.tenant_id);
    const owner = clean(request.owner) ?? null;
    const ticket = clean(request.ticket) ?? null;
    assertOwnerAndTicket(request.status, owner, ticket);
    const now = this.clock.now();
    const row: IntentRow = {
      id: newIntentId(),
      tenantId,
      code: request.code,
      type: request.type,
      ...toIntentPath(request.file),
      line: request.line ?? null,
      reasonCategory: clean(request.reason_category) ?? null,
      reason: clean(request.reason) ?? null,
      suggestion: clean(request.suggestion) ?? null,
      owner,
      ticket,
      eta: request.eta ?? null,
      status: request.status,
      agentId: agentOf(principal),
      createdAt: now,
      modifiedAt: now,
      resolvedAt: request.status === 'implemented' ? now : null,
    };
    await this.repository.insert(row);
    await this.audit.record({
      action: 'INTENT_CREATED',
      tenantId,
      principal,
      target: `intent:${row.id}`,
      details: { code: row.code, file: row.file, status: row.status },
    });
    return toIntentView(row);
  }

  async get(principal: Principal, id: string): Promise<IntentView> {
    requireScope(principal, 'intents:read');
    return toIntentView(await this.owned(principal, id));
  }

  /**
   * PATCH: absent fields are kept, `null` clears. Only a real change moves `modified_at` (an empty
   * or identical patch is not a way to look fresh), and `resolved_at` is set when it becomes
   * implemented. The read, the checks and the write happen in one transaction.
   */
  async update(principal: Principal, id: string, input: UpdateIntentInput): Promise<IntentView> {
    requireScope(principal, 'intents:write');
    const patch = parseInput(updateIntentInputSchema, input);
    const path = patch.file === undefined ? undefined : toIntentPath(patch.file);
    const now = this.clock.now();
    let changed: (keyof IntentRow)[] = [];
    const result = await this.repository.update(id, (current) => {
      requireOwnObject(principal, current.tenantId, 'Intent');
      const next: IntentRow = {
        ...current,
        ...(path ?? {}),
        code: patch.code ?? current.code,
        type: patch.type ?? current.type,
        line: patch.line === undefined ? current.line : patch.line,
        reasonCategory: keep(clean(patch.reason_category), current.reasonCategory),
        reason: keep(clean(patch.reason), current.reason),
        suggestion: keep(clean(patch.suggestion), current.suggestion),
        owner: keep(clean(patch.owner), current.owner),
        ticket: keep(clean(patch.ticket), current.ticket),
        eta: patch.eta === undefined ? current.eta : patch.eta,
        status: patch.status ?? current.status,
      };
      changed = EDITABLE.filter((field) => next[field] !== current[field]);
      if (changed.length === 0) return undefined;
      assertTransition(current.status, next.status);
      assertOwnerAndTicket(next.status, next.owner, next.ticket);
      const resolvedAt =
        next.status === 'implemented' && current.status !== 'implemented' ? now : current.resolvedAt;
      return { ...next, modifiedAt: now, resolvedAt };
    });
    if (!result) throw notFound('Intent', { id });
    if (changed.length > 0) {
      await this.audit.record({
        action: 'INTENT_UPDATED',
        tenantId: result.after.tenantId,
        principal,
        target: `intent:${id}`,
        details: { fields: changed, status_from: result.before.status, status_to: result.after.status },
      });
    }
    return toIntentView(result.after);
  }

  async delete(principal: Principal, id: string): Promise<IntentView> {
    requireScope(principal, 'admin');
    const row = await this.owned(principal, id);
    if (!(await this.repository.delete(id))) throw notFound('Intent', { id });
    await this.audit.record({
      action: 'INTENT_DELETED',
      tenantId: row.tenantId,
      principal,
      target: `intent:${id}`,
      details: { code: row.code, file: row.file, status: row.status },
    });
    return toIntentView(row);
  }

  /** Filters are exact: `file` is the stored path or glob (use `byFile` to ask what covers a path). */
  async list(principal: Principal, input: ListIntentsInput): Promise<Page<IntentView>> {
    requireScope(principal, 'intents:read');
    const query = parseInput(listIntentsInputSchema, input);
    const page = await this.repository.list({
      tenantId: this.tenantOf(principal, query.tenant_id),
      owner: query.owner,
      file: query.file === undefined ? undefined : normaliseRepoPath(query.file),
      status: query.status,
      code: query.code,
      limit: query.limit,
      cursor: query.cursor ?? null,
    });
    return viewPage(page);
  }

  /** Open intents (reserved, planned, committed) not modified for `days` days, the oldest first. */
  async stale(principal: Principal, input: StaleIntentsInput): Promise<Page<IntentView>> {
    requireScope(principal, 'intents:read');
    const query = parseInput(staleIntentsInputSchema, input);
    const page = await this.repository.listStale({
      tenantId: this.tenantOf(principal, query.tenant_id),
      modifiedBefore: this.clock.now() - query.days * DAY_MS,
      limit: query.limit,
      cursor: query.cursor ?? null,
    });
    return viewPage(page);
  }

  async byOwner(principal: Principal, input: ByOwnerInput): Promise<Page<IntentView>> {
    const query = parseInput(byOwnerInputSchema, input);
    return this.list(principal, query);
  }

  /** Intents that cover a path: on exactly it, or a glob matching it. */
  async byFile(principal: Principal, input: ByFileInput): Promise<Page<IntentView>> {
    requireScope(principal, 'intents:read');
    const query = parseInput(byFileInputSchema, input);
    const page = await this.repository.listByPath({
      tenantId: this.tenantOf(principal, query.tenant_id),
      path: normaliseRepoPath(query.file),
      limit: query.limit,
      cursor: query.cursor ?? null,
    });
    return viewPage(page);
  }

  /**
   * `quality_score` is null when no intent is planned or committed: a score of 1 over nothing would
   * read as perfect on a dashboard. (Create and update refuse a planned or committed intent without
   * owner and ticket; imported records are kept as they are, which is what this can catch.)
   */
  async metrics(principal: Principal, input: MetricsInput = {}): Promise<MetricsSummary> {
    requireScope(principal, 'intents:read');
    const query = parseInput(metricsInputSchema, input);
    const counts = await this.repository.counts(this.tenantOf(principal, query.tenant_id), TOP_CODES);
    return {
      total: Object.values(counts.byStatus).reduce((sum, n) => sum + n, 0),
      by_status: counts.byStatus,
      by_code: counts.topCodes,
      quality_score:
        counts.promised === 0 ? null : round(counts.promisedWithOwnerAndTicket / counts.promised, 4),
      avg_time_to_resolve_days:
        counts.meanResolveMs === null ? null : round(counts.meanResolveMs / DAY_MS, 3),
    };
  }

  /**
   * The pre-PR check (rule in pre-pr-check.ts). Reserving placeholders writes, so it needs
   * `intents:write` and is refused up front (403) rather than half-done; the store creates each
   * (tenant, file, code) reservation at most once, however many checks run at the same time.
   */
  async prePrCheck(principal: Principal, input: PrePrCheckInput): Promise<PrePrCheckResult> {
    requireScope(principal, 'intents:read');
    const request = parseInput(prePrCheckInputSchema, input);
    if (request.auto_create_reserved) requireScope(principal, 'intents:write');
    const tenantId = this.tenantOf(principal, request.tenant_id);
    const { plan, evaluation } = await runPrePrRule(request, (query) =>
      this.repository.findCandidates(tenantId, query),
    );
    let created: IntentRow[] = [];
    if (request.auto_create_reserved && evaluation.placeholders.length > 0) {
      const now = this.clock.now();
      created = await this.repository.reservePlaceholders(
        evaluation.placeholders.map((placeholder) => ({
          id: newIntentId(),
          tenantId,
          code: placeholder.code,
          type: 'lint',
          ...toIntentPath(placeholder.file),
          line: placeholder.line,
          reasonCategory: 'pre-pr-placeholder',
          reason: 'Reserved by the pre-PR check: plan it (owner and ticket) or fix the finding',
          suggestion: null,
          owner: null,
          ticket: null,
          eta: null,
          status: 'reserved',
          agentId: agentOf(principal),
          createdAt: now,
          modifiedAt: now,
          resolvedAt: null,
        })),
      );
      for (const row of created) {
        await this.audit.record({
          action: 'INTENT_RESERVED',
          tenantId,
          principal,
          target: `intent:${row.id}`,
          details: { code: row.code, file: row.file },
        });
      }
    }
    return {
      ok: evaluation.details.length === 0,
      mode: plan.mode,
      missing: evaluation.missing,
      details: evaluation.details,
      created_reserved: created.map(toIntentView),
      checked: plan.files.length,
    };
  }

  async exportRegistry(principal: Principal, input: TenantInput = {}): Promise<RegistryFile> {
    requireScope(principal, 'intents:read');
    const query = parseInput(tenantInputSchema, input);
    const tenantId = this.tenantOf(principal, query.tenant_id);
    const rows: IntentRow[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<IntentRow> = await this.repository.list({ tenantId, limit: EXPORT_BATCH, cursor });
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return toRegistryFile(rows, this.clock.now());
  }

  /**
   * Upserts a registry file's intents by id, all or nothing. Needs `admin`: an import restores
   * server-owned timestamps, which no ordinary write may set.
   */
  async importRegistry(
    principal: Principal,
    registry: unknown,
    input: TenantInput = {},
  ): Promise<ImportCounts> {
    requireScope(principal, 'admin');
    const query = parseInput(tenantInputSchema, input);
    const tenantId = this.tenantOf(principal, query.tenant_id);
    const parsed = parseRegistryFile(registry);
    const now = this.clock.now();
    const rows = parsed.intents.map((intent) =>
      registryIntentToRow(intent, tenantId, now, agentOf(principal)),
    );
    const counts = await this.repository.importRows(tenantId, rows, now);
    await this.audit.record({ action: 'INTENTS_IMPORTED', tenantId, principal, details: { ...counts } });
    return counts;
  }
}

function keep<T>(patched: T | undefined, current: T): T {
  return patched === undefined ? current : patched;
}

function viewPage(page: Page<IntentRow>): Page<IntentView> {
  return { items: page.items.map(toIntentView), nextCursor: page.nextCursor };
}
