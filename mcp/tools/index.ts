import { SettldError } from '../../core/errors.js';
import { ADMIN_TOOLS } from './admin.js';
import { healthTool } from './health.js';
import { INTENT_TOOLS } from './intents.js';
import { LLM_TOOLS } from './llm.js';
import { ONBOARDING_TOOLS } from './onboarding.js';
import { RUNNER_TOOLS } from './runner.js';
import { TOOLSETS, type ToolDefinition, type Toolset } from './tool.js';

/** Every tool settld-mcp has, in listing order. New toolsets add their array here. */
export const ALL_TOOLS: readonly ToolDefinition[] = [
  healthTool,
  ...INTENT_TOOLS,
  ...LLM_TOOLS,
  ...RUNNER_TOOLS,
  ...ONBOARDING_TOOLS,
  ...ADMIN_TOOLS,
];

export interface ToolSelection {
  /** Toolsets to enable; undefined means all (unless `tools` is given). */
  toolsets?: string[];
  /** Individual tools to enable in addition to the toolsets. */
  tools?: string[];
  /** Only tools marked read-only; wins over everything else. */
  readOnly?: boolean;
}

/**
 * Chooses the tools a server exposes, as github-mcp-server does: toolsets, plus named tools,
 * and `--read-only` beats both. Platform tools (health) are always on.
 */
export function selectTools(
  selection: ToolSelection = {},
  all: readonly ToolDefinition[] = ALL_TOOLS,
): ToolDefinition[] {
  const known = new Set<string>(TOOLSETS);
  for (const name of selection.toolsets ?? []) {
    if (name !== 'all' && !known.has(name)) {
      throw new SettldError(
        'UNKNOWN_TOOLSET',
        400,
        `Unknown toolset "${name}"; known: all, ${TOOLSETS.join(', ')}`,
      );
    }
  }
  const toolNames = new Set(all.map((tool) => tool.name));
  for (const name of selection.tools ?? []) {
    if (!toolNames.has(name)) throw new SettldError('UNKNOWN_TOOL', 400, `Unknown tool "${name}"`);
  }
  const everything =
    selection.toolsets === undefined ? selection.tools === undefined : selection.toolsets.includes('all');
  const toolsets = new Set<Toolset | undefined>(
    everything ? TOOLSETS : (selection.toolsets as Toolset[] | undefined),
  );
  const named = new Set(selection.tools ?? []);
  return all.filter(
    (tool) =>
      (tool.toolset === undefined || toolsets.has(tool.toolset) || named.has(tool.name)) &&
      (!selection.readOnly || tool.annotations.readOnlyHint),
  );
}
