import type { AgentRegistryPort } from '../agent-registry.js';
import type { VaultPort } from '../vault.js';
import type { SorobanAgentRegistryOptions, SorobanVaultOptions } from './options.js';

/*
 * The entry the rest of the product uses: the adapters (and @stellar/stellar-sdk, ~0.6 s to load)
 * are imported only when a Soroban vault is configured, so the stdio cold start never pays for them.
 */

/** The vault, and `runner`: the runner's address (the public key of RUNNER_SECRET). */
export async function loadSorobanVault(
  options: SorobanVaultOptions,
): Promise<VaultPort & { runner: string }> {
  const { SorobanVault } = await import('./soroban-vault.js');
  return new SorobanVault(options);
}

export async function loadSorobanAgentRegistry(
  options: SorobanAgentRegistryOptions,
): Promise<AgentRegistryPort> {
  const { SorobanAgentRegistry } = await import('./soroban-agent-registry.js');
  return new SorobanAgentRegistry(options);
}
