import { contract, StrKey, type xdr } from '@stellar/stellar-sdk';
import { SettldError } from '../../errors.js';
import { configInvalid, type PreparedTransaction, type SorobanConnection } from './connection.js';

/** One contract through its Spec: native arguments in, native results out. */
export class ContractClient {
  constructor(
    private readonly connection: SorobanConnection,
    readonly contractId: string,
    private readonly spec: contract.Spec,
    what: string,
  ) {
    if (!StrKey.isValidContract(contractId))
      throw configInvalid(`${what} is not a contract id (C… of 56 characters)`);
  }

  /** A read-only call: the simulation's answer. */
  async read<T>(method: string, args: Record<string, unknown>): Promise<T> {
    return this.decode<T>(
      method,
      await this.connection.read(this.contractId, method, this.encode(method, args)),
    );
  }

  /** A write under the connection's lock; the result is the ledger's return value. */
  write<T>(method: string, args: Record<string, unknown>): Promise<T> {
    return this.connection.exclusive(async () => this.send<T>(await this.prepare(method, args)));
  }

  /** A signed transaction for a caller that holds the connection's lock (see `SorobanConnection.prepare`). */
  prepare(method: string, args: Record<string, unknown>): Promise<PreparedTransaction> {
    return this.connection.prepare(this.contractId, method, this.encode(method, args));
  }

  async send<T>(prepared: PreparedTransaction): Promise<T> {
    const outcome = await this.connection.send(prepared);
    return this.decode<T>(prepared.method, outcome.returnValue, outcome.txHash);
  }

  /** A return value of `method` (from a simulation or a transaction's meta), with its Result unwrapped. */
  decode<T>(method: string, value: xdr.ScVal, txHash?: string): T {
    let native: unknown;
    try {
      native = this.spec.funcResToNative(method, value);
    } catch (error) {
      throw new SettldError(
        'VAULT_RPC_ERROR',
        502,
        `The contract's answer to ${method} does not match its interface: ${(error as Error).message}`,
        { operation: method, ...(txHash ? { txHash } : {}) },
      );
    }
    // A Result's Err never reaches here: the contract's error fails the call instead.
    return (native instanceof contract.Ok ? native.unwrap() : native) as T;
  }

  private encode(method: string, args: Record<string, unknown>): xdr.ScVal[] {
    try {
      return this.spec.funcArgsToScVals(method, args);
    } catch (error) {
      throw new SettldError(
        'VAULT_INVALID_ARGUMENT',
        400,
        `Invalid argument for ${method}: ${(error as Error).message}`,
        {
          operation: method,
        },
      );
    }
  }
}
