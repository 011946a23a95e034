import picomatch from 'picomatch';

type Matcher = (path: string) => boolean;

const MAX_CACHED_MATCHERS = 5000;
/** `dot`: an intent on `src/**` covers `src/.config.py` too; paths are already `/`-normalised. */
const OPTIONS: picomatch.PicomatchOptions = { dot: true, windows: false };

/**
 * Compiled matchers by pattern. Compiling a glob costs far more than testing one, and the same few
 * globs are tested on every check, so they are kept (least recently used first out).
 */
const cache = new Map<string, Matcher>();

function matcherFor(pattern: string): Matcher {
  let matcher = cache.get(pattern);
  if (matcher) {
    cache.delete(pattern);
  } else {
    try {
      matcher = picomatch(pattern, OPTIONS);
    } catch {
      // A pattern picomatch cannot compile still matches itself literally, below.
      matcher = () => false;
    }
    if (cache.size >= MAX_CACHED_MATCHERS) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  }
  cache.set(pattern, matcher);
  return matcher;
}

/**
 * Whether an intent's `file` covers a path: the identical path always (so a literal name with glob
 * characters matches itself), and for a glob, whatever picomatch matches.
 */
export function intentFileMatches(intentFile: string, isGlob: boolean, path: string): boolean {
  return intentFile === path || (isGlob && matcherFor(intentFile)(path));
}
