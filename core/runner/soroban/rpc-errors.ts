import type { xdr } from '@stellar/stellar-sdk';
import { SettldError } from '../../errors.js';
import { vaultErrorFromNumber } from '../vault.js';

/*
 * Every failure of the Soroban RPC as a SettldError. What reaches a message is the RPC's origin
 * (never its full URL, which may carry a provider's key), a transaction hash, a result code or the
 * RPC's own error text: the runner's secret is never given to any of them.
 */

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_NETWORK',
]);

const CONTRACT_ERROR = /Error\(Contract, #(\d+)\)/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function rpcUnavailable(
  endpoint: string,
  cause: string,
  details: Record<string, unknown> = {},
): SettldError {
  return new SettldError(
    'VAULT_UNAVAILABLE',
    503,
    `The Soroban RPC at ${endpoint} is unavailable: ${cause}`,
    {
      ...details,
      endpoint,
    },
  );
}

/** An exception of an RPC call: no answer or a 5xx/429 → VAULT_UNAVAILABLE (503); any other → VAULT_RPC_ERROR (502). */
export function rpcFailure(
  error: unknown,
  endpoint: string,
  details: Record<string, unknown> = {},
): SettldError {
  if (error instanceof SettldError) return error;
  if (isRecord(error)) {
    const code = error.code;
    const message = typeof error.message === 'string' ? error.message : String(code);
    if (error.isAxiosError === true) {
      const status = isRecord(error.response) ? error.response.status : undefined;
      if (typeof status !== 'number' || status >= 500 || status === 429) {
        return rpcUnavailable(endpoint, typeof status === 'number' ? `HTTP ${status}` : message, details);
      }
      return new SettldError('VAULT_RPC_ERROR', 502, `The Soroban RPC answered HTTP ${status}`, {
        ...details,
        endpoint,
      });
    }
    if (typeof code === 'string' && NETWORK_CODES.has(code))
      return rpcUnavailable(endpoint, message, details);
    if (typeof code === 'number') {
      return new SettldError('VAULT_RPC_ERROR', 502, `The Soroban RPC refused the request: ${message}`, {
        ...details,
        endpoint,
        rpcError: code,
      });
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SettldError('VAULT_RPC_ERROR', 502, `The Soroban RPC call failed: ${message}`, {
    ...details,
    endpoint,
  });
}

/** A failed simulation: `HostError: Error(Contract, #N)` is the contract's error N (#15 UnauthorizedRunner…). */
export function simulationFailure(error: string, details: Record<string, unknown>): SettldError {
  const contractError = CONTRACT_ERROR.exec(error);
  if (contractError) return vaultErrorFromNumber(Number(contractError[1]), details);
  const firstLine = error.split('\n', 1)[0] ?? error;
  return new SettldError(
    'VAULT_SIMULATION_FAILED',
    502,
    `The contract call failed in simulation: ${firstLine}`,
    details,
  );
}

/** The result code of a transaction result (`txFailed`, `txBadSeq`…) and of its operation when it has one. */
export function resultCodes(result: xdr.TransactionResult | undefined): Record<string, string> {
  if (!result) return {};
  const outcome = result.result();
  const codes: Record<string, string> = { resultCode: outcome.switch().name };
  try {
    const operation = outcome.results()[0];
    if (operation) codes.operationResultCode = operation.tr().invokeHostFunctionResult().switch().name;
  } catch {
    // Results without operation results (txBadSeq, txBadAuth…) have only the transaction's code.
  }
  return codes;
}

export function transactionFailed(
  txHash: string,
  result: xdr.TransactionResult | undefined,
  details: Record<string, unknown>,
  stage: 'rejected' | 'ledger',
): SettldError {
  const codes = resultCodes(result);
  const where = stage === 'rejected' ? 'was rejected by the RPC' : 'failed on the ledger';
  return new SettldError(
    'VAULT_TRANSACTION_FAILED',
    502,
    `Transaction ${txHash} ${where}${codes.resultCode ? ` (${codes.resultCode})` : ''}`,
    { ...details, ...codes, txHash, stage },
  );
}
