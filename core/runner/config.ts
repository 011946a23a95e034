import type { z } from 'zod';
import { envBoolean, envInt, optionalString, optionalUrl } from '../env.js';

export const DEFAULT_NETWORK_PASSPHRASE = 'Standalone Network ; February 2017';

/** The seed's RUNNER_* variables (and two of ours), validated by `loadConfig` with the rest. */
export const runnerEnvShape = {
  RUNNER_SECRET: optionalString,
  RUNNER_PUBLIC_KEY: optionalString,
  RUNNER_RPC_URL: optionalUrl,
  RUNNER_NETWORK_PASSPHRASE: optionalString,
  RUNNER_CONTRACT_ID: optionalString,
  RUNNER_AGENT_REGISTRY_ID: optionalString,
  RUNNER_STATE_PATH: optionalString,
  RUNNER_POLL_INTERVAL_MS: envInt(1000, 10, 3_600_000),
  RUNNER_FINALIZE_ON_ERROR: envBoolean(true),
  RUNNER_LOG_LEVEL: optionalString,
  RUNNER_CONCURRENCY: envInt(4, 1, 256),
  RUNNER_WORKER: envBoolean(true),
};

type RunnerEnv = { [K in keyof typeof runnerEnvShape]: z.output<(typeof runnerEnvShape)[K]> };

export interface SorobanConfig {
  rpcUrl: string;
  contractId: string;
  agentRegistryId: string | undefined;
  networkPassphrase: string;
}

export interface RunnerConfig {
  /** Signs Soroban transactions; names the embedded runner. Never logged. */
  secret: string | undefined;
  publicKey: string | undefined;
  /** Set when RUNNER_RPC_URL and RUNNER_CONTRACT_ID are: the vault is the Soroban contract. */
  soroban: SorobanConfig | undefined;
  /** The seed's JSON state file; state now lives in the store, so it is only reported. */
  legacyStatePath: string | undefined;
  pollIntervalMs: number;
  finalizeOnError: boolean;
  logLevel: string | undefined;
  concurrency: number;
  /** Whether `serve` runs the worker in its own process (`settld-mcp worker` runs one alone). */
  workerInServe: boolean;
}

export function runnerConfigFrom(e: RunnerEnv, problems: string[]): RunnerConfig {
  if (e.RUNNER_CONTRACT_ID && !e.RUNNER_RPC_URL) {
    problems.push('RUNNER_CONTRACT_ID is set but RUNNER_RPC_URL is not: set both to use the Soroban vault');
  }
  if (e.RUNNER_RPC_URL && e.RUNNER_CONTRACT_ID && !e.RUNNER_SECRET) {
    problems.push(
      'RUNNER_SECRET: required with RUNNER_RPC_URL and RUNNER_CONTRACT_ID (it signs the transactions)',
    );
  }
  if (e.RUNNER_LOG_LEVEL && !['info', 'debug'].includes(e.RUNNER_LOG_LEVEL)) {
    problems.push('RUNNER_LOG_LEVEL: expected info or debug');
  }
  return {
    secret: e.RUNNER_SECRET,
    publicKey: e.RUNNER_PUBLIC_KEY,
    soroban:
      e.RUNNER_RPC_URL && e.RUNNER_CONTRACT_ID
        ? {
            rpcUrl: e.RUNNER_RPC_URL,
            contractId: e.RUNNER_CONTRACT_ID,
            agentRegistryId: e.RUNNER_AGENT_REGISTRY_ID,
            networkPassphrase: e.RUNNER_NETWORK_PASSPHRASE ?? DEFAULT_NETWORK_PASSPHRASE,
          }
        : undefined,
    legacyStatePath: e.RUNNER_STATE_PATH,
    pollIntervalMs: e.RUNNER_POLL_INTERVAL_MS,
    finalizeOnError: e.RUNNER_FINALIZE_ON_ERROR,
    logLevel: e.RUNNER_LOG_LEVEL,
    concurrency: e.RUNNER_CONCURRENCY,
    workerInServe: e.RUNNER_WORKER,
  };
}
