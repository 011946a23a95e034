import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiKeyService, type ApiKeyView, keyPrincipal } from '../auth/api-keys.js';
import type { AuditLog } from '../audit/audit-log.js';
import { OPERATOR } from '../auth/authenticator.js';
import { type Principal, requireScope, requireTenant } from '../auth/principal.js';
import type { Scope } from '../auth/scopes.js';
import { tenantIdSchema } from '../auth/tenants.js';
import { type Clock, toIso, toIsoOrNull } from '../clock.js';
import { isSettldError, SettldError } from '../errors.js';
import { canonicalJson, randomBase62, sha256Hex } from '../hashing.js';
import type { IdempotencyService } from '../idempotency/idempotency.js';
import { parseInput } from '../validation.js';
import type { RateLimiter } from '../ratelimit/rate-limiter.js';
import { RemoteApi } from '../remote/settld-api.js';
import type { Runner } from '../runner/create-runner.js';
import type { RunView } from '../runner/schemas.js';
import type { OnboardingConfig } from './config.js';
import type { SqliteAttemptRepository } from './attempt-repository.js';
import { type AttemptRow, type AttemptStep } from './attempt-repository.js';
import type {
  ConformanceMatrix,
  HostConfigSnippet,
  MatrixOptions,
  MatrixProgress,
  ServerUnderTest,
} from './matrix-types.js';
import {
  type AttemptView,
  type BootstrapInput,
  bootstrapInputSchema,
  type BootstrapResult,
  type FirstPaidCallInput,
  firstPaidCallInputSchema,
  type MatrixInput,
  matrixInputSchema,
  type SmokeTestInput,
  smokeTestInputSchema,
} from './schemas.js';
import {
  DEFAULT_SMOKE_TIMEOUT_MS,
  runSmokeTest,
  type ServerCommand,
  type SmokeTestResult,
} from './smoke-test.js';

/** The agent id of a tenant's runtime key, and the least scopes an agent runtime needs. */
export const RUNTIME_AGENT_ID = 'settld-runtime';
export const RUNTIME_SCOPES: readonly Scope[] = [
  'intents:read',
  'intents:write',
  'llm:call',
  'runner:read',
  'runner:write',
];
export const DEFAULT_TARGETS = ['codex', 'claude', 'openhands'];

/** The first paid call: a deterministic echo run, escrowing 1,000 units (1 ms of runtime × 1,000). */
const FIRST_CALL_BUDGETS = { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 1000 };
const SANDBOX_USER = 'sandbox';
const SANDBOX_TOP_UP = 1_000_000;
const RUN_TIMEOUT_MS = 30_000;

export interface OnboardingDeps {
  config: OnboardingConfig;
  keys: ApiKeyService;
  audit: AuditLog;
  clock: Clock;
  attempts: SqliteAttemptRepository;
  runner: () => Promise<Runner>;
  idempotency: IdempotencyService;
  /** Conformance matrix runs per tenant (SETTLD_MATRIX_RUNS_PER_HOUR, 12 by default). */
  matrixLimiter: RateLimiter;
  /** This store, for a smoke test of a local runtime (an env block without SETTLD_BASE_URL). */
  dbPath: string;
  /** How to start settld-mcp over stdio. */
  server: ServerCommand;
  runMatrix: (options: MatrixOptions) => Promise<ConformanceMatrix>;
  snippets: (target: string, server: ServerUnderTest) => HostConfigSnippet[];
  /** Every host the matrix and the snippets know. */
  knownTargets: readonly string[];
}

export interface ProgressOptions {
  onProgress?: (progress: MatrixProgress) => void;
}

/** The runtime key, as the principal its runs are made by. */
const runtimePrincipal = (view: ApiKeyView): Principal =>
  keyPrincipal({
    id: view.id,
    tenantId: view.tenant_id,
    scopes: view.scopes as Scope[],
    agentId: view.agent_id,
  });

function attemptView(row: AttemptRow, replayed: boolean): AttemptView {
  return {
    attemptId: row.id,
    tenantId: row.tenantId,
    status: row.status,
    replayed,
    steps: row.steps.map((step) => ({ ...step, at: toIso(step.at) })),
    runId: row.runId,
    receipt: row.receipt,
    error: row.error,
    createdAt: toIso(row.createdAt),
    finishedAt: toIsoOrNull(row.finishedAt),
  };
}

