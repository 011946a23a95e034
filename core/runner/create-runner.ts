import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { SettldError } from '../errors.js';
import { sha256Hex } from '../hashing.js';
import type { LlmService } from '../llm/llm-service.js';
import type { Logger } from '../observability/logger.js';
import type { SqliteDatabase } from '../store/database.js';
import { readOrCreateSecretFile } from '../store/secret-file.js';
import type { AgentRegistryPort } from './agent-registry.js';
import { EmbeddedAgentRegistry } from './embedded-registry.js';
import { EmbeddedVault, type LedgerTotals } from './embedded-vault.js';
import { SqliteRunRepository } from './run-repository.js';
import { RunnerService } from './runner-service.js';
import type { ReferenceStore } from './soroban/options.js';
import { type VaultPort, VaultError } from './vault.js';
import { RunnerWorker } from './worker.js';
import { echoWorkload, llmChatWorkload, WorkloadRegistry } from './workloads.js';

export interface Runner {
  service: RunnerService;
  worker: RunnerWorker;
  vault: VaultPort;
  registry: AgentRegistryPort;
  /** The embedded vault's ledger totals (undefined on Soroban, whose ledger is the chain's). */
  ledgerTotals: (() => LedgerTotals) | undefined;
}

export interface RunnerDeps {
  db: SqliteDatabase;
  config: Config;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  llm: LlmService;
}

/** The embedded runner's public id: derived from RUNNER_SECRET (or a secret generated once), never the secret. */
export function embeddedRunnerId(config: Config): string {
  if (config.runner.publicKey) return config.runner.publicKey;
  const secret =
    config.runner.secret ??
    readOrCreateSecretFile(join(config.home, 'runner-secret'), () => randomBytes(32).toString('base64url'))
      .secret;
  return `runner_${sha256Hex(`settld-runner:${secret}`).slice(0, 24)}`;
}

/** The runner on the configured vault: embedded (SQLite) by default, Soroban with RUNNER_RPC_URL + RUNNER_CONTRACT_ID. */
export async function createRunner(deps: RunnerDeps): Promise<Runner> {
  const { db, config, audit, clock, logger } = deps;
  const runs = new SqliteRunRepository(db);
  const workloads = new WorkloadRegistry([echoWorkload, llmChatWorkload(deps.llm)]);
  const runnerLogger = config.runner.logLevel
    ? logger.child({ component: 'runner' }, { level: config.runner.logLevel })
    : logger.child({ component: 'runner' });
  if (config.runner.legacyStatePath) {
    runnerLogger.warn(
      { path: config.runner.legacyStatePath },
      'RUNNER_STATE_PATH is not read: runs live in the settld store (SETTLD_DB), which survives restarts and crashes',
    );
  }
  const { vault, registry, runnerId, ledgerTotals } = await openVault(db, config, clock);
  const transaction = db.transaction((work: () => unknown) => work());
  const service = new RunnerService({
    runs,
    vault,
    registry,
    workloads,
    audit,
    clock,
    runnerId,
    onEnqueued: () => worker.wake(),
  });
  const worker: RunnerWorker = new RunnerWorker({
    runs,
    vault,
    service,
    workloads,
    audit,
    clock,
    logger: runnerLogger,
    pollIntervalMs: config.runner.pollIntervalMs,
    concurrency: config.runner.concurrency,
    finalizeOnError: config.runner.finalizeOnError,
    embedded:
      vault instanceof EmbeddedVault
        ? { vault, atomically: <T>(work: () => T) => transaction.immediate(work) as T }
        : undefined,
  });
  return { service, worker, vault, registry, ledgerTotals };
}

interface OpenedVault {
  vault: VaultPort;
  registry: AgentRegistryPort;
  runnerId: string;
  ledgerTotals: Runner['ledgerTotals'];
}

/** Where the Soroban adapter records each open_run transaction before sending it. */
function sqliteReferenceStore(db: SqliteDatabase, clock: Clock): ReferenceStore {
  const find = db.prepare('SELECT tx_hash FROM soroban_references WHERE reference = ?').pluck();
  const save = db.prepare(`INSERT INTO soroban_references (reference, tx_hash, created_at) VALUES (?, ?, ?)
    ON CONFLICT (reference) DO UPDATE SET tx_hash = excluded.tx_hash`);
  return {
    find: (reference) => Promise.resolve((find.get(reference) as string | undefined) ?? null),
    save: (reference, txHash) => {
      save.run(reference, txHash, clock.now());
      return Promise.resolve();
    },
  };
}

/** A registry that is not configured: every lookup is the contract's AgentRegistryNotSet (#9). */
const missingRegistry: AgentRegistryPort = {
  getAgent: () => Promise.reject(new VaultError('AgentRegistryNotSet')),
  getRateCard: () => Promise.reject(new VaultError('AgentRegistryNotSet')),
  latestRateVersion: () => Promise.reject(new VaultError('AgentRegistryNotSet')),
};

async function openSorobanVault(db: SqliteDatabase, config: Config, clock: Clock): Promise<OpenedVault> {
  const soroban = config.runner.soroban!;
  const connection = {
    rpcUrl: soroban.rpcUrl,
    networkPassphrase: soroban.networkPassphrase,
    secret: config.runner.secret!,
    // How often a sent transaction is looked for on the ledger: no slower than the worker polls.
    pollIntervalMs: Math.min(1000, config.runner.pollIntervalMs),
  };
  const { loadSorobanAgentRegistry, loadSorobanVault } = await import('./soroban/load.js');
  const vault = await loadSorobanVault({
    ...connection,
    contractId: soroban.contractId,
    referenceStore: sqliteReferenceStore(db, clock),
  });
  if (config.runner.publicKey && config.runner.publicKey !== vault.runner) {
    throw new SettldError(
      'CONFIG_INVALID',
      500,
      `RUNNER_PUBLIC_KEY (${config.runner.publicKey}) is not the public key of RUNNER_SECRET (${vault.runner})`,
    );
  }
  const registry = soroban.agentRegistryId
    ? await loadSorobanAgentRegistry({ ...connection, registryId: soroban.agentRegistryId })
    : missingRegistry;
  return { vault, registry, runnerId: vault.runner, ledgerTotals: undefined };
}

async function openVault(db: SqliteDatabase, config: Config, clock: Clock): Promise<OpenedVault> {
  if (config.runner.soroban) return openSorobanVault(db, config, clock);
  const registry = new EmbeddedAgentRegistry(db, clock);
  const runnerId = embeddedRunnerId(config);
  registry.ensureBuiltinAgent(runnerId);
  const vault = new EmbeddedVault(db, registry, clock);
  return Promise.resolve({ vault, registry, runnerId, ledgerTotals: () => vault.totals() });
}
