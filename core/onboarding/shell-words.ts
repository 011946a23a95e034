/*
 * POSIX shell words, both ways: quoting for the command lines we print (`claude mcp add …`, the
 * OpenHands launcher), and splitting for what people type (`--server-command "node server.js"`) and
 * for reading our own command lines back in tests and in the matrix's config check.
 */

const PLAIN = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** One word, quoted only when the shell would otherwise change it. `${X}` stays literal. */
export function quoteShellWord(word: string): string {
  if (PLAIN.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function quoteShellWords(words: readonly string[]): string {
  return words.map(quoteShellWord).join(' ');
}

export class ShellWordsError extends Error {
  override readonly name = 'ShellWordsError';
}

/**
 * Splits a command line into words the way `sh` would before expansion: single quotes, double
 * quotes with backslash escapes, backslash outside quotes. Expansion (`$X`, globs) is not done: a
 * `$` stays as written, which is what a config snippet means by `${NAME}`.
 */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new ShellWordsError('unterminated single quote');
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (char === '"') {
      i += 1;
      for (; i < line.length && line[i] !== '"'; i += 1) {
        const inner = line[i]!;
        const next = line[i + 1];
        if (inner === '\\' && next !== undefined && '"\\$`\n'.includes(next)) {
          if (next !== '\n') word += next;
          i += 1;
        } else {
          word += inner;
        }
      }
      if (i >= line.length) throw new ShellWordsError('unterminated double quote');
      inWord = true;
    } else if (char === '\\') {
      const next = line[i + 1];
      if (next === undefined) throw new ShellWordsError('trailing backslash');
      if (next !== '\n') word += next;
      inWord = true;
      i += 1;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}
