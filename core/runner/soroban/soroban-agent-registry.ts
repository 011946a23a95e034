import type { Agent, AgentRegistryPort, RateCard } from '../agent-registry.js';
import { VaultError } from '../vault.js';
import { SorobanConnection } from './connection.js';
import { ContractClient } from './contract-client.js';
import { type NativeAgent, REGISTRY_SPEC } from './contract-spec.js';
import { fromContractRateCards, toU32 } from './convert.js';
import type { SorobanAgentRegistryOptions } from './options.js';

/** The agent registry contract on Soroban: reads only, by simulation. */
export class SorobanAgentRegistry implements AgentRegistryPort {
  readonly backend = 'soroban' as const;
  private readonly registry: ContractClient;

  constructor(options: SorobanAgentRegistryOptions) {
    const connection = new SorobanConnection(options);
    this.registry = new ContractClient(
      connection,
      options.registryId,
      REGISTRY_SPEC,
      'RUNNER_AGENT_REGISTRY_ID',
    );
  }

  async getAgent(agentId: number): Promise<Agent> {
    const agent = await this.registry.read<NativeAgent>('get_agent', { agent_id: toU32(agentId, 'agentId') });
    return {
      id: agent.id,
      name: agent.name,
      developer: agent.developer,
      runners: agent.runners,
      rateCards: fromContractRateCards(agent.rate_cards),
    };
  }

  async getRateCard(agentId: number, version: number): Promise<RateCard> {
    const card = (await this.getAgent(agentId)).rateCards.find((candidate) => candidate.version === version);
    if (!card) throw new VaultError('InvalidRateVersion', { agentId, rateVersion: version });
    return card;
  }

  async latestRateVersion(agentId: number): Promise<number> {
    const latest = (await this.getAgent(agentId)).rateCards.at(-1);
    if (!latest) throw new VaultError('InvalidRateVersion', { agentId });
    return latest.version;
  }
}
