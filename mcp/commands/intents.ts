import { readFileSync, writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { loadConfig } from '../../core/config.js';
import { SettldError } from '../../core/errors.js';
import type { PrePrCheckInput, PrePrCheckResult } from '../../core/intents/pre-pr-check.js';
import type { RegistryFile } from '../../core/intents/registry-file.js';
import type { ImportCounts } from '../../core/intents/intent-repository.js';
import { cliOperator, startPlatform } from '../runtime.js';
import { printJson, printTable, type GlobalOptions } from './output.js';
import { RemoteApi } from '../../core/remote/settld-api.js';

/** Where the `intents` commands run: the local store, or a server named by T4_INTENT_API. */
interface IntentsBackend {
  where: string;
  prePrCheck(input: PrePrCheckInput): Promise<PrePrCheckResult>;
  exportRegistry(tenant: string | undefined): Promise<RegistryFile>;
  importRegistry(registry: unknown, tenant: string | undefined): Promise<ImportCounts>;
  close(): Promise<void>;
}

function remoteBackend(baseUrl: string, apiKey: string): IntentsBackend {
  const api = new RemoteApi(baseUrl, { apiKey });
  const tenantQuery = (tenant: string | undefined) =>
    tenant === undefined ? '' : `?tenant_id=${encodeURIComponent(tenant)}`;
  return {
    where: baseUrl,
    prePrCheck: (input) => api.request('POST', '/intents/pre_pr_check', input),
    exportRegistry: (tenant) => api.request('GET', `/intents/export${tenantQuery(tenant)}`),
    importRegistry: (registry, tenant) =>
      api.request('POST', `/intents/import${tenantQuery(tenant)}`, registry),
    close: () => Promise.resolve(),
  };
}

function localBackend(dbPath: string | undefined): IntentsBackend {
  const platform = startPlatform({ dbPath });
  const operator = cliOperator();
  return {
    where: platform.config.dbPath,
    prePrCheck: (input) => platform.intents.prePrCheck(operator, input),
    exportRegistry: (tenant) => platform.intents.exportRegistry(operator, { tenant_id: tenant }),
    importRegistry: (registry, tenant) =>
      platform.intents.importRegistry(operator, registry, { tenant_id: tenant }),
    close: () => platform.close(),
  };
}

function openBackend(globals: GlobalOptions): IntentsBackend {
  const remote = loadConfig(process.env).intentApi;
  if (!remote) return localBackend(globals.db);
  if (!remote.apiKey) {
    throw new SettldError(
      'INTENT_API_KEY_MISSING',
      400,
      `${remote.baseUrl} is set as the intent API but no key is: set T4_API_KEY (or SETTLD_API_KEY)`,
    );
  }
  return remoteBackend(remote.baseUrl, remote.apiKey);
}

async function withBackend<T>(
  globals: GlobalOptions,
  run: (backend: IntentsBackend) => Promise<T>,
): Promise<T> {
  const backend = openBackend(globals);
  try {
    return await run(backend);
  } finally {
    await backend.close();
  }
}

const splitList = (values: string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter(Boolean);

/** Reads a file, or stdin for `-`, with a clear error instead of a stack trace. */
function readInput(path: string, what: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new SettldError(
      'FILE_UNREADABLE',
      400,
      `Can not read the ${what} ${path}: ${(error as Error).message}`,
    );
  }
}

interface CheckOptions {
  files?: string[];
  filesFrom?: string;
  codes: string[];
  findings?: string;
  root?: string;
  reserve?: boolean;
  tenant?: string;
  json?: boolean;
}

function printCheck(result: PrePrCheckResult): void {
  const missingFiles = result.missing.length;
  if (result.ok) {
    process.stdout.write(
      `ok: ${result.checked} file(s) checked (${result.mode}), every one has a planned intent where one is needed\n`,
    );
  } else {
    printTable(
      ['file', 'code', 'line', 'why'],
      result.details.map((detail) => [
        detail.file,
        detail.code ?? '(any critical code)',
        detail.line === null ? '' : String(detail.line),
        detail.why,
      ]),
    );
    process.stdout.write(
      `\n${missingFiles} of ${result.checked} file(s) missing an intent (${result.mode}): ` +
        'plan an intent with an owner and a ticket for each, or open the PR as a draft\n',
    );
  }
  if (result.created_reserved.length > 0) {
    process.stdout.write(`reserved ${result.created_reserved.length} placeholder(s):\n`);
    for (const intent of result.created_reserved) {
      process.stdout.write(`  ${intent.id}  ${intent.code}  ${intent.file}\n`);
    }
  }
}

export function registerIntentCommands(program: Command, globals: () => GlobalOptions): void {
  const intents = program
    .command('intents')
    .description(
      'The intent registry: on the local store, or on the server named by T4_INTENT_API + T4_API_KEY',
    );

  intents
    .command('check')
    .description(
      'The pre-PR check: exit 0 when every changed file (or critical finding) has a planned intent, 1 when something is missing, 2 on error',
    )
    .option('--files <files...>', 'changed files, repo-relative (space or comma separated)')
    .option('--files-from <path>', 'read the changed files from a file, one per line (- for stdin)')
    .requiredOption('--codes <codes...>', 'critical codes, e.g. F821,F401')
    .option(
      '--findings <path>',
      'linter output: ruff --output-format json, ESLint JSON or SARIF (- for stdin)',
    )
    .option(
      '--root <dir>',
      'repository root, to make absolute finding paths relative (default: the current directory)',
    )
    .option(
      '--reserve',
      'reserve a placeholder intent for each missing one (at most one each, however often it runs)',
    )
    .option('--tenant <tenant>', 'tenant (local store only; a key always acts in its own)')
    .option('--json', 'print the result as JSON')
    .action(async (options: CheckOptions) => {
      if (options.findings === '-' && options.filesFrom === '-') {
        throw new SettldError('INVALID_INPUT', 400, 'Only one of --files-from and --findings can read stdin');
      }
      const files = [
        ...splitList(options.files),
        ...(options.filesFrom ? readInput(options.filesFrom, 'file list').split(/\r?\n/) : []),
      ]
        .map((file) => file.trim())
        .filter(Boolean);
      if (files.length === 0) {
        throw new SettldError('INVALID_INPUT', 400, 'Give the changed files with --files or --files-from');
      }
      const input: PrePrCheckInput = {
        files,
        critical_codes: splitList(options.codes),
        findings: options.findings === undefined ? undefined : readInput(options.findings, 'findings file'),
        root: options.root ?? process.cwd(),
        auto_create_reserved: options.reserve ?? false,
        tenant_id: options.tenant,
      };
      const result = await withBackend(globals(), (backend) => backend.prePrCheck(input));
      if (options.json) printJson(result);
      else printCheck(result);
      if (!result.ok) process.exitCode = 1;
    });

  intents
    .command('export')
    .description('Write the registry file (format settld-intents, version 1) that the GitHub Action reads')
    .option('--out <path>', 'write to this file instead of stdout')
    .option('--tenant <tenant>', 'tenant (local store only)')
    .action(async (options: { out?: string; tenant?: string }) => {
      const registry = await withBackend(globals(), (backend) => backend.exportRegistry(options.tenant));
      const text = `${JSON.stringify(registry, null, 2)}\n`;
      if (options.out === undefined) {
        process.stdout.write(text);
        return;
      }
      writeFileSync(options.out, text);
      process.stderr.write(`wrote ${registry.intents.length} intent(s) to ${options.out}\n`);
    });

  intents
    .command('import')
    .description(
      'Upsert the intents of a registry file by id, all or nothing (needs the admin scope remotely)',
    )
    .argument('<path>', 'registry file (- for stdin)')
    .option('--tenant <tenant>', 'tenant (local store only)')
    .addOption(new Option('--json', 'print the counts as JSON'))
    .action(async (path: string, options: { tenant?: string; json?: boolean }) => {
      const text = readInput(path, 'registry file');
      let registry: unknown;
      try {
        registry = JSON.parse(text) as unknown;
      } catch (error) {
        throw new SettldError(
          'INVALID_REGISTRY',
          400,
          `${path} is not valid JSON: ${(error as Error).message}`,
        );
      }
      const counts = await withBackend(globals(), (backend) =>
        backend.importRegistry(registry, options.tenant),
      );
      if (options.json) printJson(counts);
      else process.stdout.write(`imported ${path}: ${counts.inserted} new, ${counts.updated} updated\n`);
    });
}
