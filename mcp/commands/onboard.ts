import { type Command, Option } from 'commander';
import { DEFAULT_TENANT_ID } from '../../core/auth/tenants.js';
import { isSettldError } from '../../core/errors.js';
import { DEFAULT_TARGETS } from '../../core/onboarding/onboarding-service.js';
import { cliOperator, startPlatform } from '../runtime.js';
import { printJson, printTable, type GlobalOptions } from './output.js';

interface OnboardOptions {
  tenant?: string;
  targets?: string;
  baseUrl?: string;
  json?: boolean;
}

interface StepOutcome {
  step: string;
  ok: boolean | null;
  summary: string;
  result?: unknown;
}

export function registerOnboardCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('onboard')
    .description(
      'The onboarding loop on this store: runtime bootstrap → MCP smoke test → first paid call → conformance matrix',
    )
    .option('--tenant <tenant>', `tenant to onboard (default ${DEFAULT_TENANT_ID})`)
    .option('--targets <list>', `hosts for the matrix (default ${DEFAULT_TARGETS.join(',')})`)
    .addOption(
      new Option(
        '--base-url <url>',
        'the server agents will use (SETTLD_BASE_URL); default: a local runtime',
      ),
    )
    .option('--json', 'print every step’s result as JSON')
    .action(async (options: OnboardOptions) => {
      const platform = startPlatform({ dbPath: globals().db });
      const operator = cliOperator();
      const tenant = options.tenant ?? DEFAULT_TENANT_ID;
      const say = (line: string) => {
        if (!options.json) process.stderr.write(`${line}\n`);
      };
      const outcomes: StepOutcome[] = [];
      const attempt = async (
        step: string,
        work: () => Promise<{ summary: string; result: unknown; ok?: boolean }>,
      ) => {
        say(`· ${step} …`);
        try {
          const { summary, result, ok = true } = await work();
          outcomes.push({ step, ok, summary, result });
          say(`${ok ? '✓' : '✗'} ${step}: ${summary}`);
          return result;
        } catch (error) {
          const summary = isSettldError(error) ? `${error.code}: ${error.message}` : String(error);
          outcomes.push({ step, ok: false, summary });
          say(`✗ ${step}: ${summary}`);
          return undefined;
        }
      };
      try {
        const onboarding = await platform.onboarding();
        const bootstrap = (await attempt('runtime bootstrap', async () => {
          const result = await onboarding.bootstrap(
            operator,
            tenant,
            {},
            options.baseUrl ?? 'http://127.0.0.1:3090',
          );
          return {
            summary: `${result.apiKey.reused ? 'reused' : 'issued'} runtime key ${result.apiKey.keyPrefix} (${result.apiKey.scopes.join(', ')})`,
            result,
          };
        })) as Awaited<ReturnType<typeof onboarding.bootstrap>> | undefined;
        const key = bootstrap?.env.SETTLD_API_KEY ?? process.env.SETTLD_API_KEY;
        if (bootstrap && key) {
          await attempt('MCP smoke test', async () => {
            const env: Record<string, string> = { SETTLD_TENANT_ID: tenant, SETTLD_API_KEY: key };
            if (options.baseUrl) env.SETTLD_BASE_URL = options.baseUrl;
            const result = await onboarding.smokeTest(operator, tenant, { env });
            return {
              summary: `protocol ${result.protocolVersion}, ${result.tools} tools, health in ${result.call.ms} ms`,
              result,
            };
          });
        } else if (bootstrap) {
          outcomes.push({
            step: 'MCP smoke test',
            ok: null,
            summary:
              'skipped: the runtime key was reused and its secret is not here (set SETTLD_API_KEY to test it)',
          });
          say('- MCP smoke test: skipped (reused key; set SETTLD_API_KEY to test it)');
        }
        await attempt('first paid call', async () => {
          const result = await onboarding.firstPaidCall(
            operator,
            tenant,
            {},
            {
              onProgress: (progress) => say(`    ${progress.message}`),
            },
          );
          return {
            summary: `${result.attemptId}: charged ${String(result.receipt?.actualCharge)}, refunded ${String(result.receipt?.refund)}`,
            result,
          };
        });
        const targets = options.targets
          ?.split(',')
          .map((target) => target.trim())
          .filter(Boolean);
        await attempt('conformance matrix', async () => {
          const { matrix } = await onboarding.conformanceMatrix(
            operator,
            tenant,
            { targets },
            {
              onProgress: (progress) => say(`    ${progress.message}`),
            },
          );
          const notReady = matrix.targets.filter((row) => !row.ready).map((row) => row.target);
          return {
            summary: matrix.ready
              ? `ready for ${matrix.targets.map((row) => row.target).join(', ')}`
              : `not ready for ${notReady.join(', ')}`,
            result: matrix,
            ok: matrix.ready,
          };
        });
      } finally {
        await platform.close();
      }
      const failed = outcomes.some((outcome) => outcome.ok === false);
      if (options.json) {
        printJson({ tenantId: tenant, ok: !failed, steps: outcomes });
      } else {
        process.stdout.write('\n');
        printTable(
          ['step', 'result', 'summary'],
          outcomes.map((outcome) => [
            outcome.step,
            outcome.ok === null ? 'skip' : outcome.ok ? 'ok' : 'FAIL',
            outcome.summary,
          ]),
        );
        const env = outcomes.find((outcome) => outcome.step === 'runtime bootstrap')?.result as
          { env: Record<string, string | null> } | undefined;
        if (env?.env.SETTLD_API_KEY) {
          process.stdout.write(
            `\nRuntime env (the key is shown once; keep it in your secret store):\n` +
              Object.entries(env.env)
                .map(([name, value]) => `  export ${name}=${value ?? ''}`)
                .join('\n') +
              '\n',
          );
        }
      }
      if (failed) process.exitCode = 1;
    });
}
