/*
 * What the Soroban adapters are built from. This file imports nothing from @stellar/stellar-sdk, so
 * code that only configures the adapters (or loads them through `load.ts`) never loads the SDK.
 */

/**
 * Where `openRun` records which transaction it sends for a reference, before sending it, so that a
 * process that crashed while the transaction was in flight can find the run afterwards. `save`
 * replaces the hash on record; the adapter does so only once that earlier transaction provably
 * can no longer land.
 */
export interface ReferenceStore {
  save(reference: string, txHash: string): Promise<void>;
  find(reference: string): Promise<string | null>;
}

export interface SorobanConnectionOptions {
  /** The Soroban JSON-RPC endpoint (RUNNER_RPC_URL). */
  rpcUrl: string;
  /** RUNNER_NETWORK_PASSPHRASE: transactions are signed for this network only. */
  networkPassphrase: string;
  /**
   * RUNNER_SECRET, a Stellar secret seed (S…). It signs the runner's transactions and names the
   * runner: its public key is the `runner` address. It never appears in an error or a log.
   */
  secret: string;
  /** Allow an http:// RPC URL. Default: only for loopback hosts (127.0.0.1, ::1, localhost). */
  allowHttp?: boolean;
  /**
   * How long a write waits for its transaction to reach the ledger, in ms (default 30 000). It is
   * also the transaction's validity window: past it, a transaction that did not land never will.
   */
  timeoutMs?: number;
  /** Pause between two `getTransaction` polls, in ms (default 1 000). */
  pollIntervalMs?: number;
  /** Timeout of one HTTP request to the RPC, in ms (default 10 000). */
  requestTimeoutMs?: number;
}

export interface SorobanVaultOptions extends SorobanConnectionOptions {
  /** The PrepaidVault contract (RUNNER_CONTRACT_ID, C…). */
  contractId: string;
  referenceStore: ReferenceStore;
}

export interface SorobanAgentRegistryOptions extends SorobanConnectionOptions {
  /** The agent registry contract (RUNNER_AGENT_REGISTRY_ID, C…). */
  registryId: string;
}
