/*
 * The host's own CLI, when it is installed, run against the generated config in throwaway folders
 * (never the user's own config): the strongest evidence the matrix can get without an API key.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import type { HostProfile } from './host-profiles.js';
import type { CheckResult, HostConfigSnippet } from './matrix-types.js';

export interface ProbeContext {
  /** The PATH the host CLI is looked up on. */
  path: string | undefined;
  tmpDir: string;
  timeoutMs: number;
  /** Removes secrets from what the CLI printed before it goes into a message. */
  redact: (text: string) => string;
}

const OUTPUT_KEPT = 64 * 1024;
const EXCERPT = 300;

async function findExecutable(command: string, path: string | undefined): Promise<string | undefined> {
  for (const folder of (path ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

function run(
  executable: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(executable, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let output = '';
    let timedOut = false;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: error.message, timedOut });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      kill(); // anything the CLI left running in its group (the server it health-checked)
      resolve({ code, output, timedOut });
    });
  });
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function runLiveProbe(
  profile: HostProfile,
  serverName: string,
  snippets: readonly HostConfigSnippet[],
  serverEnv: Readonly<Record<string, string>>,
  context: ProbeContext,
): Promise<CheckResult> {
  const probe = profile.liveProbe;
  const executable = await findExecutable(probe.command, context.path);
  if (!executable) {
    return {
      verdict: 'skip',
      message: `"${probe.command}" is not on PATH, so ${profile.host}'s own check did not run (it would show that ${probe.proves}).`,
    };
  }
  const root = await mkdtemp(join(context.tmpDir, `settld-probe-${profile.target}-`));
  try {
    const places = { home: join(root, 'home'), cwd: join(root, 'project'), name: serverName };
    await mkdir(places.home, { recursive: true });
    await mkdir(places.cwd, { recursive: true });
    for (const file of probe.files) {
      const snippet = snippets.find((candidate) => candidate.path === file.snippetPath);
      if (!snippet)
        return { verdict: 'skip', message: `No ${file.snippetPath} snippet to give ${probe.command}.` };
      const target = fill(file.writeTo, places);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, snippet.text, { mode: 0o600 });
    }
    const env: Record<string, string> = { ...serverEnv, PATH: context.path ?? '' };
    for (const [name, value] of Object.entries(probe.env)) env[name] = fill(value, places);
    const args = probe.args.map((arg) => fill(arg, places));
    const result = await run(executable, args, { cwd: places.cwd, env, timeoutMs: context.timeoutMs });
    const output = context.redact(result.output);
    const excerpt = output.trim().slice(-EXCERPT).replace(/\s+/g, ' ');
    const commandLine = [probe.command, ...args].join(' ');
    const name = escapeRegExp(serverName);
    const matches = (pattern: string | undefined) =>
      pattern !== undefined && new RegExp(pattern.replaceAll('{name}', name), 'm').test(output);
    if (result.timedOut) {
      return {
        verdict: 'fail',
        message: `\`${commandLine}\` did not finish within ${context.timeoutMs / 1000} s.`,
      };
    }
    if (matches(probe.failWhen)) {
      return { verdict: 'fail', message: `\`${commandLine}\` reports a problem: ${excerpt}` };
    }
    if (result.code === 0 && matches(probe.passWhen)) {
      return { verdict: 'pass', message: `\`${commandLine}\`: ${probe.proves}.` };
    }
    if (result.code !== 0) {
      return { verdict: 'fail', message: `\`${commandLine}\` exited with ${result.code}: ${excerpt}` };
    }
    return { verdict: 'warn', message: `\`${commandLine}\` ran, but its output does not say: ${excerpt}` };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
