import type { z } from 'zod';
import { envInt, optionalString, optionalUrl } from '../env.js';

/** The onboarding loop's variables, validated by `loadConfig` with the rest. */
export const onboardingEnvShape = {
  MAGIC_LINK_SETTLD_API_BASE_URL: optionalUrl,
  MAGIC_LINK_SETTLD_OPS_TOKEN: optionalString,
  SETTLD_PUBLIC_URL: optionalUrl,
  SETTLD_MCP_COMMAND: optionalString,
  SETTLD_MATRIX_RUNS_PER_HOUR: envInt(12, 1, 10_000),
};

type OnboardingEnv = { [K in keyof typeof onboardingEnvShape]: z.output<(typeof onboardingEnvShape)[K]> };

export interface OnboardingConfig {
  /** The upstream settld-mcp server and its operator token; half of it is RUNTIME_BOOTSTRAP_UNCONFIGURED. */
  upstreamUrl: string | undefined;
  upstreamToken: string | undefined;
  /** The base URL agents reach this server at (the env block's SETTLD_BASE_URL). */
  publicUrl: string | undefined;
  /** How a host starts settld-mcp (default `npx -y settld-mcp`); the smoke test runs this process's own bin. */
  mcpCommand: string | undefined;
  matrixRunsPerHour: number;
}

export function onboardingConfigFrom(e: OnboardingEnv): OnboardingConfig {
  return {
    upstreamUrl: e.MAGIC_LINK_SETTLD_API_BASE_URL,
    upstreamToken: e.MAGIC_LINK_SETTLD_OPS_TOKEN,
    publicUrl: e.SETTLD_PUBLIC_URL,
    mcpCommand: e.SETTLD_MCP_COMMAND,
    matrixRunsPerHour: e.SETTLD_MATRIX_RUNS_PER_HOUR,
  };
}
