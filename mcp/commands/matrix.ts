import type { Command } from 'commander';
import { badRequest } from '../../core/errors.js';
import { TARGETS } from '../../core/onboarding/host-profiles.js';
import type { ConformanceMatrix, MatrixCheckInfo } from '../../core/onboarding/matrix-types.js';
import { splitShellWords } from '../../core/onboarding/shell-words.js';
import { printJson, printTable } from './output.js';

interface MatrixFlags {
  serverCommand: string;
  targets?: string;
  env: string[];
  name?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parseEnv(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw badRequest('INVALID_ENV', `--env expects NAME=VALUE, got "${pair}"`);
    env[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return env;
}

const CELL = { pass: 'pass', warn: 'warn', fail: 'FAIL', skip: 'skip' } as const;

function printMatrix(matrix: ConformanceMatrix): void {
  const checks: readonly MatrixCheckInfo[] = matrix.checks;
  printTable(
    ['host', ...checks.map((check) => check.id), 'ready'],
    matrix.targets.map((target) => [
      target.target,
      ...checks.map((check) => CELL[target.results[check.id]?.verdict ?? 'skip']),
      target.ready ? 'yes' : 'NO',
    ]),
  );
  const findings = matrix.targets.flatMap((target) =>
    checks.flatMap((check) => {
      const result = target.results[check.id];
      return result && result.verdict !== 'pass'
        ? [`${target.target} ${check.id} ${result.verdict}: ${result.message}`]
        : [];
    }),
  );
  if (findings.length > 0) process.stdout.write(`\n${findings.join('\n')}\n`);
  process.stdout.write(`\n${matrix.ready ? 'ready for every host' : 'NOT ready'} (run ${matrix.runId})\n`);
}

export function registerMatrixCommand(program: Command): void {
  program
    .command('matrix')
    .description(
      'Conformance matrix: start an MCP server as each agent host would and check it against that host’s rules; exits 1 when a host is not ready',
    )
    .requiredOption(
      '--server-command <cmd>',
      'the MCP server to test, one command line ("node server.js --flag")',
    )
    .option('--targets <list>', `hosts, comma separated (default ${TARGETS.join(',')})`)
    .option(
      '--env <NAME=VALUE>',
      'the server’s environment, repeatable: it gets only these, plus PATH and HOME',
      collect,
      [],
    )
    .option('--name <name>', 'the server’s name in the host config, which prefixes its tool names', 'settld')
    .option('--json', 'print the matrix as JSON')
    .action(async (flags: MatrixFlags) => {
      const [command, ...args] = splitShellWords(flags.serverCommand);
      if (!command) throw badRequest('INVALID_SERVER_COMMAND', '--server-command is empty');
      const targets = flags.targets?.split(',').map((target) => target.trim()) ?? [...TARGETS];
      const showProgress = !flags.json && process.stderr.isTTY;
      // Loaded on demand: the stdio server a host starts never pays for the matrix.
      const { runConformanceMatrix } = await import('../../core/onboarding/conformance.js');
      const matrix = await runConformanceMatrix({
        server: { command, args, env: parseEnv(flags.env), name: flags.name },
        targets,
        onProgress: ({ progress, total, message }) => {
          if (showProgress) process.stderr.write(`[${progress}/${total}] ${message}\n`);
        },
      });
      if (flags.json) printJson(matrix);
      else printMatrix(matrix);
      if (!matrix.ready) process.exitCode = 1;
    });
}
