import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import type { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import type { Scope } from '../auth/scopes.js';
import type { Clock } from '../clock.js';
import { isSettldError } from '../errors.js';
import { canonicalJson, sha256Hex } from '../hashing.js';
import type { Logger } from '../observability/logger.js';
import { ACTIVE_STATUSES, type RunRow, type SqliteRunRepository } from './run-repository.js';
import type { RunnerService } from './runner-service.js';
import { type Meters, METERS, type RunReceipt, type VaultPort, VaultError } from './vault.js';
import type { WorkloadRegistry } from './workloads.js';
import type { EmbeddedVault } from './embedded-vault.js';

/** A lease this long outlives any pause of a healthy worker; the heartbeat renews it well before. */
const LEASE_MS = 30_000;
const HEARTBEAT_MS = 10_000;
const RECOVERY_BATCH = 100;
const ZERO: Meters = { llmIn: 0, llmOut: 0, httpCalls: 0, runtimeMs: 0 };

/** The embedded vault shares the worker's store: its steps can commit together with the run's. */
export interface EmbeddedStore {
  vault: EmbeddedVault;
  atomically<T>(work: () => T): T;
}

/** Thrown inside a transaction when the run is no longer where the worker left it (a cancel, a revoke). */
class RunMovedOn extends Error {}

export interface WorkerOptions {
  /** Set when the vault is the embedded one, on the same store. */
  embedded?: EmbeddedStore;
  runs: SqliteRunRepository;
  vault: VaultPort;
  service: RunnerService;
  workloads: WorkloadRegistry;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  pollIntervalMs: number;
  concurrency: number;
  /** RUNNER_FINALIZE_ON_ERROR: a failed execution is finalized with zero usage (else cancelled). */
  finalizeOnError: boolean;
}

/** Who the worker acts as in audit rows. */
function workerPrincipal(runnerId: string): Principal {
  return {
    kind: 'local',
    tenantId: null,
    scopes: new Set<Scope>(),
    actor: `runner:${runnerId}`,
    rateLimitKey: 'runner',
  };
}

/** The requester, rebuilt from the run, for workloads that spend their budget (llm_chat). */
function requesterOf(run: RunRow): Principal {
  const by = run.requestedBy;
  return {
    kind: by.kind,
    tenantId: by.tenantId,
    scopes: new Set(by.scopes as Scope[]),
    actor: by.actor,
    keyId: by.keyId ?? undefined,
    agentId: by.agentId ?? undefined,
    rateLimitKey: by.actor,
  };
}

function errorOf(error: unknown): { code: string; message: string } {
  if (isSettldError(error)) return { code: error.code, message: error.message };
  return { code: 'RUN_FAILED', message: error instanceof Error ? error.message : String(error) };
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves runs pending → opening → running → finalizing → finalized (or failed / cancelled). Each
 * step is recorded before the next begins, under this worker's lease, so that after a crash another
 * worker (or this one, restarted) finishes every run without charging twice: an attempt's vault run
 * is found by its reference, a finalize that happened is read back from the vault.
 */
export class RunnerWorker {
  readonly id = `${hostname()}:${process.pid}:${Date.now()}`;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private started = false;
  private ticking = false;
  private again = false;
  private readonly actor: Principal;

  constructor(private readonly options: WorkerOptions) {
    this.actor = workerPrincipal(options.service.runnerId);
    // Every run in flight listens for the stop: as many listeners as the concurrency.
    setMaxListeners(0, this.stopping.signal);
  }

  start(): void {
    this.started = true;
    this.heartbeat = setInterval(() => this.renew(), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.wake();
  }

  /** Runs a tick now (after an enqueue) instead of at the next poll. */
  wake(): void {
    if (!this.started || this.stopping.signal.aborted) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    void this.tick().finally(() => {
      this.ticking = false;
      if (this.stopping.signal.aborted) return;
      if (this.again) {
        this.again = false;
        this.wake();
        return;
      }
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.wake(), this.options.pollIntervalMs);
      this.timer.unref();
    });
  }

  /** Stops claiming; waits (bounded) for runs in flight, whose leases a later worker recovers otherwise. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    const deadline = new Promise((done) => setTimeout(done, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
  }

  /** Processes until nothing is pending or in flight (tests and the CLI's `--once`). */
  async drain(): Promise<void> {
    await this.recover();
    for (;;) {
      const claimed = this.claim();
      if (this.inFlight.size > 0) await Promise.race([...this.inFlight]);
      else if (claimed === 0) return;
    }
  }

  private async tick(): Promise<void> {
    try {
      await this.recover();
      while (!this.stopping.signal.aborted) {
        const claimed = this.claim();
        if (this.inFlight.size > 0) await Promise.race([...this.inFlight]);
        else if (claimed === 0) break;
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'runner worker tick failed');
    }
  }

  /** Claims as many pending runs as there are free slots; returns how many. */
  private claim(): number {
    if (this.options.service.isPaused()) return 0;
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    const now = this.options.clock.now();
    const { embedded } = this.options;
    if (embedded) {
      // Claimed and opened in one transaction: each open is its own savepoint, so one run refused
      // by the vault fails alone.
      const opened = embedded.atomically(() =>
        this.options.runs.claim(free, this.id, now + LEASE_MS, now).map((run) => ({
          run,
          vaultRunId: this.openEmbedded(run, embedded),
        })),
      );
      for (const { run, vaultRunId } of opened) {
        if (vaultRunId !== null) this.track(this.executeEmbedded(run, vaultRunId, embedded));
      }
      return opened.length;
    }
    const claimed = this.options.runs.claim(free, this.id, now + LEASE_MS, now);
    for (const run of claimed) this.track(this.process(run));
    return claimed.length;
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'runner worker failed a run'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private renew(): void {
    this.options.runs.renewLeases(this.id, this.options.clock.now() + LEASE_MS);
  }

  private now(): number {
    return this.options.clock.now();
  }

  private openRequest(run: RunRow) {
    const { service } = this.options;
    return {
      user: service.vaultUser(run.tenantId, run.user),
      runner: service.runnerId,
      agentId: run.agentId,
      rateVersion: run.rateVersion,
      budgets: run.budgets,
    };
  }

  private openedEvent(run: RunRow, vaultRunId: number) {
    return {
      action: 'runner_run_opened',
      tenantId: run.tenantId,
      principal: this.actor,
      target: `run:${run.id}`,
      details: { vaultRunId, user: run.user, agentId: run.agentId, workflowId: run.workflowId },
    };
  }

  private finalizedEvent(run: RunRow, vaultRunId: number, receipt: RunReceipt, outputHash: string) {
    return {
      action: 'runner_run_finalized',
      tenantId: run.tenantId,
      principal: this.actor,
      target: `run:${run.id}`,
      details: { vaultRunId, ...receipt, outputHash },
    };
  }

  private markOpenFailed(run: RunRow, error: unknown): void {
    const { code, message } = errorOf(error);
    const now = this.now();
    this.options.runs.transition(run.id, ['opening'], 'failed', now, {
      errorCode: code,
      errorMessage: message,
      finishedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
  }

  private async process(run: RunRow): Promise<void> {
    const { vault, runs } = this.options;
    let vaultRunId: number;
    try {
      vaultRunId = await vault.openRun(this.openRequest(run), run.openReference!);
    } catch (error) {
      this.markOpenFailed(run, error);
      return;
    }
    if (!runs.transition(run.id, ['opening'], 'running', this.now(), { vaultRunId })) {
      // Cancelled (or revoked) while opening: give the escrow just taken back.
      await this.cancelQuietly(vaultRunId);
      return;
    }
    await this.options.audit.record(this.openedEvent(run, vaultRunId));

    let usage: Meters;
    let output: unknown;
    try {
      ({ usage, output } = await this.execute(run));
    } catch (error) {
      await this.settleFailure({ ...run, status: 'running', vaultRunId }, errorOf(error));
      return;
    }
    const outputHash = sha256Hex(canonicalJson(output ?? null));
    if (!runs.transition(run.id, ['running'], 'finalizing', this.now(), { usage, output, outputHash }))
      return;
    await this.finalize({ ...run, status: 'finalizing', vaultRunId, usage, outputHash });
  }

  /*
   * The same steps on the embedded vault, which shares the store: the claim, the vault's open, the
   * move to running and the audit row commit as one transaction, and so do the finalize, the move
   * to finalized (with usage, output and receipt) and its audit row. A crash between the two leaves
   * a running run with its escrow held, which recovery settles at zero usage.
   */
  /** Opens a claimed run in the embedded vault (a savepoint); null when the vault refused it. */
  private openEmbedded(run: RunRow, embedded: EmbeddedStore): number | null {
    try {
      return embedded.atomically(() => {
        const opened = embedded.vault.openRunNow(this.openRequest(run), run.openReference!);
        this.options.runs.transition(run.id, ['opening'], 'running', this.now(), { vaultRunId: opened });
        this.options.audit.recordNow(this.openedEvent(run, opened));
        return opened;
      });
    } catch (error) {
      this.markOpenFailed(run, error);
      return null;
    }
  }

  private async executeEmbedded(run: RunRow, vaultRunId: number, embedded: EmbeddedStore): Promise<void> {
    const { runs, audit } = this.options;
    const { vault } = embedded;
    let usage: Meters;
    let output: unknown;
    try {
      ({ usage, output } = await this.execute(run));
    } catch (error) {
      await this.settleFailure({ ...run, status: 'running', vaultRunId }, errorOf(error));
      return;
    }
    const outputHash = sha256Hex(canonicalJson(output ?? null));
    try {
      embedded.atomically(() => {
        const receipt = vault.finalizeRunNow({
          runId: vaultRunId,
          runner: this.options.service.runnerId,
          rateVersion: run.rateVersion,
          usage,
          outputHash,
        });
        const now = this.now();
        const moved = runs.transition(run.id, ['running'], 'finalized', now, {
          usage,
          output,
          outputHash,
          receipt,
          finishedAt: now,
          leaseOwner: null,
          leaseExpiresAt: null,
        });
        if (!moved) throw new RunMovedOn();
        audit.recordNow(this.finalizedEvent(run, vaultRunId, receipt, outputHash));
      });
    } catch (error) {
      if (error instanceof RunMovedOn) return;
      const running = { ...run, status: 'running' as const, vaultRunId };
      if (error instanceof VaultError && error.code === 'RunNotOpen') {
        await this.adoptVaultOutcome(running);
        return;
      }
      // UnauthorizedRunner after a revoke: the run can only be cancelled, with a full refund.
      await this.settleFailure(running, errorOf(error), { cancel: true });
    }
  }

  /** Runs the workload within its runtime budget; usage includes the measured runtime. */
  private async execute(run: RunRow): Promise<{ usage: Meters; output: unknown }> {
    const workload = this.options.workloads.get(run.workflowId);
    const budget = run.budgets.runtimeMs;
    // One controller, a cleared timer: a run ends long before its runtime budget, usually.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        controller.abort();
      },
      Math.max(1, budget),
    );
    const onStop = () => controller.abort();
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    const started = performance.now();
    let result;
    try {
      result = await workload.run({
        input: run.input,
        budgets: run.budgets,
        signal: controller.signal,
        principal: requesterOf(run),
      });
    } finally {
      clearTimeout(timer);
      this.stopping.signal.removeEventListener('abort', onStop);
    }
    const elapsed = Math.ceil(performance.now() - started);
    if (timedOut && elapsed > budget) {
      throw new VaultError(
        'UsageExceedsBudget',
        { meters: ['runtimeMs'] },
        `The run took longer than its runtime budget (${budget} ms)`,
      );
    }
    const usage: Meters = { ...result.usage, runtimeMs: Math.min(elapsed, budget) };
    const over = METERS.filter((meter) => usage[meter] > run.budgets[meter]);
    if (over.length > 0) throw new VaultError('UsageExceedsBudget', { meters: over });
    return { usage, output: result.output };
  }

  /** Finalizes at the recorded usage; a finalize that already happened is read back, never repeated. */
  private async finalize(
    run: RunRow & { vaultRunId: number; usage: Meters; outputHash: string },
  ): Promise<void> {
    const { vault, service } = this.options;
    let receipt: RunReceipt;
    try {
      receipt = await vault.finalizeRun({
        runId: run.vaultRunId,
        runner: service.runnerId,
        rateVersion: run.rateVersion,
        usage: run.usage,
        outputHash: run.outputHash,
      });
    } catch (error) {
      if (error instanceof VaultError && error.code === 'RunNotOpen') {
        await this.adoptVaultOutcome(run);
        return;
      }
      // UnauthorizedRunner after a revoke: the run can only be cancelled, with a full refund.
      await this.settleFailure(run, errorOf(error), { cancel: true });
      return;
    }
    this.markFinalized(run, receipt);
    await this.options.audit.record(this.finalizedEvent(run, run.vaultRunId, receipt, run.outputHash));
  }

  private markFinalized(run: RunRow, receipt: RunReceipt): void {
    const now = this.now();
    this.options.runs.transition(run.id, ['finalizing'], 'finalized', now, {
      receipt,
      finishedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
  }

  /**
   * A failed execution: finalized with zero usage (RUNNER_FINALIZE_ON_ERROR, the seed's default:
   * the user is refunded, the developer paid nothing) or cancelled; either way the run is failed.
   */
  private async settleFailure(
    run: RunRow & { vaultRunId: number },
    failure: { code: string; message: string },
    options: { cancel?: boolean } = {},
  ): Promise<void> {
    const { vault, service, runs } = this.options;
    let receipt: RunReceipt | null = null;
    try {
      if (this.options.finalizeOnError && !options.cancel) {
        receipt = await vault.finalizeRun({
          runId: run.vaultRunId,
          runner: service.runnerId,
          rateVersion: run.rateVersion,
          usage: ZERO,
          outputHash: sha256Hex(''),
        });
      } else {
        await vault.cancelRun(run.vaultRunId, service.runnerId);
      }
    } catch (error) {
      if (!(error instanceof VaultError && error.code === 'RunNotOpen')) {
        // Not even a zero finalize is allowed (a revoke): cancel, which always refunds in full.
        await this.cancelQuietly(run.vaultRunId);
      }
    }
    const now = this.now();
    runs.transition(run.id, ACTIVE_STATUSES, 'failed', now, {
      errorCode: failure.code,
      errorMessage: failure.message,
      receipt,
      usage: receipt ? ZERO : undefined,
      finishedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
  }

  private async cancelQuietly(vaultRunId: number): Promise<void> {
    try {
      await this.options.vault.cancelRun(vaultRunId, this.options.service.runnerId);
    } catch (error) {
      if (!(error instanceof VaultError && error.code === 'RunNotOpen')) throw error;
    }
  }

  /**
   * The vault closed the run already (a finalize before a crash, or a cancel): record what it says.
   * A run that was still executing can only have been finalized at zero usage: it failed.
   */
  private async adoptVaultOutcome(run: RunRow & { vaultRunId: number }): Promise<void> {
    const vaultRun = await this.options.vault.getRun(run.vaultRunId);
    const now = this.now();
    if (vaultRun.status === 'finalized' && vaultRun.receipt) {
      if (run.status === 'finalizing') {
        this.markFinalized(run, vaultRun.receipt);
      } else {
        this.options.runs.transition(run.id, ACTIVE_STATUSES, 'failed', now, {
          errorCode: 'RUNNER_INTERRUPTED',
          errorMessage: 'The worker stopped during the run',
          receipt: vaultRun.receipt,
          usage: ZERO,
          finishedAt: now,
          leaseOwner: null,
          leaseExpiresAt: null,
        });
      }
      return;
    }
    this.options.runs.transition(run.id, ACTIVE_STATUSES, 'cancelled', now, {
      errorCode: run.errorCode ?? 'RUN_CANCELLED',
      errorMessage: run.errorMessage ?? 'The vault run was cancelled (full refund)',
      finishedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
  }

  /**
   * Finishes runs whose worker died: lease expired, or a process of this host that no longer exists.
   * Opening → the vault is asked whether the attempt opened a run; running → its output is lost, so
   * it fails (finalized at zero usage or cancelled); finalizing → finalized with the recorded usage,
   * or the vault's receipt if the finalize had happened.
   */
  async recover(): Promise<number> {
    const now = this.now();
    const candidates = this.options.runs
      .abandoned(now, `${hostname()}:%`, RECOVERY_BATCH)
      .filter(
        (run) =>
          run.leaseOwner !== this.id && (run.leaseExpiresAt! < now || this.ownerIsDead(run.leaseOwner)),
      );
    let recovered = 0;
    for (const run of candidates) {
      if (!this.options.runs.takeOver(run, this.id, now + LEASE_MS, now)) continue;
      recovered++;
      await this.recoverRun(run);
    }
    if (recovered > 0)
      this.options.logger.warn({ recovered }, 'runner: finished runs left by a worker that stopped');
    return recovered;
  }

  private ownerIsDead(owner: string | null): boolean {
    if (owner === null) return true;
    const [host, pid] = owner.split(':');
    return host === hostname() && !isPidAlive(Number(pid));
  }

  private async recoverRun(run: RunRow): Promise<void> {
    const interrupted = { code: 'RUNNER_INTERRUPTED', message: 'The worker stopped during the run' };
    const vaultRunId =
      run.vaultRunId ??
      (run.openReference ? await this.options.vault.findRunByReference(run.openReference) : null);
    if (vaultRunId === null) {
      const now = this.now();
      this.options.runs.transition(run.id, ['opening'], 'failed', now, {
        errorCode: interrupted.code,
        errorMessage: `${interrupted.message}, before a vault run was opened (nothing was held)`,
        finishedAt: now,
        leaseOwner: null,
        leaseExpiresAt: null,
      });
      return;
    }
    if (run.status === 'finalizing' && run.usage && run.outputHash) {
      await this.finalize({ ...run, vaultRunId, usage: run.usage, outputHash: run.outputHash });
      return;
    }
    const vaultRun = await this.options.vault.getRun(vaultRunId);
    if (vaultRun.status !== 'open') {
      await this.adoptVaultOutcome({ ...run, vaultRunId });
      return;
    }
    await this.settleFailure({ ...run, vaultRunId }, interrupted);
  }
}
