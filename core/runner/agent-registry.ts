import type { Meters } from './vault.js';

/** A versioned rate card: the price of one unit of each meter, in vault units. */
export interface RateCard {
  version: number;
  prices: Meters;
}

/** An agent of the registry: who is paid for its runs, which runners may run it, at which rates. */
export interface Agent {
  id: number;
  name: string;
  /** The account the charge of a finalized run is paid to. */
  developer: string;
  runners: string[];
  rateCards: RateCard[];
}

/** The agent registry (a contract on Soroban, a table when embedded). Errors: AgentNotFound, InvalidRateVersion. */
export interface AgentRegistryPort {
  getAgent(agentId: number): Promise<Agent>;
  /** The rate card of a version; InvalidRateVersion when the agent has none. */
  getRateCard(agentId: number, version: number): Promise<RateCard>;
  /** The newest version, for runs enqueued without `rateVersion`. */
  latestRateVersion(agentId: number): Promise<number>;
}
