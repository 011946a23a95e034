import type { AuditLog } from '../audit/audit-log.js';
import { type Principal, requireOwnObject, requireScope } from '../auth/principal.js';
import { DEFAULT_TENANT_ID } from '../auth/tenants.js';
import { type Clock, toIso, toIsoOrNull } from '../clock.js';
import { conflict, forbidden, notFound, SettldError } from '../errors.js';
import { randomBase62 } from '../hashing.js';
import { parseInput } from '../validation.js';
import type { Page } from '../pagination.js';
import type { AgentRegistryPort } from './agent-registry.js';
import {
  type RequestedBy,
  type RunRow,
  ACTIVE_STATUSES,
  type SqliteRunRepository,
} from './run-repository.js';
import {
  type EnqueueRunInput,
  enqueueRunInputSchema,
  grantInputSchema,
  type GrantInput,
  listGrantsInputSchema,
  type ListRunsInput,
  listRunsInputSchema,
  depositInputSchema,
  pauseInputSchema,
  revokeInputSchema,
  type RevokeInput,
  type RunView,
  type Summary,
} from './schemas.js';
import { type RunnerGrant, type VaultPort, VaultError } from './vault.js';
import type { WorkloadRegistry } from './workloads.js';

const RECENT_RUNS = 5;
const GLOBAL_PAUSE = 'paused';

export interface RunnerServiceDeps {
  runs: SqliteRunRepository;
  vault: VaultPort;
  registry: AgentRegistryPort;
  workloads: WorkloadRegistry;
  audit: AuditLog;
  clock: Clock;
  /** The runner's public id (what users grant). */
  runnerId: string;
  /** Called after a run is enqueued, so an in-process worker starts at once instead of at its next poll. */
  onEnqueued?: () => void;
}

export function toRunView(row: RunRow): RunView {
  return {
    id: row.id,
    user: row.user,
    agentId: row.agentId,
    rateVersion: row.rateVersion,
    budgets: row.budgets,
    workflowId: row.workflowId,
    input: row.input ?? null,
    label: row.label,
    status: row.status,
    attempts: row.attempts,
    vaultRunId: row.vaultRunId,
    usage: row.usage,
    output: row.output ?? null,
    outputHash: row.outputHash,
    receipt: row.receipt,
    error: row.errorCode === null ? null : { code: row.errorCode, message: row.errorMessage ?? '' },
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
    finishedAt: toIsoOrNull(row.finishedAt),
  };
}

function grantView(grant: RunnerGrant, user: string) {
  return {
    user,
    runner: grant.runner,
    agentId: grant.agentId,
    expiresAt: toIsoOrNull(grant.expiresAt),
    grantedAt: toIso(grant.grantedAt),
  };
}

function requestedBy(principal: Principal): RequestedBy {
  return {
    kind: principal.kind,
    tenantId: principal.tenantId,
    actor: principal.actor,
    keyId: principal.keyId ?? null,
    agentId: principal.agentId ?? null,
    scopes: [...principal.scopes],
  };
}

/**
 * The delegated runner (seed 002): a queue of workflow runs paid from users' prepaid vaults. This
 * holds the rules of requests, grants, pause and money; the worker (worker.ts) moves runs through
 * open → execute → finalize. In the embedded vault a user belongs to a tenant (`tenant/user`); on
 * Soroban a user is a Stellar address.
 */
export class RunnerService {
  constructor(private readonly deps: RunnerServiceDeps) {}

  get runnerId(): string {
    return this.deps.runnerId;
  }

  get backend(): 'embedded' | 'soroban' {
    return this.deps.vault.backend;
  }

  private tenantOf(principal: Principal): string {
    return principal.tenantId ?? DEFAULT_TENANT_ID;
  }

  /** The vault's name for a user of a tenant. */
  vaultUser(tenantId: string, user: string): string {
    return this.deps.vault.backend === 'embedded' ? `${tenantId}/${user}` : user;
  }

  private owned(principal: Principal, id: string): RunRow {
    const row = this.deps.runs.find(id);
    if (!row) throw notFound('Run', { id });
    requireOwnObject(principal, row.tenantId, 'Run');
    return row;
  }

