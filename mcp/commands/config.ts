import { Argument, type Command } from 'commander';
import { findHostProfile, TARGETS } from '../../core/onboarding/host-profiles.js';
import { printJson } from './output.js';

interface ConfigFlags {
  baseUrl?: string;
  tenant?: string;
  json?: boolean;
}

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description(
      'Print the config that adds settld-mcp to an agent host, in the host’s own format; the API key is named (SETTLD_API_KEY), never written',
    )
    .addArgument(new Argument('<host>', 'the agent host').choices(TARGETS))
    .option('--base-url <url>', 'a remote settld-mcp server (SETTLD_BASE_URL); default: the local store')
    .option('--tenant <tenant>', 'the tenant the agent acts in (SETTLD_TENANT_ID)')
    .option('--json', 'print the snippets as JSON')
    .action(async (host: string, flags: ConfigFlags) => {
      const { settldConfigSnippets } = await import('../../core/onboarding/host-config.js');
      const snippets = settldConfigSnippets(host, { baseUrl: flags.baseUrl, tenantId: flags.tenant });
      if (flags.json) {
        printJson(snippets);
        return;
      }
      // Only the snippets go to stdout, so `settld-mcp config codex >> ~/.codex/config.toml` works.
      const hostName = findHostProfile(host)?.host ?? host;
      snippets.forEach((snippet, index) => {
        const where = snippet.format === 'shell' ? 'or run in a shell' : `add to ${snippet.path}`;
        process.stderr.write(`${index > 0 ? '\n' : ''}# ${hostName}: ${where}\n`);
        process.stdout.write(`${index > 0 ? '\n' : ''}${snippet.text}`);
      });
    });
}
