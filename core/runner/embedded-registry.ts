import type { Clock } from '../clock.js';
import type { SqliteDatabase } from '../store/database.js';
import type { Agent, AgentRegistryPort, RateCard } from './agent-registry.js';
import type { AgentSnapshot } from './embedded-vault.js';
import { type Meters, VaultError } from './vault.js';

/** The agent every embedded store starts with: the built-in workflows, served by the local runner. */
export const BUILTIN_AGENT_ID = 1;
export const BUILTIN_AGENT_NAME = 'settld-builtin';
export const BUILTIN_DEVELOPER = 'settld-platform';

/**
 * The built-in rate card, in vault units (1 unit = one millionth of a USD, like the LLM quota's
 * micros): a token in, a token out, an outbound HTTP call, a millisecond of runtime.
 */
export const BUILTIN_PRICES: Meters = { llmIn: 1, llmOut: 4, httpCalls: 100, runtimeMs: 1 };

/** How long an agent read from the table is trusted (another process may add a runner). */
const AGENT_CACHE_MS = 5_000;

interface AgentRow {
  id: number;
  name: string;
  developer: string;
  runners: string;
}

/** The agent registry as two tables; reads are synchronous so the vault can use them in its transactions. */
export class EmbeddedAgentRegistry implements AgentRegistryPort {
  private readonly statements;
  /** Agents change rarely (a runner added at start) and are read several times a run. */
  private readonly cache = new Map<number, { agent: AgentSnapshot & Agent; until: number }>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
  ) {
    this.statements = {
      agent: db.prepare('SELECT id, name, developer, runners FROM registry_agents WHERE id = ?'),
      cards: db.prepare(
        'SELECT version, prices FROM registry_rate_cards WHERE agent_id = ? ORDER BY version',
      ),
      upsertAgent: db.prepare(`INSERT INTO registry_agents (id, name, developer, runners, created_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET runners = excluded.runners`),
      insertCard:
        db.prepare(`INSERT OR IGNORE INTO registry_rate_cards (agent_id, version, prices, created_at)
        VALUES (?, ?, ?, ?)`),
    };
  }

  /**
   * Makes sure the built-in agent exists and lists `runner` (the key-rotation step "add the new
   * runner to the registry"); earlier runners stay listed until removed.
   */
  ensureBuiltinAgent(runner: string): void {
    this.db
      .transaction(() => {
        const existing = this.statements.agent.get(BUILTIN_AGENT_ID) as AgentRow | undefined;
        const runners = existing ? (JSON.parse(existing.runners) as string[]) : [];
        if (!runners.includes(runner)) runners.push(runner);
        const now = this.clock.now();
        this.statements.upsertAgent.run(
          BUILTIN_AGENT_ID,
          BUILTIN_AGENT_NAME,
          BUILTIN_DEVELOPER,
          JSON.stringify(runners),
          now,
        );
        this.statements.insertCard.run(BUILTIN_AGENT_ID, 1, JSON.stringify(BUILTIN_PRICES), now);
      })
      .immediate();
  }

  getAgentSync(agentId: number): AgentSnapshot & Agent {
    const now = Date.now();
    const cached = this.cache.get(agentId);
    if (cached && cached.until > now) return cached.agent;
    const agent = this.readAgent(agentId);
    this.cache.set(agentId, { agent, until: now + AGENT_CACHE_MS });
    return agent;
  }

  private readAgent(agentId: number): AgentSnapshot & Agent {
    const row = this.statements.agent.get(agentId) as AgentRow | undefined;
    if (!row) throw new VaultError('AgentNotFound', { agentId });
    const rateCards = (this.statements.cards.all(agentId) as { version: number; prices: string }[]).map(
      (card): RateCard => ({ version: card.version, prices: JSON.parse(card.prices) as Meters }),
    );
    return {
      id: row.id,
      name: row.name,
      developer: row.developer,
      runners: JSON.parse(row.runners) as string[],
      rateCards,
    };
  }

  getAgent(agentId: number): Promise<Agent> {
    return Promise.resolve(this.getAgentSync(agentId));
  }

  getRateCard(agentId: number, version: number): Promise<RateCard> {
    const card = this.getAgentSync(agentId).rateCards.find((candidate) => candidate.version === version);
    if (!card) return Promise.reject(new VaultError('InvalidRateVersion', { agentId, rateVersion: version }));
    return Promise.resolve(card);
  }

  latestRateVersion(agentId: number): Promise<number> {
    const cards = this.getAgentSync(agentId).rateCards;
    const latest = cards.at(-1);
    if (!latest) return Promise.reject(new VaultError('InvalidRateVersion', { agentId }));
    return Promise.resolve(latest.version);
  }
}
