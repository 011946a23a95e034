/*
 * The conformance matrix's public shapes: what the REST route, the MCP tool, the CLI and the GitHub
 * Action all show. The seed's result shape `{tenantId, runId, generatedAt, checks, targets, ready}` is
 * kept; each target row holds a verdict per check, computed from that host's profile.
 */

export const VERDICTS = ['pass', 'warn', 'fail', 'skip'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A column of the matrix. */
export interface MatrixCheckInfo {
  id: string;
  title: string;
  description: string;
}

export interface CheckResult {
  verdict: Verdict;
  /** What was found, in a sentence a person can act on (for skip: why it was skipped). */
  message: string;
}

/** The host configuration snippet for a target, in the host's own format; never holds a secret. */
export interface HostConfigSnippet {
  format: 'json' | 'toml' | 'shell';
  /** Where it goes, e.g. `.mcp.json`, `~/.codex/config.toml`, `~/.openhands/mcp.json`. */
  path: string;
  text: string;
}

/** A row of the matrix: one host. */
export interface TargetResult {
  target: string;
  /** The host's display name and the profile version the checks used. */
  host: string;
  profileVersion: string;
  /** No check failed. */
  ready: boolean;
  results: Record<string, CheckResult>;
  config: HostConfigSnippet[];
}

export interface ConformanceMatrix {
  tenantId: string | null;
  runId: string;
  generatedAt: string;
  checks: MatrixCheckInfo[];
  targets: TargetResult[];
  /** Every target ready. */
  ready: boolean;
}

/** The MCP server under test, as a host would start it over stdio. */
export interface ServerUnderTest {
  command: string;
  args: string[];
  /** Exactly the environment the server gets (plus PATH and HOME when not given). */
  env: Record<string, string>;
  /** The name the host config gives it (the tool-name prefix), default `settld`. */
  name?: string;
}

export interface MatrixProgress {
  progress: number;
  total: number;
  message: string;
}

export interface MatrixOptions {
  server: ServerUnderTest;
  targets: readonly string[];
  tenantId?: string | null;
  /** Called as each target and check completes (MCP progress notifications, the CLI's progress). */
  onProgress?: (progress: MatrixProgress) => void;
  signal?: AbortSignal;
}
