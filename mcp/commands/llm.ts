import { type Command, Option } from 'commander';
import { cliOperator, startPlatform } from '../runtime.js';
import { printJson, printTable, type GlobalOptions } from './output.js';

interface UsageOptions {
  group_by?: 'agent' | 'model' | 'day';
  from?: string;
  to?: string;
  tenant?: string;
  json?: boolean;
}

export function registerLlmCommands(program: Command, globals: () => GlobalOptions): void {
  const llm = program.command('llm').description('The LLM quota (you act as the operator)');

  llm
    .command('usage')
    .description('LLM calls and their cost, grouped by agent, model or UTC day')
    .addOption(
      new Option('--group_by <group>', 'group by agent, model or day (default agent)').choices([
        'agent',
        'model',
        'day',
      ]),
    )
    .option('--from <day>', 'first UTC day, YYYY-MM-DD')
    .option('--to <day>', 'last UTC day, YYYY-MM-DD')
    .option('--tenant <tenant>', 'only this tenant (default every tenant)')
    .option('--json', 'print JSON')
    .action(async (options: UsageOptions) => {
      const platform = startPlatform({ dbPath: globals().db });
      try {
        const report = await platform.llm.usage(cliOperator(), {
          group_by: options.group_by,
          from: options.from,
          to: options.to,
          tenant_id: options.tenant,
        });
        if (options.json) return printJson(report);
        printTable(
          [
            report.group_by,
            'calls',
            'settled',
            'failed',
            'in flight',
            'prompt tok',
            'completion tok',
            'cost USD',
          ],
          report.rows.map((row) => [
            row.group,
            String(row.calls),
            String(row.settled_calls),
            String(row.failed_calls),
            String(row.in_flight_calls),
            String(row.prompt_tokens),
            String(row.completion_tokens),
            row.cost.toFixed(6),
          ]),
        );
        process.stdout.write(
          `total: ${report.total.calls} calls, $${report.total.cost.toFixed(6)}` +
            `${report.truncated ? ' (more groups than listed)' : ''}\n`,
        );
      } finally {
        await platform.close();
      }
    });
}
