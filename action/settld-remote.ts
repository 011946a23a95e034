import { SettldError } from '../core/errors.js';
import {
  type PrePrCheckInput,
  type PrePrCheckResult,
  prePrCheckResultSchema,
} from '../core/intents/pre-pr-check.js';
import type { RemoteApi } from '../core/remote/settld-api.js';
import type { RemoteRegistry } from './inputs.js';

/** The one call the action makes to a settld-mcp server (core's RemoteApi in production). */
export type SettldApi = Pick<RemoteApi, 'request'>;

/**
 * `POST /intents/pre_pr_check` with the key in `X-T4-API-KEY`. The server's `{code, message}`
 * becomes one line naming the server; the key never enters a message.
 */
export async function remotePrePrCheck(
  api: SettldApi,
  remote: RemoteRegistry,
  input: PrePrCheckInput,
): Promise<PrePrCheckResult> {
  let body: unknown;
  try {
    body = await api.request('POST', '/intents/pre_pr_check', input);
  } catch (error) {
    if (!(error instanceof SettldError)) throw error;
    const message =
      error.code === 'INTENT_API_UNREACHABLE'
        ? `Input "settld-url": ${error.message}`
        : `settld-url ${remote.url} refused the check: ${error.code}: ${error.message}`;
    throw new SettldError(error.code, error.status, message);
  }
  const parsed = prePrCheckResultSchema.safeParse(body);
  if (!parsed.success) {
    throw new SettldError(
      'INTENT_API_ERROR',
      502,
      `settld-url ${remote.url} did not answer a pre-PR check result (is it a settld-mcp server?)`,
    );
  }
  return parsed.data;
}