  isPaused(tenantId?: string, user?: string): boolean {
    if (this.deps.runs.setting(GLOBAL_PAUSE) === '1') return true;
    return (
      user !== undefined &&
      tenantId !== undefined &&
      this.deps.runs.setting(userPauseKey(tenantId, user)) === '1'
    );
  }

  /**
   * Queues a run (202). Refused at once, before anything is held: a paused runner or user
   * (RUNNER_PAUSED), a runner without a valid grant (UnauthorizedRunner, #15), an unknown workflow,
   * an input the workflow refuses, an unknown agent or rate version.
   */
  async enqueue(principal: Principal, input: EnqueueRunInput): Promise<RunView> {
    requireScope(principal, 'runner:write');
    const request = parseInput(enqueueRunInputSchema, input);
    const tenantId = this.tenantOf(principal);
    if (this.isPaused(tenantId, request.user)) {
      throw conflict('RUNNER_PAUSED', 'New runs are paused', { user: request.user });
    }
    const workload = this.deps.workloads.get(request.workflowId);
    const checked = workload.input.safeParse(request.input);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new SettldError(
        'INVALID_INPUT',
        400,
        `Invalid input for ${workload.id}: ${issue?.message ?? 'invalid'}`,
        {
          issues: checked.error.issues
            .slice(0, 20)
            .map((item) => ({ path: item.path.join('.'), message: item.message })),
        },
      );
    }
    const rateVersion = request.rateVersion ?? (await this.deps.registry.latestRateVersion(request.agentId));
    await this.deps.registry.getRateCard(request.agentId, rateVersion);
    const vaultUser = this.vaultUser(tenantId, request.user);
    if (!(await this.deps.vault.isRunnerAuthorized(vaultUser, this.deps.runnerId, request.agentId))) {
      throw new VaultError('UnauthorizedRunner', {
        user: request.user,
        runner: this.deps.runnerId,
        agentId: request.agentId,
      });
    }
    const now = this.deps.clock.now();
    const row: RunRow = {
      id: `run_${randomBase62(16)}`,
      tenantId,
      user: request.user,
      agentId: request.agentId,
      rateVersion,
      budgets: request.budgets,
      workflowId: request.workflowId,
      input: request.input ?? null,
      label: request.label ?? null,
      status: 'pending',
      attempts: 0,
      openReference: null,
      vaultRunId: null,
      usage: null,
      output: null,
      outputHash: null,
      receipt: null,
      errorCode: null,
      errorMessage: null,
      requestedBy: requestedBy(principal),
      leaseOwner: null,
      leaseExpiresAt: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    this.deps.runs.insert(row);
    this.deps.onEnqueued?.();
    return toRunView(row);
  }

  get(principal: Principal, id: string): Promise<RunView> {
    requireScope(principal, 'runner:read');
    return Promise.resolve(toRunView(this.owned(principal, id)));
  }

  list(principal: Principal, input: ListRunsInput): Promise<Page<RunView>> {
    requireScope(principal, 'runner:read');
    const query = parseInput(listRunsInputSchema, input);
    const page = this.deps.runs.list({
      tenantId: principal.tenantId,
      status: query.status,
      user: query.user,
      limit: query.limit,
      cursor: query.cursor ?? null,
    });
    return Promise.resolve({ items: page.items.map(toRunView), nextCursor: page.nextCursor });
  }

