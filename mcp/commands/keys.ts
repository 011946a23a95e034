import type { Command } from 'commander';
import { SCOPES } from '../../core/auth/scopes.js';
import { cliOperator, startPlatform } from '../runtime.js';
import { printJson, printTable, type GlobalOptions } from './output.js';

interface CreateOptions {
  agent_id: string;
  owner: string;
  expires_days?: string;
  daily_limit?: string;
  scopes?: string;
  tenant?: string;
  description?: string;
  json?: boolean;
}

const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));

export function registerKeyCommands(program: Command, globals: () => GlobalOptions): void {
  const keys = program
    .command('keys')
    .description('Manage API keys in the local store (you act as the operator)');

  keys
    .command('create')
    .description('Issue an API key; the key is printed once on stdout')
    .requiredOption('--agent_id <id>', 'agent the key identifies')
    .requiredOption('--owner <owner>', 'person or team accountable for it')
    .option('--expires_days <days>', 'days until it expires')
    .option('--daily_limit <usd>', 'daily LLM budget in USD')
    .option('--scopes <scopes>', `comma-separated scopes or wildcards (${SCOPES.join(', ')})`)
    .option('--tenant <tenant>', 'tenant id (default "default")')
    .option('--description <text>', 'what the key is for')
    .option('--json', 'print JSON')
    .action(async (options: CreateOptions) => {
      const platform = startPlatform({ dbPath: globals().db });
      try {
        const { key, view } = await platform.keys.create(cliOperator(), {
          agent_id: options.agent_id,
          owner: options.owner,
          tenant_id: options.tenant,
          description: options.description,
          scopes: options.scopes,
          expires_in_days: number(options.expires_days),
          daily_limit: number(options.daily_limit),
        });
        if (options.json) return printJson({ key, api_key: view });
        process.stdout.write(`${key}\n`);
        process.stderr.write(
          `Key ${view.key_prefix} for agent ${view.agent_id} (tenant ${view.tenant_id}; scopes ${view.scopes.join(',')}; ` +
            `expires ${view.expires_at ?? 'never'}). It is shown only now: store it in your secret manager.\n`,
        );
      } finally {
        await platform.close();
      }
    });

  keys
    .command('list')
    .description('List keys (never their secrets)')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--limit <n>', 'page size', '200')
    .option('--json', 'print JSON')
    .action(async (options: { tenant?: string; limit: string; json?: boolean }) => {
      const platform = startPlatform({ dbPath: globals().db });
      try {
        const page = await platform.keys.list(cliOperator(), {
          tenantId: options.tenant,
          limit: Number(options.limit),
        });
        if (options.json) return printJson(page);
        printTable(
          ['key', 'tenant', 'agent', 'owner', 'status', 'scopes', 'expires'],
          page.items.map((k) => [
            k.key_prefix,
            k.tenant_id,
            k.agent_id,
            k.owner,
            k.status,
            k.scopes.join(','),
            k.expires_at ?? '-',
          ]),
        );
      } finally {
        await platform.close();
      }
    });

  keys
    .command('revoke')
    .description('Revoke a key by its id or the full key')
    .argument('<key>', 'key id (sk_<id>) or full key')
    .action(async (key: string) => {
      const platform = startPlatform({ dbPath: globals().db });
      try {
        const view = await platform.keys.revoke(cliOperator(), key);
        process.stdout.write(`revoked ${view.key_prefix}\n`);
      } finally {
        await platform.close();
      }
    });
}