/**
 * The onboarding control loop of seed 000: runtime bootstrap → MCP smoke test → first paid call →
 * conformance matrix. With MAGIC_LINK_SETTLD_API_BASE_URL and MAGIC_LINK_SETTLD_OPS_TOKEN set, each
 * step runs on that upstream settld-mcp server instead (its own onboarding API, as its operator).
 */
export class OnboardingService {
  private readonly remote: RemoteApi | undefined;

  constructor(private readonly deps: OnboardingDeps) {
    const { upstreamUrl, upstreamToken } = deps.config;
    this.remote =
      upstreamUrl && upstreamToken
        ? new RemoteApi(upstreamUrl, { adminToken: upstreamToken }, 'SETTLD_API_CALL_FAILED')
        : undefined;
  }

  /** Checks access and the upstream configuration; returns the tenant. */
  private begin(principal: Principal, tenantId: string): string {
    requireScope(principal, 'onboarding:run');
    const tenant = parseInput(tenantIdSchema, tenantId);
    requireTenant(principal, tenant);
    const { upstreamUrl, upstreamToken } = this.deps.config;
    if (Boolean(upstreamUrl) !== Boolean(upstreamToken)) {
      throw new SettldError(
        'RUNTIME_BOOTSTRAP_UNCONFIGURED',
        503,
        upstreamUrl
          ? 'MAGIC_LINK_SETTLD_API_BASE_URL is set but MAGIC_LINK_SETTLD_OPS_TOKEN is not: set both, or neither'
          : 'MAGIC_LINK_SETTLD_OPS_TOKEN is set but MAGIC_LINK_SETTLD_API_BASE_URL is not: set both, or neither',
        { missing: upstreamUrl ? 'MAGIC_LINK_SETTLD_OPS_TOKEN' : 'MAGIC_LINK_SETTLD_API_BASE_URL' },
      );
    }
    return tenant;
  }

  private upstream<T>(
    tenantId: string,
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    return this.remote!.request<T>(
      body === undefined ? 'GET' : 'POST',
      `/v1/tenants/${encodeURIComponent(tenantId)}/onboarding/${path}`,
      body,
      headers,
    );
  }

  /** Internal key administration runs as the operator, named after the caller in the audit log. */
  private operatorFor(principal: Principal): Principal {
    return { ...OPERATOR, actor: `onboarding:${principal.actor}` };
  }

