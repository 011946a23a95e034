import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSettldError } from '../../core/errors.js';
import { intentFileMatches } from '../../core/intents/glob-matcher.js';
import {
  ancestorPaths,
  findingPathToRepoPath,
  globBaseOf,
  isGlobPattern,
  normaliseRepoPath,
  toIntentPath,
} from '../../core/intents/paths.js';
import { expectError } from './helpers.js';

describe('normaliseRepoPath', () => {
  it.each([
    ['./a.py', 'a.py'],
    ['a\\b.py', 'a/b.py'],
    ['lukhas//core///foo.py', 'lukhas/core/foo.py'],
    ['/lukhas/core/foo.py', 'lukhas/core/foo.py'],
    [' leading space.py', ' leading space.py'],
    ['src/./x/../a.py', 'src/a.py'],
    ['my docs/read me.md', 'my docs/read me.md'],
    ['docs/why?.md', 'docs/why?.md'],
    ['notes/#1 plan.md', 'notes/#1 plan.md'],
    ['pages/[id].tsx', 'pages/[id].tsx'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseRepoPath(raw)).toBe(expected);
  });

  it.each([
    ['../secret.py', 'escapes'],
    ['a/../../b.py', 'escapes'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['.', 'names no file'],
    ['src/', 'directory'],
    ['C:\\repo\\a.py', 'Windows'],
    ['a\u0000b.py', 'control'],
    ['!src/**', 'negated'],
  ])('refuses %j (%s) with a 400', async (raw, why) => {
    await expectError(() => normaliseRepoPath(raw), 'INVALID_PATH', 400);
    expect(() => normaliseRepoPath(raw)).toThrow(new RegExp(why, 'i'));
  });
});

describe('normaliseRepoPath, for any input', () => {
  const pathLike = fc
    .array(fc.constantFrom('a', 'b', '.', '..', '/', '\\', ' ', '?', '#', '*', '!', '[x]'), { maxLength: 12 })
    .map((parts) => parts.join(''))
    .filter((path) => path.trimStart() === path);

  const outcome = (raw: string): string => {
    try {
      return normaliseRepoPath(raw);
    } catch (error) {
      if (isSettldError(error) && error.code === 'INVALID_PATH') return '<invalid>';
      throw error;
    }
  };

  it('is idempotent, canonical, and the same through the fast path and the slow one', () => {
    fc.assert(
      fc.property(pathLike, (raw) => {
        const path = outcome(raw);
        // "./" forces the full normalisation; the result must not depend on which path was taken.
        expect(outcome(`./${raw}`)).toBe(path);
        if (path === '<invalid>') return;
        expect(normaliseRepoPath(path)).toBe(path);
        expect(path).not.toMatch(/\\|\/\/|^\/|\/$|(^|\/)\.\.?(\/|$)/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('globs', () => {
  it('treats only * and { as glob markers, so ?, [ ] and # stay literal', () => {
    expect(isGlobPattern('lukhas/core/**')).toBe(true);
    expect(isGlobPattern('src/{a,b}.py')).toBe(true);
    expect(isGlobPattern('docs/why?.md')).toBe(false);
    expect(isGlobPattern('pages/[id].tsx')).toBe(false);
    expect(isGlobPattern('notes/#1.md')).toBe(false);
  });

  it('stores a glob with its literal base', () => {
    expect(toIntentPath('./lukhas/core/**')).toEqual({
      file: 'lukhas/core/**',
      isGlob: true,
      globBase: 'lukhas/core',
    });
    expect(toIntentPath('docs/why?.md')).toEqual({ file: 'docs/why?.md', isGlob: false, globBase: null });
    expect(globBaseOf('**/*.py')).toBe('');
    expect(globBaseOf('a b/#c/*.py')).toBe('a b/#c');
  });

  it('lists every base a glob matching a path could have', () => {
    expect(ancestorPaths('a/b/c.py')).toEqual(['', 'a', 'a/b', 'a/b/c.py']);
    expect(ancestorPaths('c.py')).toEqual(['', 'c.py']);
  });

  it('matches dot files, spaces and # through globs, and literal names only themselves', () => {
    expect(intentFileMatches('lukhas/core/**', true, 'lukhas/core/.hidden/x.py')).toBe(true);
    expect(intentFileMatches('lukhas/core/**', true, 'lukhas/api/x.py')).toBe(false);
    expect(intentFileMatches('my docs/**/*.md', true, 'my docs/a/#1 plan.md')).toBe(true);
    expect(intentFileMatches('docs/why?.md', false, 'docs/why?.md')).toBe(true);
    expect(intentFileMatches('docs/why?.md', false, 'docs/whyX.md')).toBe(false);
    // A literal name that looks like a glob still matches itself.
    expect(intentFileMatches('templates/{{name}}/x.py', true, 'templates/{{name}}/x.py')).toBe(true);
    expect(intentFileMatches('src/*.py', true, 'src/sub/a.py')).toBe(false);
  });
});

describe('findingPathToRepoPath', () => {
  it('makes absolute paths under the root relative', () => {
    expect(findingPathToRepoPath('/ci/repo/src/a.py', '/ci/repo', 'X')).toBe('src/a.py');
    expect(findingPathToRepoPath('/ci/repo/src/a.py', '/ci/repo/', 'X')).toBe('src/a.py');
    expect(findingPathToRepoPath('C:\\work\\repo\\src\\a.py', 'c:/work/repo', 'X')).toBe('src/a.py');
    expect(findingPathToRepoPath('src\\a.py', undefined, 'X')).toBe('src/a.py');
  });

  it('keeps absolute paths outside the root absolute, for suffix matching', () => {
    expect(findingPathToRepoPath('/elsewhere/a.py', '/ci/repo', 'X')).toBe('/elsewhere/a.py');
    expect(findingPathToRepoPath('/ci/repo/./src//a.py', undefined, 'X')).toBe('/ci/repo/src/a.py');
  });
});
