/** Markdown pieces for the PR comment and the job summary: text from a PR is never markup. */

/** Inline code that survives backticks in the text (a fence longer than any run inside it). */
export function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A table cell: pipes escaped, one line. */
export const cell = (text: string): string => text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');

/** Text from elsewhere on one line, with the characters that would turn it into markup escaped. */
export const plain = (text: string): string =>
  text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|~])/g, '\\$1');

/** Text inside an HTML tag such as `<summary>`, where Markdown escapes are not read. */
export const html = (text: string): string =>
  text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

export function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

export const count = (n: number): string => n.toLocaleString('en-US');

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${count(n)} ${n === 1 ? one : many}`;

/** Size as GitHub counts it for the summary (bytes); never less than the characters a comment counts. */
export const sizeOf = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Lines added until `budget` would be passed; then `overflow(left)` says how many were left out (its
 * own size is kept free from the start).
 */
export function fitLines(lines: string[], budget: number, overflow: (left: number) => string): string[] {
  const reserve = sizeOf(overflow(lines.length)) + 1;
  const out: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const size = sizeOf(line) + 1;
    if (used + size > budget - reserve) {
      out.push(overflow(lines.length - index));
      return out;
    }
    out.push(line);
    used += size;
  }
  return out;
}
