import type { Command } from 'commander';
import { cliOperator, startPlatform } from '../runtime.js';
import { printJson, printTable, type GlobalOptions } from './output.js';

export function registerRunnerCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('worker')
    .description(
      'Run the runner worker: open, execute and finalize queued runs until SIGTERM (RUNNER_* settings)',
    )
    .option('--once', 'process what is queued (and recover what a dead worker left), then exit')
    .action(async (options: { once?: boolean }) => {
      const platform = startPlatform({ dbPath: globals().db });
      const runner = await platform.runner();
      if (options.once) {
        await runner.worker.drain();
        await platform.close();
        return;
      }
      process.stderr.write(
        `settld-mcp worker: runner ${runner.service.runnerId} on the ${runner.service.backend} vault, ` +
          `${platform.config.runner.concurrency} at a time, polling every ${platform.config.runner.pollIntervalMs} ms\n`,
      );
      runner.worker.start();
      await new Promise<void>((done) => {
        const stop = () => done();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      await platform.close();
    });

  program
    .command('runner')
    .description('The delegated runner (you act as the operator)')
    .command('status')
    .description('Queue depth, runs by status, pause, the vault backend and the newest runs')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const platform = startPlatform({ dbPath: globals().db });
      try {
        const summary = await (await platform.runner()).service.summary(cliOperator());
        if (options.json) return printJson(summary);
        process.stdout.write(
          `runner ${summary.runner} · ${summary.backend} vault · ${summary.paused ? 'PAUSED' : 'taking runs'}\n` +
            `queue depth ${summary.queueDepth} · active ${summary.active} · ` +
            Object.entries(summary.byStatus)
              .map(([status, count]) => `${status} ${count}`)
              .join(' · ') +
            '\n\n',
        );
        printTable(
          ['run', 'status', 'user', 'workflow', 'charge', 'refund', 'error', 'created'],
          summary.recentRuns.map((run) => [
            run.id,
            run.status,
            run.user,
            run.workflowId,
            run.receipt ? String(run.receipt.actualCharge) : '',
            run.receipt ? String(run.receipt.refund) : '',
            run.error?.code ?? '',
            run.createdAt,
          ]),
        );
      } finally {
        await platform.close();
      }
    });
}