  private async runtimeKeys(tenantId: string): Promise<ApiKeyView[]> {
    const found: ApiKeyView[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const result = await this.deps.keys.list(OPERATOR, {
        tenantId,
        limit: 200,
        cursor,
        includeRevoked: false,
      });
      found.push(
        ...result.items.filter((key) => key.agent_id === RUNTIME_AGENT_ID && key.status === 'active'),
      );
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    return found;
  }

  /** The tenant's runtime key: an active one is reused, otherwise one is issued (secret returned once). */
  private async ensureRuntimeKey(
    principal: Principal,
    tenantId: string,
    options: { rotate: boolean; description?: string; expiresInDays?: number },
  ): Promise<{ view: ApiKeyView; secret: string | null }> {
    const operator = this.operatorFor(principal);
    const existing = await this.runtimeKeys(tenantId);
    if (existing.length > 0 && !options.rotate) return { view: existing[0]!, secret: null };
    for (const key of existing) await this.deps.keys.revoke(operator, key.id);
    const { key, view } = await this.deps.keys.create(operator, {
      tenant_id: tenantId,
      agent_id: RUNTIME_AGENT_ID,
      owner: 'onboarding',
      description: options.description ?? 'onboarding runtime key',
      scopes: [...RUNTIME_SCOPES],
      expires_in_days: options.expiresInDays,
    });
    return { view, secret: key };
  }

  async bootstrap(
    principal: Principal,
    tenantId: string,
    input: BootstrapInput,
    baseUrl: string,
  ): Promise<BootstrapResult> {
    const tenant = this.begin(principal, tenantId);
    const request = parseInput(bootstrapInputSchema, input);
    if (this.remote) return this.upstream(tenant, 'runtime-bootstrap', request);
    if (!request.apiKey.create && !request.apiKey.rotate && (await this.runtimeKeys(tenant)).length === 0) {
      throw new SettldError('RUNTIME_KEY_MISSING', 409, 'The tenant has no runtime key and create is false');
    }
    const { view, secret } = await this.ensureRuntimeKey(principal, tenant, request.apiKey);
    const base = this.deps.config.publicUrl ?? baseUrl;
    const server: ServerUnderTest = {
      command: 'npx',
      args: ['-y', 'settld-mcp'],
      env: { SETTLD_BASE_URL: base, SETTLD_TENANT_ID: tenant, SETTLD_API_KEY: '${SETTLD_API_KEY}' },
    };
    await this.deps.audit.record({
      action: 'TENANT_RUNTIME_BOOTSTRAP_ISSUED',
      tenantId: tenant,
      principal,
      target: `key:${view.id}`,
      details: { reused: secret === null, scopes: view.scopes },
    });
    return {
      tenantId: tenant,
      apiKey: {
        id: view.id,
        keyPrefix: view.key_prefix,
        reused: secret === null,
        scopes: view.scopes,
        expiresAt: view.expires_at,
      },
      env: { SETTLD_BASE_URL: base, SETTLD_TENANT_ID: tenant, SETTLD_API_KEY: secret },
      mcp: {
        stdio: { command: server.command, args: server.args, env: server.env },
        http: { url: `${base}/mcp`, headers: { Authorization: 'Bearer ${SETTLD_API_KEY}' } },
      },
      snippets: this.deps.knownTargets.flatMap((target) =>
        this.deps.snippets(target, server).map((snippet) => ({ target, ...snippet })),
      ),
    };
  }

  async smokeTest(principal: Principal, tenantId: string, input: SmokeTestInput): Promise<SmokeTestResult> {
    const tenant = this.begin(principal, tenantId);
    const request = parseInput(smokeTestInputSchema, input);
    if (this.remote) return this.upstream(tenant, 'runtime-bootstrap/smoke-test', request);
    // A local runtime (no SETTLD_BASE_URL) is checked against this store.
    const env = request.env.SETTLD_BASE_URL ? request.env : { SETTLD_DB: this.deps.dbPath, ...request.env };
    try {
      const result = await runSmokeTest(this.deps.server, env, request.timeoutMs ?? DEFAULT_SMOKE_TIMEOUT_MS);
      await this.deps.audit.record({
        action: 'TENANT_RUNTIME_MCP_SMOKE_TESTED',
        tenantId: tenant,
        principal,
        details: {
          ok: true,
          protocolVersion: result.protocolVersion,
          tools: result.tools,
          ms: result.durationMs,
        },
      });
      return result;
    } catch (error) {
      await this.deps.audit.record({
        action: 'TENANT_RUNTIME_MCP_SMOKE_TESTED',
        tenantId: tenant,
        principal,
        details: { ok: false, stage: isSettldError(error) ? error.details.stage : 'unknown' },
      });
      throw error;
    }
  }

  history(principal: Principal, tenantId: string): Promise<{ tenantId: string; attempts: AttemptView[] }> {
    const tenant = this.begin(principal, tenantId);
    if (this.remote) return this.upstream(tenant, 'first-paid-call/history', undefined);
    return Promise.resolve({
      tenantId: tenant,
      attempts: this.deps.attempts.history(tenant).map((row) => attemptView(row, false)),
    });
  }

  /**
   * The first paid call on our vault: ensure the runtime key (reused, never one per attempt), fund
   * the tenant's sandbox wallet, grant the platform runner, run a priced echo workload through
   * open → execute → finalize, and verify the receipt and the ledger. Each step is recorded as it
   * happens; a failure names its step. `replayAttemptId` returns a stored attempt and runs nothing.
   */
  async firstPaidCall(
    principal: Principal,
    tenantId: string,
    input: FirstPaidCallInput,
    options: ProgressOptions = {},
  ): Promise<AttemptView> {
    const tenant = this.begin(principal, tenantId);
    const request = parseInput(firstPaidCallInputSchema, input);
    if (this.remote) return this.upstream(tenant, 'first-paid-call', request);
    if (request.replayAttemptId) {
      const stored = this.deps.attempts.find(request.replayAttemptId);
      if (!stored || stored.tenantId !== tenant) {
        throw new SettldError('NOT_FOUND', 404, 'First paid call attempt not found', {
          attemptId: request.replayAttemptId,
        });
      }
      return attemptView(stored, true);
    }
    const now = this.deps.clock.now();
    const attempt: AttemptRow = {
      id: `fpc_${randomBase62(20)}`,
      tenantId: tenant,
      status: 'running',
      steps: [],
      error: null,
      runId: null,
      receipt: null,
      requestedBy: principal.actor,
      createdAt: now,
      finishedAt: null,
    };
    this.deps.attempts.start(attempt.id, tenant, principal.actor, now);
    const total = 6;
    const step = async <T>(
      name: string,
      work: () => Promise<{ value: T; detail: Record<string, unknown> }>,
    ) => {
      const started = this.deps.clock.now();
      const clockStarted = performance.now();
      options.onProgress?.({ progress: attempt.steps.length, total, message: `first paid call: ${name}` });
      try {
        const { value, detail } = await work();
        attempt.steps.push({
          step: name,
          status: 'ok',
          at: started,
          ms: Math.round(performance.now() - clockStarted),
          detail,
        });
        this.deps.attempts.save(attempt);
        return value;
      } catch (error) {
        const failure: AttemptStep = {
          step: name,
          status: 'failed',
          at: started,
          ms: Math.round(performance.now() - clockStarted),
          detail: isSettldError(error) ? { code: error.code } : {},
        };
        attempt.steps.push(failure);
        throw new StepFailure(name, error);
      }
    };

    try {
      const runner = await this.deps.runner();
      const service = runner.service;
      const runtime = await step('runtime_key', async () => {
        const { view, secret } = await this.ensureRuntimeKey(principal, tenant, { rotate: false });
        return { value: runtimePrincipal(view), detail: { keyId: view.id, reused: secret === null } };
      });
      const user = service.backend === 'embedded' ? SANDBOX_USER : service.runnerId;
      await step('fund_wallet', async () => {
        const { balance } = await service.balance(runtime, { user });
        if (balance >= SANDBOX_TOP_UP / 2)
          return { value: undefined, detail: { user, balance, deposited: 0 } };
        const funded = await service.deposit(runtime, { user, amount: SANDBOX_TOP_UP });
        return { value: undefined, detail: { user, balance: funded.balance, deposited: SANDBOX_TOP_UP } };
      });
      await step('grant_runner', async () => {
        const grants = await service.listGrants(runtime, { user });
        const held = grants.items.some((grant) => grant.runner === service.runnerId && grant.agentId === 1);
        if (!held) await service.grant(runtime, { user, agentId: 1 });
        return { value: undefined, detail: { runner: service.runnerId, agentId: 1, granted: !held } };
      });
      const input = { firstPaidCall: attempt.id };
      const queued = await step('open_run', async () => {
        const run = await service.enqueue(runtime, {
          user,
          agentId: 1,
          budgets: FIRST_CALL_BUDGETS,
          workflowId: 'echo',
          input,
          label: `first paid call ${attempt.id}`,
        });
        attempt.runId = run.id;
        return { value: run, detail: { runId: run.id } };
      });
      const done = await step('execute_and_finalize', async () => {
        runner.worker.start();
        const run = await this.waitForRun(runtime, runner, queued.id);
        if (run.status !== 'finalized') {
          throw new SettldError(
            run.error?.code ?? 'SETTLD_API_CALL_FAILED',
            502,
            run.error?.message ?? `The run ended ${run.status}`,
          );
        }
        return { value: run, detail: { status: run.status, usage: run.usage, vaultRunId: run.vaultRunId } };
      });
      await step('verify_receipt', async () => {
        const receipt = done.receipt!;
        const vaultRun = await runner.vault.getRun(receipt.runId);
        const expectedHash = sha256Hex(canonicalJson({ echo: input }));
        const problems: string[] = [];
        if (receipt.actualCharge + receipt.refund !== vaultRun.escrow)
          problems.push('charge + refund ≠ escrow');
        if (done.outputHash !== expectedHash) problems.push('the output hash is not the echo of the input');
        const totals = runner.ledgerTotals?.();
        if (
          totals &&
          (!totals.journalMatches || totals.deposited !== totals.balances + totals.escrow + totals.paidOut)
        ) {
          problems.push('the vault ledger does not balance');
        }
        if (problems.length > 0) throw new SettldError('RECEIPT_MISMATCH', 500, problems.join('; '));
        attempt.receipt = { ...receipt, escrow: vaultRun.escrow, outputHash: done.outputHash };
        return {
          value: undefined,
          detail: { escrow: vaultRun.escrow, charge: receipt.actualCharge, refund: receipt.refund },
        };
      });
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure('start', error);
      const cause = failure.cause;
      const code = isSettldError(cause) ? cause.code : 'SETTLD_API_CALL_FAILED';
      const message = cause instanceof Error ? cause.message : String(cause);
      attempt.status = 'failed';
      attempt.error = { code, step: failure.step, message };
      attempt.finishedAt = this.deps.clock.now();
      this.deps.attempts.save(attempt);
      await this.deps.audit.record({
        action: 'TENANT_RUNTIME_FIRST_PAID_CALL_FAILED',
        tenantId: tenant,
        principal,
        target: `attempt:${attempt.id}`,
        details: { step: failure.step, code },
      });
      throw new SettldError(code, isSettldError(cause) && cause.status < 500 ? cause.status : 502, message, {
        step: failure.step,
        attemptId: attempt.id,
      });
    }
    attempt.status = 'completed';
    attempt.finishedAt = this.deps.clock.now();
    this.deps.attempts.save(attempt);
    options.onProgress?.({ progress: total, total, message: 'first paid call: completed' });
    await this.deps.audit.record({
      action: 'TENANT_RUNTIME_FIRST_PAID_CALL_COMPLETED',
      tenantId: tenant,
      principal,
      target: `attempt:${attempt.id}`,
      details: { runId: attempt.runId, charge: attempt.receipt?.actualCharge },
    });
    return attemptView(attempt, false);
  }

  private async waitForRun(principal: Principal, runner: Runner, id: string): Promise<RunView> {
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    for (;;) {
      const run = await runner.service.get(principal, id);
      if (run.status === 'finalized' || run.status === 'failed' || run.status === 'cancelled') return run;
      if (Date.now() > deadline) {
        throw new SettldError(
          'FIRST_PAID_CALL_TIMEOUT',
          504,
          `The run was still ${run.status} after ${RUN_TIMEOUT_MS / 1000} s`,
        );
      }
      runner.worker.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * The conformance matrix against settld-mcp as each host starts it (a scratch store, so nothing
   * of the tenant's is touched). At most SETTLD_MATRIX_RUNS_PER_HOUR runs per tenant; a retry with
   * the same idempotency key returns the stored matrix, marked reused, without counting.
   */
  async conformanceMatrix(
    principal: Principal,
    tenantId: string,
    input: MatrixInput,
    options: ProgressOptions & { idempotencyKey?: string } = {},
  ): Promise<{ matrix: ConformanceMatrix; reused: boolean }> {
    const tenant = this.begin(principal, tenantId);
    const request = parseInput(matrixInputSchema, input);
    const targets = request.targets ?? DEFAULT_TARGETS;
    const unknown = targets.filter((target) => !this.deps.knownTargets.includes(target));
    if (unknown.length > 0) {
      throw new SettldError(
        'UNKNOWN_TARGET',
        400,
        `Unknown target(s): ${unknown.join(', ')}; known: ${this.deps.knownTargets.join(', ')}`,
      );
    }
    if (this.remote) {
      const headers: Record<string, string> = options.idempotencyKey
        ? { 'x-idempotency-key': options.idempotencyKey }
        : {};
      const matrix = await this.upstream<ConformanceMatrix>(tenant, 'conformance-matrix', request, headers);
      return { matrix, reused: false };
    }
    const { value, reused } = await this.deps.idempotency.execute({
      tenantId: tenant,
      operation: 'onboarding.conformance-matrix',
      key: options.idempotencyKey,
      request: { targets },
      run: async () => {
        await this.deps.matrixLimiter.consume(`matrix:${tenant}`);
        const home = mkdtempSync(join(tmpdir(), 'settld-matrix-'));
        try {
          const matrix = await this.deps.runMatrix({
            server: { ...this.deps.server, env: { SETTLD_HOME: home }, name: 'settld' },
            targets,
            tenantId: tenant,
            onProgress: options.onProgress,
          });
          await this.deps.audit.record({
            action: 'TENANT_RUNTIME_CONFORMANCE_MATRIX_RUN',
            tenantId: tenant,
            principal,
            target: `matrix:${matrix.runId}`,
            details: {
              targets,
              ready: matrix.ready,
              notReady: matrix.targets.filter((row) => !row.ready).map((row) => row.target),
            },
          });
          return matrix;
        } finally {
          rmSync(home, { recursive: true, force: true });
        }
      },
    });
    return { matrix: value, reused };
  }
}

/** A failure inside a first paid call step, carrying the step's name. */
class StepFailure extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}
