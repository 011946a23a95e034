import { setTimeout as sleep } from 'node:timers/promises';
import {
  Account,
  Address,
  BASE_FEE,
  Contract,
  Keypair,
  Operation,
  rpc,
  type Transaction,
  TransactionBuilder,
  xdr,
} from '@stellar/stellar-sdk';
import { SettldError } from '../../errors.js';
import type { SorobanConnectionOptions } from './options.js';
import { rpcFailure, rpcUnavailable, simulationFailure, transactionFailed } from './rpc-errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function configInvalid(message: string): SettldError {
  return new SettldError('VAULT_CONFIG_INVALID', 500, message);
}

/** A signed transaction, not sent yet. */
export interface PreparedTransaction {
  method: string;
  transaction: Transaction;
  txHash: string;
}

/** What a write brings back from the ledger (never from the simulation). */
export interface LedgerOutcome {
  txHash: string;
  returnValue: xdr.ScVal;
}

/**
 * One runner account on one Soroban RPC: simulates reads, and submits writes signed with the
 * runner's key. Writes run one at a time (`exclusive`): each takes the account's next sequence
 * number, so two in flight at once would collide.
 */
export class SorobanConnection {
  /** The runner's address: the public key of RUNNER_SECRET. */
  readonly runner: string;
  /** The RPC's origin, safe to show (a provider's key may sit in the URL's path or query). */
  readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly server: rpc.Server;
  private readonly networkPassphrase: string;
  /** A private field: neither JSON.stringify nor util.inspect shows it. */
  readonly #keypair: Keypair;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: SorobanConnectionOptions) {
    try {
      this.#keypair = Keypair.fromSecret(options.secret);
    } catch {
      throw configInvalid('RUNNER_SECRET is not a Stellar secret seed (S… of 56 characters)');
    }
    this.runner = this.#keypair.publicKey();
    let url: URL;
    try {
      url = new URL(options.rpcUrl);
    } catch {
      throw configInvalid('RUNNER_RPC_URL is not a URL');
    }
    this.endpoint = url.origin;
    const allowHttp = options.allowHttp ?? LOOPBACK_HOSTS.has(url.hostname);
    if (url.protocol !== 'https:' && !allowHttp) {
      throw configInvalid(`RUNNER_RPC_URL must be https:// (${this.endpoint} is only allowed on loopback)`);
    }
    this.server = new rpc.Server(options.rpcUrl, { allowHttp, timeout: options.requestTimeoutMs ?? 10_000 });
    this.networkPassphrase = options.networkPassphrase;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
  }

  /** Runs `task` after every task queued before it, whatever their outcome. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** A read: the simulation's return value. The source account only names the caller: no sequence needed. */
  async read(contractId: string, method: string, args: xdr.ScVal[]): Promise<xdr.ScVal> {
    const { simulation } = await this.simulate(new Account(this.runner, '0'), contractId, method, args);
    return simulation.result?.retval ?? xdr.ScVal.scvVoid();
  }

  /**
   * The first half of a write, for a caller holding `exclusive`: reads the account's sequence
   * number, simulates, assembles (footprint, auth, resource fee) and signs. Nothing is sent yet.
   */
  async prepare(contractId: string, method: string, args: xdr.ScVal[]): Promise<PreparedTransaction> {
    const account = await this.account();
    const { transaction, simulation } = await this.simulate(account, contractId, method, args);
    for (const entry of simulation.result?.auth ?? []) {
      const credentials = entry.credentials();
      if (credentials.switch() === xdr.SorobanCredentialsType.sorobanCredentialsAddress()) {
        const signer = Address.fromScAddress(credentials.address().address()).toString();
        throw new SettldError(
          'VAULT_USER_SIGNATURE_REQUIRED',
          409,
          `${method} needs the signature of ${signer}, which only its owner can give (from their wallet); ` +
            `this runner signs only as ${this.runner}`,
          { operation: method, signer, runner: this.runner },
        );
      }
    }
    const assembled = rpc.assembleTransaction(transaction, simulation).build();
    assembled.sign(this.#keypair);
    return { method, transaction: assembled, txHash: assembled.hash().toString('hex') };
  }

  /** The second half: sends, and waits for the ledger's verdict. A FAILED transaction throws. */
  async send({ method, transaction, txHash }: PreparedTransaction): Promise<LedgerOutcome> {
    const details = { operation: method, txHash };
    const sent = await this.call(() => this.server.sendTransaction(transaction), details);
    if (sent.status === 'ERROR') throw transactionFailed(txHash, sent.errorResult, details, 'rejected');
    if (sent.status === 'TRY_AGAIN_LATER') {
      throw rpcUnavailable(this.endpoint, 'it is busy (TRY_AGAIN_LATER); try again later', details);
    }
    const outcome = await this.waitFor(txHash, this.timeoutMs);
    if (outcome.status === rpc.Api.GetTransactionStatus.SUCCESS) {
      return { txHash, returnValue: outcome.returnValue ?? xdr.ScVal.scvVoid() };
    }
    if (outcome.status === rpc.Api.GetTransactionStatus.FAILED) {
      throw transactionFailed(txHash, outcome.resultXdr, details, 'ledger');
    }
    throw new SettldError(
      'VAULT_TRANSACTION_TIMEOUT',
      504,
      `Transaction ${txHash} was not on the ledger after ${this.timeoutMs} ms; past its validity window it never will be`,
      details,
    );
  }

  /**
   * Spends the account's next sequence number on a no-op (BumpSequence to 0). A sequence number is
   * used once, so afterwards no transaction this account signed earlier and that has not been
   * applied ever can be. True when the no-op reached the ledger; false when it did not (it was
   * refused, e.g. because an earlier transaction with that number is still queued).
   */
  async consumeSequence(): Promise<boolean> {
    const transaction = new TransactionBuilder(await this.account(), {
      fee: BASE_FEE,
      networkPassphrase: this.networkPassphrase,
    })
      .addOperation(Operation.bumpSequence({ bumpTo: '0' }))
      .setTimeout(this.validitySeconds())
      .build();
    transaction.sign(this.#keypair);
    const txHash = transaction.hash().toString('hex');
    const sent = await this.call(() => this.server.sendTransaction(transaction), {
      operation: 'bump_sequence',
      txHash,
    });
    if (sent.status !== 'PENDING' && sent.status !== 'DUPLICATE') return false;
    const outcome = await this.waitFor(txHash, this.timeoutMs);
    return outcome.status !== rpc.Api.GetTransactionStatus.NOT_FOUND;
  }

  /** Polls `getTransaction` until the ledger has the transaction or `budgetMs` passed (then NOT_FOUND). */
  async waitFor(txHash: string, budgetMs: number): Promise<rpc.Api.GetTransactionResponse> {
    const deadline = Date.now() + budgetMs;
    for (;;) {
      const response = await this.call(() => this.server.getTransaction(txHash), { txHash });
      const left = deadline - Date.now();
      if (response.status !== rpc.Api.GetTransactionStatus.NOT_FOUND || left <= 0) return response;
      await sleep(Math.min(this.pollIntervalMs, left));
    }
  }

  private async simulate(
    source: Account,
    contractId: string,
    method: string,
    args: xdr.ScVal[],
  ): Promise<{
    transaction: Transaction;
    simulation: rpc.Api.SimulateTransactionSuccessResponse;
  }> {
    const details = { operation: method };
    const transaction = new TransactionBuilder(source, {
      fee: BASE_FEE,
      networkPassphrase: this.networkPassphrase,
    })
      .addOperation(new Contract(contractId).call(method, ...args))
      .setTimeout(this.validitySeconds())
      .build();
    const simulation = await this.call(() => this.server.simulateTransaction(transaction), details);
    if (rpc.Api.isSimulationError(simulation)) throw simulationFailure(simulation.error, details);
    if (rpc.Api.isSimulationRestore(simulation)) {
      throw new SettldError(
        'VAULT_STATE_ARCHIVED',
        503,
        `${method} touches contract state that is archived: restore it (stellar contract restore) and retry`,
        details,
      );
    }
    return { transaction, simulation };
  }

  /** A transaction's validity window: past it, one that did not land never will. */
  private validitySeconds(): number {
    return Math.max(1, Math.ceil(this.timeoutMs / 1000));
  }

  /** The runner account's current sequence number, read from the ledger. */
  private async account(): Promise<Account> {
    const key = xdr.LedgerKey.account(new xdr.LedgerKeyAccount({ accountId: this.#keypair.xdrAccountId() }));
    const { entries } = await this.call(() => this.server.getLedgerEntries(key), {});
    const entry = entries[0];
    if (!entry) {
      throw new SettldError(
        'VAULT_RUNNER_ACCOUNT_MISSING',
        503,
        `The runner account ${this.runner} does not exist on this network: fund it first`,
        { runner: this.runner },
      );
    }
    return new Account(this.runner, entry.val.account().seqNum().toString());
  }

  private async call<T>(request: () => Promise<T>, details: Record<string, unknown>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw rpcFailure(error, this.endpoint, details);
    }
  }
}
