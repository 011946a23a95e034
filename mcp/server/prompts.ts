import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    'pre_pr_workflow',
    {
      title: 'Pre-PR intent workflow',
      description: 'The steps an agent follows before opening a pull request under the intent policy.',
      argsSchema: {
        files: z.string().describe('Changed files, comma separated'),
        critical_codes: z
          .string()
          .optional()
          .describe('Critical lint codes, comma separated (default F821,F401)'),
      },
    },
    ({ files, critical_codes }) => ({
      description: 'Pre-PR intent workflow',
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: [
              `Before opening a pull request for these files: ${files}`,
              `1. Run your linter and keep its JSON output (ruff --output-format json, ESLint -f json, or SARIF).`,
              `2. Call intents_pre_pr_check with files, critical_codes ${critical_codes ?? 'F821,F401'} and the findings.`,
              '3. For each entry of `missing`, either create an intent with intents_create (owner, ticket, reason) and move it to planned, or set auto_create_reserved and open the PR as a draft.',
              '4. Never open a ready-for-review PR while `missing` is not empty; say which files still need an owner.',
            ].join('\n'),
          },
        },
      ],
    }),
  );
}
