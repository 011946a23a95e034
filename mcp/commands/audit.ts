import type { Command } from 'commander';
import { cliOperator, startPlatform } from '../runtime.js';
import { printJson, type GlobalOptions } from './output.js';

export function registerAuditCommands(program: Command, globals: () => GlobalOptions): void {
  const audit = program.command('audit').description('The hash-chained audit log');
  audit
    .command('verify')
    .description('Recompute the chain; names the first bad row and exits 1 if there is one')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const platform = startPlatform({ dbPath: globals().db });
      try {
        const result = await platform.audit.verify(cliOperator());
        if (options.json) printJson(result);
        else if (result.ok) process.stdout.write(`audit chain ok: ${result.rows} rows\n`);
        else process.stdout.write(`audit chain BROKEN at row ${result.badSeq}: ${result.reason}\n`);
        if (!result.ok) process.exitCode = 1;
      } finally {
        await platform.close();
      }
    });
}
