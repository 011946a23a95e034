#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { isSettldError } from '../core/errors.js';
import { redactText } from '../core/observability/redact.js';
import { VERSION } from '../core/version.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerIntentCommands } from './commands/intents.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerLlmCommands } from './commands/llm.js';
import { registerMatrixCommand } from './commands/matrix.js';
import { registerConfigCommand } from './commands/config.js';
import { registerOnboardCommand } from './commands/onboard.js';
import { registerRunnerCommands } from './commands/runner.js';
import type { GlobalOptions } from './commands/output.js';
import { TOOLSETS } from './tools/tool.js';
import type { ToolSelection } from './tools/index.js';

interface ToolFlags {
  toolsets?: string;
  tools?: string;
  readOnly?: boolean;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const selectionOf = (flags: ToolFlags): ToolSelection => ({
  toolsets: list(flags.toolsets),
  tools: list(flags.tools),
  readOnly: flags.readOnly ?? false,
});

function withToolFlags(command: Command): Command {
  return command
    .option('--toolsets <list>', `toolsets to enable: all, ${TOOLSETS.join(', ')} (default all)`)
    .option('--tools <list>', 'individual tools to enable, comma separated')
    .option('--read-only', 'expose only read-only tools (wins over --toolsets and --tools)');
}

const program = new Command('settld-mcp')
  .description('Governed control plane for coding agents: MCP server (stdio or HTTP), REST API and CLI')
  .version(VERSION)
  .option('--db <path>', 'SQLite database file (default $SETTLD_HOME/settld.db, SETTLD_HOME=~/.settld)')
  .showHelpAfterError()
  .exitOverride();
const globals = () => program.opts<GlobalOptions>();

withToolFlags(program.command('stdio', { isDefault: true }))
  .description('Serve MCP over stdio (what an agent host starts); bridges to SETTLD_BASE_URL when set')
  .action(async (flags: ToolFlags) => {
    const { runStdio } = await import('./stdio.js');
    await runStdio({ dbPath: globals().db }, selectionOf(flags));
  });

withToolFlags(program.command('serve'))
  .description('Serve REST, MCP over Streamable HTTP (/mcp), health and metrics')
  .addOption(new Option('--host <host>', 'address to bind').default(undefined, '127.0.0.1'))
  .addOption(
    new Option('--port <port>', 'port').argParser((value) => Number(value)).default(undefined, '3090'),
  )
  .action(async (flags: ToolFlags & { host?: string; port?: number }) => {
    // Loaded on demand: the stdio path an agent host starts never pays for the HTTP stack.
    const { runServe } = await import('./serve.js');
    await runServe({ dbPath: globals().db, host: flags.host, port: flags.port }, selectionOf(flags));
  });

registerKeyCommands(program, globals);
registerAuditCommands(program, globals);
registerIntentCommands(program, globals);
registerLlmCommands(program, globals);
registerRunnerCommands(program, globals);
registerMatrixCommand(program);
registerConfigCommand(program);
registerOnboardCommand(program, globals);

/** Exit codes: 0 fine, 1 a check found something (intents check, audit verify), 2 could not run. */
const EXIT_ERROR = 2;

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Commander has already printed the usage error (or the help, or the version).
    process.exit(error.exitCode === 0 ? 0 : EXIT_ERROR);
  }
  if (isSettldError(error)) {
    process.stderr.write(`settld-mcp: ${redactText(error.message)} (${error.code})\n`);
  } else {
    process.stderr.write(
      `settld-mcp: ${redactText(error instanceof Error ? error.message : String(error))}\n`,
    );
  }
  process.exit(EXIT_ERROR);
});