  /**
   * Requeues a failed or cancelled run. Escrow a failed attempt still holds is released first
   * (cancelled with a full refund), so a retry never leaves money locked.
   */
  async retry(principal: Principal, id: string): Promise<RunView> {
    requireScope(principal, 'runner:write');
    const row = this.owned(principal, id);
    if (row.status !== 'failed' && row.status !== 'cancelled') {
      throw conflict(
        'RUN_NOT_RETRYABLE',
        `Only a failed or cancelled run can be retried (this one is ${row.status})`,
        {
          status: row.status,
        },
      );
    }
    if (this.isPaused(row.tenantId, row.user))
      throw conflict('RUNNER_PAUSED', 'New runs are paused', { user: row.user });
    await this.releaseEscrow(row);
    const requeued = this.deps.runs.transition(
      id,
      ['failed', 'cancelled'],
      'pending',
      this.deps.clock.now(),
      {
        errorCode: null,
        errorMessage: null,
        receipt: null,
        usage: null,
        output: null,
        outputHash: null,
        finishedAt: null,
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    );
    if (!requeued) throw conflict('RUN_NOT_RETRYABLE', 'The run changed meanwhile; look again');
    this.deps.onEnqueued?.();
    return toRunView(this.deps.runs.find(id)!);
  }

  /** Cancels a run: a queued one at once; an open one in the vault, with a full refund. */
  async cancel(principal: Principal, id: string): Promise<RunView> {
    requireScope(principal, 'runner:write');
    const row = this.owned(principal, id);
    if (row.status === 'finalized' || row.status === 'failed' || row.status === 'cancelled') {
      throw conflict('RUN_FINISHED', `The run is already ${row.status}`, { status: row.status });
    }
    await this.cancelRun(row, 'RUN_CANCELLED', `Cancelled by ${principal.actor}`, principal);
    return toRunView(this.deps.runs.find(id)!);
  }

  /** Cancels a run in the vault (when it holds escrow) and marks it cancelled. */
  async cancelRun(row: RunRow, code: string, message: string, principal?: Principal): Promise<void> {
    const refunded = await this.releaseEscrow(row);
    const now = this.deps.clock.now();
    this.deps.runs.transition(row.id, ['pending', ...ACTIVE_STATUSES], 'cancelled', now, {
      errorCode: code,
      errorMessage: message,
      finishedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
    await this.deps.audit.record({
      action: 'runner_run_cancelled',
      tenantId: row.tenantId,
      principal,
      target: `run:${row.id}`,
      details: { vaultRunId: row.vaultRunId, refund: refunded, reason: code },
    });
  }

  /** Cancels the vault run of an attempt if it is still open; returns the refund (0 when nothing was held). */
  private async releaseEscrow(row: RunRow): Promise<number> {
    const vaultRunId =
      row.vaultRunId ??
      (row.openReference ? await this.deps.vault.findRunByReference(row.openReference) : null);
    if (vaultRunId === null) return 0;
    const run = await this.deps.vault.getRun(vaultRunId);
    if (run.status !== 'open') return 0;
    try {
      return await this.deps.vault.cancelRun(vaultRunId, this.deps.runnerId);
    } catch (error) {
      if (error instanceof VaultError && error.code === 'RunNotOpen') return 0;
      throw error;
    }
  }

  async grant(principal: Principal, input: GrantInput) {
    requireScope(principal, 'runner:write');
    const request = parseInput(grantInputSchema, input);
    const tenantId = this.tenantOf(principal);
    const runner = request.runner ?? this.deps.runnerId;
    const expiresAt =
      request.expiresAt === undefined || request.expiresAt === null
        ? null
        : typeof request.expiresAt === 'number'
          ? request.expiresAt * 1000
          : Date.parse(request.expiresAt);
    if (expiresAt !== null && expiresAt <= this.deps.clock.now()) {
      throw new SettldError('INVALID_INPUT', 400, 'expiresAt is in the past');
    }
    const grant = await this.deps.vault.grantRunner(
      this.vaultUser(tenantId, request.user),
      runner,
      request.agentId,
      expiresAt,
    );
    await this.deps.audit.record({
      action: 'runner_granted',
      tenantId,
      principal,
      target: `user:${request.user}`,
      details: { runner, agentId: request.agentId, expiresAt: toIsoOrNull(expiresAt) },
    });
    return grantView(grant, request.user);
  }

  /**
   * Revokes a grant. New runs then fail fast with UnauthorizedRunner; runs already open can not be
   * finalized any more (the vault re-checks the grant), so they are cancelled with a full refund.
   */
  async revoke(
    principal: Principal,
    input: RevokeInput,
  ): Promise<{ revoked: true; cancelledRuns: string[] }> {
    requireScope(principal, 'runner:write');
    const request = parseInput(revokeInputSchema, input);
    const tenantId = this.tenantOf(principal);
    const runner = request.runner ?? this.deps.runnerId;
    await this.deps.vault.revokeRunner(this.vaultUser(tenantId, request.user), runner, request.agentId);
    await this.deps.audit.record({
      action: 'runner_revoked',
      tenantId,
      principal,
      target: `user:${request.user}`,
      details: { runner, agentId: request.agentId },
    });
    const cancelledRuns: string[] = [];
    if (runner === this.deps.runnerId) {
      for (const row of this.deps.runs.activeFor(tenantId, request.user, request.agentId)) {
        await this.cancelRun(
          row,
          'RUNNER_REVOKED',
          'The grant was revoked: the run was cancelled with a full refund',
          principal,
        );
        cancelledRuns.push(row.id);
      }
    }
    return { revoked: true, cancelledRuns };
  }

  async listGrants(principal: Principal, input: { user: string }) {
    requireScope(principal, 'runner:read');
    const { user } = parseInput(listGrantsInputSchema, input);
    const grants = await this.deps.vault.listRunnerGrants(this.vaultUser(this.tenantOf(principal), user));
    return { items: grants.map((grant) => grantView(grant, user)) };
  }

  async deposit(principal: Principal, input: { user: string; amount: number }) {
    requireScope(principal, 'runner:write');
    const request = parseInput(depositInputSchema, input);
    const tenantId = this.tenantOf(principal);
    const balance = await this.deps.vault.deposit(this.vaultUser(tenantId, request.user), request.amount);
    await this.deps.audit.record({
      action: 'vault_deposit',
      tenantId,
      principal,
      target: `user:${request.user}`,
      details: { amount: request.amount },
    });
    return { user: request.user, balance };
  }

  async balance(principal: Principal, input: { user: string }) {
    requireScope(principal, 'runner:read');
    const { user } = parseInput(listGrantsInputSchema, input);
    return { user, balance: await this.deps.vault.balance(this.vaultUser(this.tenantOf(principal), user)) };
  }

  /**
   * "Pause new runs", for real: for a user, the runner refuses their new runs (RUNNER_PAUSED) and
   * their vault policy is paused, so not even another runner can open one; without a user, the
   * whole runner stops taking runs (admin).
   */
  async setPaused(principal: Principal, input: { user?: string; paused: boolean }) {
    requireScope(principal, 'runner:write');
    const request = parseInput(pauseInputSchema, input);
    const tenantId = this.tenantOf(principal);
    if (request.user === undefined) {
      requireScope(principal, 'admin');
      if (principal.tenantId !== null) throw forbidden('Only the operator pauses the whole runner');
      this.deps.runs.setSetting(GLOBAL_PAUSE, request.paused ? '1' : '0');
    } else {
      const vaultUser = this.vaultUser(tenantId, request.user);
      const policy = await this.deps.vault.getPolicy(vaultUser);
      await this.deps.vault.setPolicy(vaultUser, { ...policy, paused: request.paused });
      this.deps.runs.setSetting(userPauseKey(tenantId, request.user), request.paused ? '1' : '0');
    }
    await this.deps.audit.record({
      action: request.paused ? 'runner_paused' : 'runner_resumed',
      tenantId: request.user === undefined ? null : tenantId,
      principal,
      target: request.user === undefined ? 'runner' : `user:${request.user}`,
    });
    return { user: request.user ?? null, paused: request.paused };
  }

  summary(principal: Principal): Promise<Summary> {
    requireScope(principal, 'runner:read');
    const counts = this.deps.runs.counts(principal.tenantId);
    const recent = this.deps.runs.list({ tenantId: principal.tenantId, limit: RECENT_RUNS, cursor: null });
    return Promise.resolve({
      queueDepth: counts.pending,
      active: ACTIVE_STATUSES.reduce((sum, status) => sum + counts[status], 0),
      byStatus: counts,
      paused: this.isPaused(),
      backend: this.deps.vault.backend,
      runner: this.deps.runnerId,
      workflows: this.deps.workloads.ids(),
      recentRuns: recent.items.map(toRunView),
    });
  }
}

const userPauseKey = (tenantId: string, user: string) => `paused:${tenantId}/${user}`;
