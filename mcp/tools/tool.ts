import type { z } from 'zod';
import { hasScope, type Principal, readsEveryTenant } from '../../core/auth/principal.js';
import type { Scope } from '../../core/auth/scopes.js';
import type { Platform } from '../../core/platform.js';

export const TOOLSETS = ['onboarding', 'intents', 'llm', 'runner', 'admin'] as const;
export type Toolset = (typeof TOOLSETS)[number];

/** All four hints, always: Codex refuses, in unattended runs, a tool that lacks them. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolContext {
  platform: Platform;
  principal: Principal;
  signal: AbortSignal;
  /** Sends a progress notification when the caller asked for them (a progress token); otherwise a no-op. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any zod object shape; each tool narrows it
type AnyObject = z.ZodObject<any>;

export interface ToolDefinition<I extends AnyObject = AnyObject, O extends AnyObject = AnyObject> {
  name: string;
  title: string;
  description: string;
  /** Undefined for the platform tools that are always on (`health`). */
  toolset: Toolset | undefined;
  /**
   * The scope its service requires (the service checks it too). A caller without it does not see the
   * tool in tools/list, and a call is refused before its arguments are read. Undefined: none (`health`).
   */
  scope: Scope | undefined;
  /**
   * Its answer spans every tenant (the audit chain): listed only for a caller that reads every
   * tenant. Anyone else calling it still gets the service's FORBIDDEN, which says why.
   */
  everyTenant?: true;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  run(input: z.output<I>, context: ToolContext): Promise<z.input<O>>;
}

export function defineTool<I extends AnyObject, O extends AnyObject>(
  definition: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return definition;
}

/**
 * Whether a caller may run a tool; `admin` holds every scope. An undefined caller (its credentials
 * failed) holds no scope and reads no tenant: only the tools that need neither.
 */
export function mayRun(tool: ToolDefinition, principal: Principal | undefined): boolean {
  return (
    (tool.scope === undefined || (principal !== undefined && hasScope(principal, tool.scope))) &&
    (tool.everyTenant === undefined || (principal !== undefined && readsEveryTenant(principal)))
  );
}

export const READ_ONLY: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
};
