import picomatch from 'picomatch';
import { badRequest } from '../errors.js';

export const MAX_PATH_LENGTH = 1024;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const WINDOWS_DRIVE = /^[A-Za-z]:\//;

/**
 * A stored `file` is a glob only when it contains `*` or `{`. `?` and `[…]` alone do not make a
 * glob, because real file names use them (`pages/[id].tsx`, `docs/why?.md`) and must match
 * themselves; inside a glob (one with `*` or `{`) they keep their glob meaning. Whatever the
 * classification, a pattern always matches the identical literal path too (see glob-matcher.ts),
 * so misreading a literal name as a glob can never stop it matching itself.
 */
export function isGlobPattern(file: string): boolean {
  return file.includes('*') || file.includes('{');
}

/**
 * The literal directory prefix of a glob ('' when it starts with a glob character), by picomatch's
 * own parser so it can never be longer than what the matcher treats as literal. Every path the glob
 * matches lies under it, which is what lets the store fetch only the globs that can match a file.
 */
export function globBaseOf(pattern: string): string {
  return picomatch.scan(pattern).base;
}

/** A path's ancestors, from the root ('') down to the path itself. */
export function ancestorPaths(path: string): string[] {
  const out = [''];
  let at = path.indexOf('/');
  while (at !== -1) {
    out.push(path.slice(0, at));
    at = path.indexOf('/', at + 1);
  }
  out.push(path);
  return out;
}

function invalid(code: string, raw: string, why: string) {
  return badRequest(code, `Invalid path "${raw.slice(0, 200)}": ${why}`, { path: raw.slice(0, 200) });
}

/** Folds `.`, empty and `..` segments; a `..` that climbs above the start is refused. */
function foldSegments(path: string, raw: string, errorCode: string): string[] {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) throw invalid(errorCode, raw, 'it escapes the repository with ".."');
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return out;
}

/** Most paths arrive already normal; the pre-PR check sees thousands per call, so they skip the work. */
const NEEDS_WORK = /\\|\/\/|(?:^|\/)\.\.?(?:\/|$)|^\/|\/$|^!/;
const isCanonical = (path: string): boolean =>
  path.trim() !== '' &&
  path.length <= MAX_PATH_LENGTH &&
  !NEEDS_WORK.test(path) &&
  !WINDOWS_DRIVE.test(path) &&
  !CONTROL_CHARS.test(path);

/**
 * Normalises a repository path or glob as intents and pre-PR inputs name them: `./a.py` → `a.py`,
 * `a\b.py` → `a/b.py` (Windows separators; so a backslash is never a glob escape: use `[*]`),
 * `a//b` → `a/b`. A leading `/` is dropped: these inputs are repo paths by contract, and
 * `/src/a.py` means the repository root as in CODEOWNERS and .gitignore. (Findings carry real OS
 * paths instead; see `findingPathToRepoPath`.) Whitespace is kept: ` a.py` is a legal name, and
 * trimming would make a path normalise differently twice (transports that split lists trim their
 * items). Refused with a 400: blank paths, control characters, Windows drive paths, `..` above the
 * root, directories (a trailing `/`; write `dir/**`), and negated globs (`!…`), which an intent
 * cannot mean.
 */
export function normaliseRepoPath(raw: string, errorCode = 'INVALID_PATH'): string {
  if (isCanonical(raw)) return raw;
  const fail = (why: string) => invalid(errorCode, raw, why);
  if (raw.trim() === '') throw fail('it is empty');
  if (CONTROL_CHARS.test(raw)) throw fail('it contains control characters');
  const slashed = raw.replace(/\\/g, '/');
  if (WINDOWS_DRIVE.test(slashed)) throw fail('it is an absolute Windows path, not a repo path');
  if (slashed.endsWith('/')) throw fail('it names a directory; use "dir/**" for every file under it');
  const path = foldSegments(slashed, raw, errorCode).join('/');
  if (path.trim() === '') throw fail('it names no file');
  if (path.length > MAX_PATH_LENGTH) throw fail(`it is longer than ${MAX_PATH_LENGTH} characters`);
  if (path.startsWith('!') && isGlobPattern(path)) throw fail('negated globs are not supported');
  return path;
}

export const isAbsoluteOsPath = (path: string): boolean => path.startsWith('/') || WINDOWS_DRIVE.test(path);

/** An absolute OS path with `/` separators, folded segments and a lower-case drive letter. */
function canonicalAbsolute(path: string, raw: string, errorCode: string): string {
  const drive = WINDOWS_DRIVE.test(path) ? `${path.slice(0, 1).toLowerCase()}:` : '';
  const segments = foldSegments(drive ? path.slice(2) : path, raw, errorCode);
  return `${drive}/${segments.join('/')}`;
}

/**
 * Turns a path as a linter reports it into a repo path. Relative paths are normalised; absolute
 * ones (ruff and ESLint print absolute paths) become relative to `root` when they lie under it.
 * An absolute path outside `root`, or with no root given, is returned absolute (leading `/` or a
 * drive), and the pre-PR check then matches it to a changed file by its trailing segments.
 */
export function findingPathToRepoPath(raw: string, root: string | undefined, errorCode: string): string {
  const slashed = raw.replace(/\\/g, '/');
  if (!isAbsoluteOsPath(slashed)) return normaliseRepoPath(slashed, errorCode);
  if (CONTROL_CHARS.test(slashed)) throw invalid(errorCode, raw, 'it contains control characters');
  const absolute = canonicalAbsolute(slashed, raw, errorCode);
  if (root !== undefined && root.trim() !== '') {
    const base = canonicalAbsolute(root.trim().replace(/\\/g, '/'), root, errorCode).replace(/\/$/, '');
    if (absolute.startsWith(`${base}/`)) return normaliseRepoPath(absolute.slice(base.length + 1), errorCode);
  }
  return absolute;
}

export interface IntentPath {
  file: string;
  isGlob: boolean;
  globBase: string | null;
}

/** An intent's `file` as stored: normalised, classified, and with its glob base. */
export function toIntentPath(raw: string, errorCode = 'INVALID_PATH'): IntentPath {
  const file = normaliseRepoPath(raw, errorCode);
  const isGlob = isGlobPattern(file);
  return { file, isGlob, globBase: isGlob ? globBaseOf(file) : null };
}
