import type { ConformanceMatrix, Verdict } from '../core/onboarding/matrix-types.js';
import { cell, html, plain, table } from './markdown.js';

const ICONS: Record<Verdict, string> = { pass: '✅', warn: '⚠️', fail: '❌', skip: '➖' };

/** The matrix as Markdown: one row per host, one column per check, then what each non-pass found. */
export function matrixMarkdown(matrix: ConformanceMatrix, withConfig: boolean): string[] {
  const headline = matrix.ready
    ? `### ✅ MCP conformance: ready for ${matrix.targets.map((t) => t.host).join(', ')}`
    : `### ❌ MCP conformance: not ready for ${matrix.targets
        .filter((t) => !t.ready)
        .map((t) => t.host)
        .join(', ')}`;
  const rows = matrix.targets.map((target) => [
    `${cell(target.host)} ${cell(target.profileVersion)}`,
    ...matrix.checks.map((check) => ICONS[target.results[check.id]?.verdict ?? 'skip']),
  ]);
  const findings = matrix.targets.flatMap((target) =>
    matrix.checks.flatMap((check) => {
      const result = target.results[check.id];
      if (!result || result.verdict === 'pass') return [];
      return [
        `- ${ICONS[result.verdict]} **${plain(target.host)}** · ${plain(check.title)}: ${plain(result.message)}`,
      ];
    }),
  );
  const lines = [
    headline,
    '',
    ...table(['host', ...matrix.checks.map((check) => check.title)], rows),
    '',
    `✅ pass · ⚠️ warn · ❌ fail · ➖ skipped · run ${cell(matrix.runId)}`,
  ];
  if (findings.length > 0) lines.push('', ...findings);
  if (withConfig) {
    for (const target of matrix.targets) {
      for (const snippet of target.config) {
        lines.push(
          '',
          `<details><summary>${html(target.host)}: ${html(snippet.path)}</summary>`,
          '',
          '```' + snippet.format,
          snippet.text.trimEnd().replace(/```/g, '`\u200b``'),
          '```',
          '</details>',
        );
      }
    }
  }
  return lines;
}

/** The checks each host failed, for the step's one-line failure. */
export const notReadyHosts = (matrix: ConformanceMatrix): string[] =>
  matrix.targets
    .filter((target) => !target.ready)
    .map((target) => {
      const failed = matrix.checks.filter((check) => target.results[check.id]?.verdict === 'fail');
      return `${target.host} (${failed.map((check) => check.title).join(', ') || 'not ready'})`;
    });
