import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

const SOURCE = resolve(import.meta.dirname, '../../test/fakes/flawed-mcp-server.ts');
/** Where `npm run build` puts it; inside the project, so the SDK resolves from node_modules. */
const SCRIPT = resolve(import.meta.dirname, '../../build/test/fakes/flawed-mcp-server.js');

/**
 * The flawed server as a script `node` can run. The build puts it in build/test/fakes; when that
 * copy is missing or older than the source (tests run without a build), it is transpiled there.
 */
export function flawedServerScript(): string {
  if (existsSync(SCRIPT) && statSync(SCRIPT).mtimeMs >= statSync(SOURCE).mtimeMs) return SCRIPT;
  const { outputText } = ts.transpileModule(readFileSync(SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2023 },
  });
  mkdirSync(dirname(SCRIPT), { recursive: true });
  const partial = `${SCRIPT}.${process.pid}.tmp`;
  writeFileSync(partial, outputText);
  renameSync(partial, SCRIPT);
  return SCRIPT;
}
