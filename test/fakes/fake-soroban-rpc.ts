import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Address,
  FeeBumpTransaction,
  Keypair,
  nativeToScVal,
  scValToBigInt,
  StrKey,
  type Transaction,
  TransactionBuilder,
  xdr,
} from '@stellar/stellar-sdk';
import { VAULT_ERRORS, type VaultErrorName } from '../../core/runner/vault.js';

/*
 * A loopback Soroban JSON-RPC server, answering what @stellar/stellar-sdk's rpc.Server asks with
 * real XDR, in front of an in-memory model of the PrepaidVault contract and the agent registry
 * (DESIGN §4). Like the real network:
 * - simulateTransaction runs the call on a copy of the state: its return value, a footprint (the
 *   contract instance read-write for state-changing calls), the resource fee and one auth entry per
 *   `require_auth` (source-account credentials for the transaction's source, address credentials
 *   for anyone else), or `HostError: Error(Contract, #N)`;
 * - sendTransaction checks the envelope's signature against the source account, its sequence
 *   number, time bounds and Soroban data, and answers PENDING (or ERROR with a result code);
 * - a pending transaction is applied at the next ledger close, which happens after
 *   `pollsBeforeApply` NOT_FOUND answers to getTransaction: on the ledger's state of that moment
 *   (which may differ from the simulation's), with every `require_auth` checked again;
 * - getTransaction then answers SUCCESS or FAILED with the envelope, the result and a
 *   TransactionMeta v3 whose Soroban meta holds the return value.
 * Arguments are type-checked against the contract's interface as the host would (a struct is a map
 * with sorted symbol keys), so an adapter that encodes a call wrongly fails here as on chain.
 */

export const FAKE_NETWORK_PASSPHRASE = 'Standalone Network ; February 2017';
const PROTOCOL_VERSION = 23;
const MIN_RESOURCE_FEE = 90_000n;

const METER_KEYS = ['http_calls', 'llm_in', 'llm_out', 'runtime_ms'] as const;
export type MeterValues = Record<(typeof METER_KEYS)[number], bigint>;

export interface FakeGrant {
  user: string;
  runner: string;
  agentId: number;
  expiresAt: bigint | null;
  grantedAt: bigint;
}

export interface FakeRun {
  runId: bigint;
  user: string;
  runner: string;
  agentId: number;
  rateVersion: number;
  budgets: MeterValues;
  escrow: bigint;
  status: 'Open' | 'Finalized' | 'Cancelled';
  receipt: { actualCharge: bigint; refund: bigint; developer: string } | null;
  outputHash: Uint8Array | null;
  openedAt: bigint;
}

export interface FakeAgent {
  id: number;
  name: string;
  developer: string;
  runners: string[];
  rateCards: Map<number, MeterValues>;
}

export interface FakePolicy {
  perRunCap: bigint | null;
  dailyCap: bigint | null;
  paused: boolean;
}

/** The state of both contracts. The vault's token is modelled as wallets: deposits come from them, charges go to them. */
export class FakeLedgerState {
  vaultBalances = new Map<string, bigint>();
  wallets = new Map<string, bigint>();
  policies = new Map<string, FakePolicy>();
  grants: FakeGrant[] = [];
  runs = new Map<bigint, FakeRun>();
  nextRunId = 1n;
  escrowedByDay = new Map<string, bigint>();
  agents = new Map<number, FakeAgent>();

  clone(): FakeLedgerState {
    return Object.assign(new FakeLedgerState(), structuredClone({ ...this }));
  }
}

class ContractError extends Error {
  constructor(readonly number: number) {
    super(`Error(Contract, #${number})`);
  }
}

/** A host error that is not the contract's own (bad argument type, missing authorization). */
class HostError extends Error {}

class RpcMethodError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const fail = (name: VaultErrorName): never => {
  throw new ContractError(VAULT_ERRORS[name]);
};

// ——— the contracts' interface, as the host checks arguments ———

type ArgType = 'address' | 'i128' | 'u32' | 'u64' | 'bool' | 'i128?' | 'u64?' | 'meters' | 'bytes32';
type Native = string | bigint | number | boolean | null | MeterValues | Uint8Array;

const unexpectedType = () => new HostError('Error(Value, UnexpectedType)');

function decodeArg(value: xdr.ScVal, type: ArgType): Native {
  const kind = value.switch().name;
  if (type.endsWith('?')) return kind === 'scvVoid' ? null : decodeArg(value, type.slice(0, -1) as ArgType);
  switch (type) {
    case 'address':
      if (kind !== 'scvAddress') throw unexpectedType();
      return Address.fromScVal(value).toString();
    case 'i128':
      if (kind !== 'scvI128') throw unexpectedType();
      return scValToBigInt(value);
    case 'u64':
      if (kind !== 'scvU64') throw unexpectedType();
      return scValToBigInt(value);
    case 'u32':
      if (kind !== 'scvU32') throw unexpectedType();
      return value.u32();
    case 'bool':
      if (kind !== 'scvBool') throw unexpectedType();
      return value.b();
    case 'bytes32':
      if (kind !== 'scvBytes' || value.bytes().length !== 32) throw unexpectedType();
      return Uint8Array.from(value.bytes());
    case 'meters': {
      const entries = kind === 'scvMap' ? (value.map() ?? []) : [];
      const keys = entries.map((entry) =>
        entry.key().switch().name === 'scvSymbol' ? entry.key().sym().toString() : '',
      );
      if (keys.join() !== METER_KEYS.join()) throw new HostError('Error(Object, InvalidInput)');
      const meters = {} as MeterValues;
      entries.forEach(
        (entry, index) => (meters[METER_KEYS[index]!] = decodeArg(entry.val(), 'u64') as bigint),
      );
      return meters;
    }
    default:
      throw unexpectedType();
  }
}

const encode = {
  i128: (value: bigint) => nativeToScVal(value, { type: 'i128' }),
  u64: (value: bigint) => nativeToScVal(value, { type: 'u64' }),
  u32: (value: number) => xdr.ScVal.scvU32(value),
  bool: (value: boolean) => xdr.ScVal.scvBool(value),
  address: (address: string) => Address.fromString(address).toScVal(),
  option: <T>(value: T | null, encodeValue: (value: T) => xdr.ScVal) =>
    value === null ? xdr.ScVal.scvVoid() : encodeValue(value),
  /** A contracttype struct: a map with its symbol keys sorted, as the host requires. */
  struct: (fields: Record<string, xdr.ScVal>) =>
    xdr.ScVal.scvMap(
      Object.keys(fields)
        .sort()
        .map((key) => new xdr.ScMapEntry({ key: xdr.ScVal.scvSymbol(key), val: fields[key]! })),
    ),
  meters: (meters: MeterValues, encodeValue: (value: bigint) => xdr.ScVal) =>
    encode.struct(Object.fromEntries(METER_KEYS.map((key) => [key, encodeValue(meters[key])]))),
  grant: (grant: FakeGrant) =>
    encode.struct({
      agent_id: encode.u32(grant.agentId),
      expires_at: encode.option(grant.expiresAt, encode.u64),
      granted_at: encode.u64(grant.grantedAt),
      runner: encode.address(grant.runner),
      user: encode.address(grant.user),
    }),
  receipt: (runId: bigint, receipt: NonNullable<FakeRun['receipt']>) =>
    encode.struct({
      actual_charge: encode.i128(receipt.actualCharge),
      developer: encode.address(receipt.developer),
      refund: encode.i128(receipt.refund),
      run_id: encode.u64(runId),
    }),
};

interface Invocation {
  state: FakeLedgerState;
  /** The ledger's time, in seconds. */
  now: bigint;
  requireAuth: (address: string) => void;
}

interface ContractFunction {
  args: ArgType[];
  /** Changes state: its simulation has a read-write footprint. */
  writes: boolean;
  /** Reads the agent registry (cross-contract): the registry's instance is in its footprint. */
  readsRegistry?: boolean;
  call(invocation: Invocation, args: Native[]): xdr.ScVal;
}

const price = (meters: MeterValues, prices: MeterValues) =>
  METER_KEYS.reduce((sum, key) => sum + meters[key] * prices[key], 0n);

const dayOf = (now: bigint) => now / 86_400n;

function agentOf(state: FakeLedgerState, agentId: number): FakeAgent {
  return state.agents.get(agentId) ?? fail('AgentNotFound');
}

function grantOf(
  state: FakeLedgerState,
  user: string,
  runner: string,
  agentId: number,
): FakeGrant | undefined {
  return state.grants.find(
    (grant) => grant.user === user && grant.runner === runner && grant.agentId === agentId,
  );
}

function authorized(
  state: FakeLedgerState,
  now: bigint,
  user: string,
  runner: string,
  agentId: number,
): boolean {
  const grant = grantOf(state, user, runner, agentId);
  if (!grant || (grant.expiresAt !== null && grant.expiresAt <= now)) return false;
  return state.agents.get(agentId)?.runners.includes(runner) ?? false;
}

function runOf(state: FakeLedgerState, runId: bigint): FakeRun {
  return state.runs.get(runId) ?? fail('RunNotFound');
}

const balanceOf = (state: FakeLedgerState, user: string) => state.vaultBalances.get(user) ?? 0n;
const addTo = (map: Map<string, bigint>, key: string, amount: bigint) =>
  map.set(key, (map.get(key) ?? 0n) + amount);

const VAULT: Record<string, ContractFunction> = {
  deposit: {
    args: ['address', 'i128'],
    writes: true,
    call({ state, requireAuth }, [user, amount]) {
      const [from, value] = [user as string, amount as bigint];
      requireAuth(from);
      if (value <= 0n) fail('InvalidAmount');
      if ((state.wallets.get(from) ?? 0n) < value) fail('InsufficientBalance');
      addTo(state.wallets, from, -value);
      addTo(state.vaultBalances, from, value);
      return encode.i128(balanceOf(state, from));
    },
  },
  withdraw: {
    args: ['address', 'i128'],
    writes: true,
    call({ state, requireAuth }, [user, amount]) {
      const [to, value] = [user as string, amount as bigint];
      requireAuth(to);
      if (value <= 0n) fail('InvalidAmount');
      if (balanceOf(state, to) < value) fail('InsufficientBalance');
      addTo(state.vaultBalances, to, -value);
      addTo(state.wallets, to, value);
      return encode.i128(balanceOf(state, to));
    },
  },
  balance: {
    args: ['address'],
    writes: false,
    call: ({ state }, [user]) => encode.i128(balanceOf(state, user as string)),
  },
  set_policy: {
    args: ['address', 'i128?', 'i128?', 'bool'],
    writes: true,
    call({ state, requireAuth }, [user, perRunCap, dailyCap, paused]) {
      requireAuth(user as string);
      for (const cap of [perRunCap, dailyCap] as (bigint | null)[])
        if (cap !== null && cap < 0n) fail('InvalidAmount');
      state.policies.set(user as string, {
        perRunCap: perRunCap as bigint | null,
        dailyCap: dailyCap as bigint | null,
        paused: paused as boolean,
      });
      return xdr.ScVal.scvVoid();
    },
  },
  get_policy: {
    args: ['address'],
    writes: false,
    call({ state }, [user]) {
      const policy = state.policies.get(user as string) ?? { perRunCap: null, dailyCap: null, paused: false };
      return encode.struct({
        daily_cap: encode.option(policy.dailyCap, encode.i128),
        paused: encode.bool(policy.paused),
        per_run_cap: encode.option(policy.perRunCap, encode.i128),
      });
    },
  },
  grant_runner: {
    args: ['address', 'address', 'u32', 'u64?'],
    writes: true,
    readsRegistry: true,
    call({ state, now, requireAuth }, [user, runner, agentId, expiresAt]) {
      requireAuth(user as string);
      agentOf(state, agentId as number);
      const existing = grantOf(state, user as string, runner as string, agentId as number);
      if (existing) {
        if (existing.expiresAt === null || existing.expiresAt > now) fail('RunnerGrantExists');
        state.grants.splice(state.grants.indexOf(existing), 1);
      }
      const grant: FakeGrant = {
        user: user as string,
        runner: runner as string,
        agentId: agentId as number,
        expiresAt: expiresAt as bigint | null,
        grantedAt: now,
      };
      state.grants.push(grant);
      return encode.grant(grant);
    },
  },
  revoke_runner: {
    args: ['address', 'address', 'u32'],
    writes: true,
    call({ state, requireAuth }, [user, runner, agentId]) {
      requireAuth(user as string);
      const grant =
        grantOf(state, user as string, runner as string, agentId as number) ?? fail('RunnerGrantNotFound');
      state.grants.splice(state.grants.indexOf(grant), 1);
      return xdr.ScVal.scvVoid();
    },
  },
  list_runner_grants: {
    args: ['address'],
    writes: false,
    call: ({ state }, [user]) =>
      xdr.ScVal.scvVec(state.grants.filter((grant) => grant.user === user).map(encode.grant)),
  },
  is_runner_authorized: {
    args: ['address', 'address', 'u32'],
    writes: false,
    readsRegistry: true,
    call: ({ state, now }, [user, runner, agentId]) =>
      encode.bool(authorized(state, now, user as string, runner as string, agentId as number)),
  },
  open_run: {
    args: ['address', 'address', 'u32', 'u32', 'meters'],
    writes: true,
    readsRegistry: true,
    call({ state, now, requireAuth }, [userArg, callerArg, agentIdArg, rateVersionArg, budgetsArg]) {
      const [user, caller, agentId, rateVersion] = [userArg, callerArg, agentIdArg, rateVersionArg] as [
        string,
        string,
        number,
        number,
      ];
      const budgets = budgetsArg as MeterValues;
      requireAuth(caller);
      const policy = state.policies.get(user);
      if (policy?.paused) fail('PolicyPaused');
      const prices = agentOf(state, agentId).rateCards.get(rateVersion) ?? fail('InvalidRateVersion');
      if (caller !== user && !authorized(state, now, user, caller, agentId)) fail('UnauthorizedRunner');
      const escrow = price(budgets, prices);
      if (escrow <= 0n) fail('InvalidAmount');
      if (policy?.perRunCap != null && escrow > policy.perRunCap) fail('PerRunCapExceeded');
      const dayKey = `${user}:${dayOf(now)}`;
      const today = state.escrowedByDay.get(dayKey) ?? 0n;
      if (policy?.dailyCap != null && today + escrow > policy.dailyCap) fail('DailyCapExceeded');
      if (balanceOf(state, user) < escrow) fail('InsufficientBalance');
      addTo(state.vaultBalances, user, -escrow);
      state.escrowedByDay.set(dayKey, today + escrow);
      const runId = state.nextRunId++;
      state.runs.set(runId, {
        runId,
        user,
        runner: caller,
        agentId,
        rateVersion,
        budgets,
        escrow,
        status: 'Open',
        receipt: null,
        outputHash: null,
        openedAt: now,
      });
      return encode.u64(runId);
    },
  },
  finalize_run: {
    args: ['u64', 'address', 'u32', 'meters', 'bytes32'],
    writes: true,
    readsRegistry: true,
    call({ state, now, requireAuth }, [runId, runner, rateVersion, usageArg, outputHash]) {
      requireAuth(runner as string);
      const run = runOf(state, runId as bigint);
      const usage = usageArg as MeterValues;
      if (run.status !== 'Open') fail('RunNotOpen');
      if (run.runner !== runner) fail('Unauthorized');
      if (run.rateVersion !== rateVersion) fail('InvalidRateVersion');
      // The grant is checked again: after a revoke, an open run can only be cancelled.
      if (run.runner !== run.user && !authorized(state, now, run.user, run.runner, run.agentId)) {
        fail('UnauthorizedRunner');
      }
      if (METER_KEYS.some((key) => usage[key] > run.budgets[key])) fail('UsageExceedsBudget');
      const agent = agentOf(state, run.agentId);
      const prices = agent.rateCards.get(run.rateVersion) ?? fail('InvalidRateVersion');
      const charge = price(usage, prices) < run.escrow ? price(usage, prices) : run.escrow;
      const refund = run.escrow - charge;
      addTo(state.wallets, agent.developer, charge);
      addTo(state.vaultBalances, run.user, refund);
      run.status = 'Finalized';
      run.receipt = { actualCharge: charge, refund, developer: agent.developer };
      run.outputHash = outputHash as Uint8Array;
      return encode.receipt(run.runId, run.receipt);
    },
  },
  cancel_run: {
    args: ['u64', 'address'],
    writes: true,
    call({ state, requireAuth }, [runId, caller]) {
      requireAuth(caller as string);
      const run = runOf(state, runId as bigint);
      if (caller !== run.user && caller !== run.runner) fail('Unauthorized');
      if (run.status !== 'Open') fail('RunNotOpen');
      addTo(state.vaultBalances, run.user, run.escrow);
      run.status = 'Cancelled';
      return encode.i128(run.escrow);
    },
  },
  get_run: {
    args: ['u64'],
    writes: false,
    call({ state }, [runId]) {
      const run = runOf(state, runId as bigint);
      return encode.struct({
        agent_id: encode.u32(run.agentId),
        budgets: encode.meters(run.budgets, encode.u64),
        escrow: encode.i128(run.escrow),
        opened_at: encode.u64(run.openedAt),
        output_hash: encode.option(run.outputHash, (hash) => xdr.ScVal.scvBytes(Buffer.from(hash))),
        rate_version: encode.u32(run.rateVersion),
        receipt: encode.option(run.receipt, (receipt) => encode.receipt(run.runId, receipt)),
        run_id: encode.u64(run.runId),
        runner: encode.address(run.runner),
        status: xdr.ScVal.scvVec([xdr.ScVal.scvSymbol(run.status)]),
        user: encode.address(run.user),
      });
    },
  },
};

const REGISTRY: Record<string, ContractFunction> = {
  get_agent: {
    args: ['u32'],
    writes: false,
    call({ state }, [agentId]) {
      const agent = agentOf(state, agentId as number);
      const versions = [...agent.rateCards.keys()].sort((a, b) => a - b);
      return encode.struct({
        developer: encode.address(agent.developer),
        id: encode.u32(agent.id),
        name: xdr.ScVal.scvString(agent.name),
        rate_cards: xdr.ScVal.scvMap(
          versions.map(
            (version) =>
              new xdr.ScMapEntry({
                key: encode.u32(version),
                val: encode.meters(agent.rateCards.get(version)!, encode.i128),
              }),
          ),
        ),
        runners: xdr.ScVal.scvVec(agent.runners.map(encode.address)),
      });
    },
  },
};

// ——— the RPC ———

interface ContractCall {
  contractId: string;
  method: string;
  args: xdr.ScVal[];
  auth: xdr.SorobanAuthorizationEntry[];
}

interface Execution {
  state: FakeLedgerState;
  returnValue: xdr.ScVal;
  authRequired: string[];
  fn: ContractFunction;
}

/** A transaction the fake accepted (what a test inspects). */
export interface SubmittedTransaction {
  hash: string;
  /** '' and 'bump_sequence' for a classic BumpSequence. */
  contractId: string;
  method: string;
  args: xdr.ScVal[];
  source: string;
  sequence: bigint;
  resourceFee: bigint;
  readWrite: number;
  authEntries: number;
  status: 'PENDING' | 'SUCCESS' | 'FAILED';
}

interface Pending {
  submitted: SubmittedTransaction;
  transaction: Transaction;
  /** null: a classic BumpSequence. */
  call: ContractCall | null;
  /** The transaction's upper time bound in ledger seconds (0: none); past it, it is never applied. */
  maxTime: bigint;
  polls: number;
}

interface Applied {
  submitted: SubmittedTransaction;
  ledger: number;
  createdAt: number;
  envelopeXdr: string;
  resultXdr: string;
  resultMetaXdr: string;
}

export interface FakeSorobanRpcOptions {
  /** Accounts on the ledger (public keys): the runner's, at least. */
  accounts?: string[];
  /** The runners agent 1 lists in the registry. */
  runners?: string[];
  /** NOT_FOUND answers to getTransaction before a pending transaction is applied (default 1). */
  pollsBeforeApply?: number;
  /** The ledger's clock, epoch ms (default Date.now). */
  now?: () => number;
}

/** Agent 1's rate cards: version → price of a unit of each meter. */
export const AGENT_PRICES: Record<number, MeterValues> = {
  1: { http_calls: 50n, llm_in: 2n, llm_out: 8n, runtime_ms: 1n },
  2: { http_calls: 40n, llm_in: 1n, llm_out: 6n, runtime_ms: 1n },
};

function hash32(): Buffer {
  return randomBytes(32);
}

export class FakeSorobanRpc {
  state = new FakeLedgerState();
  readonly networkPassphrase = FAKE_NETWORK_PASSPHRASE;
  readonly vaultId = StrKey.encodeContract(hash32());
  readonly registryId = StrKey.encodeContract(hash32());
  /** Agent 1's developer, paid the charge of its runs. */
  readonly developer = Keypair.random().publicKey();
  readonly submitted: SubmittedTransaction[] = [];
  /** Every JSON-RPC method called, in order, and the raw bodies of the requests. */
  readonly calls: string[] = [];
  readonly bodies: string[] = [];
  private readonly accounts = new Map<string, bigint>();
  private readonly pending: Pending[] = [];
  private readonly applied = new Map<string, Applied>();
  private ledger = 1_000;
  private failNext = false;
  private runIdSkew = 0n;
  private held = false;
  private readonly wasmHash = hash32();
  /** The endpoint, kept after `close` so that a test can point an adapter at a dead RPC. */
  readonly url: string;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeSorobanRpcOptions,
  ) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc`;
    for (const account of options.accounts ?? []) this.accounts.set(account, BigInt(this.ledger) << 32n);
    this.state.agents.set(1, {
      id: 1,
      name: 'code-review',
      developer: this.developer,
      runners: [...(options.runners ?? options.accounts ?? [])],
      rateCards: new Map(Object.entries(AGENT_PRICES).map(([version, prices]) => [Number(version), prices])),
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.respond(Buffer.concat(chunks).toString('utf8'), res));
    });
  }

  static async start(options: FakeSorobanRpcOptions = {}): Promise<FakeSorobanRpc> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeSorobanRpc(server, options);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ——— test hooks ———

  /** Puts tokens in a wallet, from which `deposit` takes them. */
  mint(address: string, amount: bigint): void {
    addTo(this.state.wallets, address, amount);
  }

  /** Arranges a user's deposit directly on the ledger (as if they had signed it in their wallet). */
  credit(user: string, amount: bigint): void {
    addTo(this.state.vaultBalances, user, amount);
  }

  /** Arranges a grant directly on the ledger (as if the user had signed it). */
  grant(user: string, runner: string, agentId: number, expiresAt: bigint | null = null): void {
    this.state.grants.push({ user, runner, agentId, expiresAt, grantedAt: this.now() });
  }

  revoke(user: string, runner: string, agentId: number): void {
    this.state.grants = this.state.grants.filter(
      (grant) => !(grant.user === user && grant.runner === runner && grant.agentId === agentId),
    );
  }

  /** The next transaction applied fails on the ledger (FAILED, state unchanged, sequence consumed). */
  failNextTransaction(): void {
    this.failNext = true;
  }

  /** Before the next transaction is applied, `count` runs are opened elsewhere: the ledger's run id is not the simulation's. */
  advanceRunIdBeforeNextApply(count: number): void {
    this.runIdSkew = BigInt(count);
  }

  /** Stops closing ledgers: sent transactions stay pending (NOT_FOUND) until `closeLedger`. */
  holdLedger(): void {
    this.held = true;
  }

  /**
   * Closes a ledger now and resumes automatic closing: every pending transaction is applied in
   * order, except those past their time bounds, which are dropped (NOT_FOUND for good).
   */
  closeLedger(): void {
    this.held = false;
    this.ledger += 1;
    for (const pending of this.pending.splice(0)) {
      if (pending.maxTime === 0n || this.now() <= pending.maxTime) this.apply(pending);
    }
  }

  submittedCalls(method: string): SubmittedTransaction[] {
    return this.submitted.filter((transaction) => transaction.method === method);
  }

  // ——— the ledger ———

  private now(): bigint {
    return BigInt(Math.floor((this.options.now ?? Date.now)() / 1000));
  }

  private execute(state: FakeLedgerState, call: ContractCall): Execution {
    const contract =
      call.contractId === this.vaultId ? VAULT : call.contractId === this.registryId ? REGISTRY : null;
    if (!contract) throw new HostError('Error(Storage, MissingValue)');
    const fn = contract[call.method];
    if (!fn) throw new HostError('Error(WasmVm, MissingValue)');
    if (call.args.length !== fn.args.length) throw new HostError('Error(WasmVm, UnexpectedSize)');
    const args = call.args.map((arg, index) => decodeArg(arg, fn.args[index]!));
    const authRequired: string[] = [];
    const scratch = state.clone();
    const returnValue = fn.call(
      { state: scratch, now: this.now(), requireAuth: (address) => authRequired.push(address) },
      args,
    );
    return { state: scratch, returnValue, authRequired, fn };
  }

  private contractCall(transaction: Transaction): ContractCall {
    const operation = transaction.operations[0];
    if (transaction.operations.length !== 1 || operation?.type !== 'invokeHostFunction') {
      throw new RpcMethodError(-32602, 'expected one invokeHostFunction operation');
    }
    if (operation.func.switch() !== xdr.HostFunctionType.hostFunctionTypeInvokeContract()) {
      throw new RpcMethodError(-32602, 'expected a contract invocation');
    }
    const invocation = operation.func.invokeContract();
    return {
      contractId: Address.fromScAddress(invocation.contractAddress()).toString(),
      method: invocation.functionName().toString(),
      args: invocation.args(),
      auth: operation.auth ?? [],
    };
  }

  private parse(envelope: unknown): Transaction {
    if (typeof envelope !== 'string') throw new RpcMethodError(-32602, 'transaction: expected base64 XDR');
    const parsed = TransactionBuilder.fromXDR(envelope, this.networkPassphrase);
    if (parsed instanceof FeeBumpTransaction) throw new RpcMethodError(-32602, 'fee bumps are not modelled');
    return parsed;
  }

  private footprint(call: ContractCall, fn: ContractFunction): xdr.LedgerFootprint {
    const instance = (contractId: string) =>
      xdr.LedgerKey.contractData(
        new xdr.LedgerKeyContractData({
          contract: Address.fromString(contractId).toScAddress(),
          key: xdr.ScVal.scvLedgerKeyContractInstance(),
          durability: xdr.ContractDataDurability.persistent(),
        }),
      );
    const code = xdr.LedgerKey.contractCode(new xdr.LedgerKeyContractCode({ hash: this.wasmHash }));
    const readOnly = [code, ...(fn.readsRegistry ? [instance(this.registryId)] : [])];
    const own = instance(call.contractId);
    return fn.writes
      ? new xdr.LedgerFootprint({ readOnly, readWrite: [own] })
      : new xdr.LedgerFootprint({ readOnly: [...readOnly, own], readWrite: [] });
  }

  private simulate(params: { transaction?: unknown }): unknown {
    const transaction = this.parse(params.transaction);
    const call = this.contractCall(transaction);
    let execution: Execution;
    try {
      execution = this.execute(this.state, call);
    } catch (error) {
      if (!(error instanceof ContractError || error instanceof HostError)) throw error;
      return {
        latestLedger: this.ledger,
        error:
          `HostError: ${error.message}\n\nEvent log (newest first):\n` +
          `   0: [Diagnostic Event] contract:${call.contractId}, topics:[error, ${error.message}], ` +
          'data:"escalating error to VM trap from failed host function call: call"',
        events: [],
      };
    }
    const invocation = new xdr.SorobanAuthorizedInvocation({
      function: xdr.SorobanAuthorizedFunction.sorobanAuthorizedFunctionTypeContractFn(
        new xdr.InvokeContractArgs({
          contractAddress: Address.fromString(call.contractId).toScAddress(),
          functionName: call.method,
          args: call.args,
        }),
      ),
      subInvocations: [],
    });
    const auth = execution.authRequired.map(
      (address) =>
        new xdr.SorobanAuthorizationEntry({
          credentials:
            address === transaction.source
              ? xdr.SorobanCredentials.sorobanCredentialsSourceAccount()
              : xdr.SorobanCredentials.sorobanCredentialsAddress(
                  new xdr.SorobanAddressCredentials({
                    address: Address.fromString(address).toScAddress(),
                    nonce: new xdr.Int64(Number(this.ledger)),
                    signatureExpirationLedger: 0,
                    signature: xdr.ScVal.scvVoid(),
                  }),
                ),
          rootInvocation: invocation,
        }),
    );
    const transactionData = new xdr.SorobanTransactionData({
      ext: new xdr.SorobanTransactionDataExt(0),
      resources: new xdr.SorobanResources({
        footprint: this.footprint(call, execution.fn),
        instructions: 2_000_000,
        diskReadBytes: 4_096,
        writeBytes: execution.fn.writes ? 1_024 : 0,
      }),
      resourceFee: new xdr.Int64(Number(MIN_RESOURCE_FEE)),
    });
    return {
      latestLedger: this.ledger,
      minResourceFee: MIN_RESOURCE_FEE.toString(),
      transactionData: transactionData.toXDR('base64'),
      results: [
        { auth: auth.map((entry) => entry.toXDR('base64')), xdr: execution.returnValue.toXDR('base64') },
      ],
      events: [],
      cost: { cpuInsns: '2000000', memBytes: '100000' },
    };
  }

  private rejected(hash: string, code: xdr.TransactionResultResult): unknown {
    const result = new xdr.TransactionResult({
      feeCharged: new xdr.Int64(0),
      result: code,
      ext: new xdr.TransactionResultExt(0),
    });
    return {
      status: 'ERROR',
      hash,
      errorResultXdr: result.toXDR('base64'),
      latestLedger: this.ledger,
      latestLedgerCloseTime: String(this.now()),
    };
  }

  private send(params: { transaction?: unknown }): unknown {
    const transaction = this.parse(params.transaction);
    const hash = transaction.hash().toString('hex');
    const source = Keypair.fromPublicKey(transaction.source);
    const signed = transaction.signatures.some(
      (signature) =>
        signature.hint().equals(source.signatureHint()) &&
        source.verify(transaction.hash(), signature.signature()),
    );
    if (!signed) return this.rejected(hash, xdr.TransactionResultResult.txBadAuth());
    const maxTime = BigInt(transaction.timeBounds?.maxTime ?? '0');
    if (maxTime !== 0n && this.now() > maxTime) {
      return this.rejected(hash, xdr.TransactionResultResult.txTooLate());
    }
    const sequence = BigInt(transaction.sequence);
    const queued = this.pending.filter((pending) => pending.submitted.source === transaction.source).length;
    const current = this.accounts.get(transaction.source);
    if (current === undefined || sequence !== current + 1n + BigInt(queued)) {
      return this.rejected(hash, xdr.TransactionResultResult.txBadSeq());
    }
    // A classic BumpSequence (the adapter's no-op that spends a sequence number) has no Soroban data.
    const bump = transaction.operations.length === 1 && transaction.operations[0]?.type === 'bumpSequence';
    const call = bump ? null : this.contractCall(transaction);
    const ext = transaction.toEnvelope().v1().tx().ext();
    const sorobanData = ext.switch() === 1 ? ext.sorobanData() : null;
    const readWrite = sorobanData?.resources().footprint().readWrite().length ?? 0;
    const resourceFee = sorobanData ? BigInt(sorobanData.resourceFee().toString()) : 0n;
    if (call) {
      const writes = (call.contractId === this.vaultId ? VAULT : REGISTRY)[call.method]?.writes ?? false;
      if (!sorobanData || resourceFee < MIN_RESOURCE_FEE || (writes && readWrite === 0)) {
        return this.rejected(hash, xdr.TransactionResultResult.txSorobanInvalid());
      }
    }
    const submitted: SubmittedTransaction = {
      hash,
      contractId: call?.contractId ?? '',
      method: call?.method ?? 'bump_sequence',
      args: call?.args ?? [],
      source: transaction.source,
      sequence,
      resourceFee,
      readWrite,
      authEntries: call?.auth.length ?? 0,
      status: 'PENDING',
    };
    this.submitted.push(submitted);
    this.pending.push({ submitted, transaction, call, maxTime, polls: 0 });
    return { status: 'PENDING', hash, latestLedger: this.ledger, latestLedgerCloseTime: String(this.now()) };
  }

  /** Runs a contract call on the ledger's state; null when it fails (state unchanged). */
  private invoke(call: ContractCall, source: string): xdr.ScVal | null {
    try {
      const execution = this.execute(this.state, call);
      const sourceAuthorized = call.auth.some(
        (entry) =>
          entry.credentials().switch() === xdr.SorobanCredentialsType.sorobanCredentialsSourceAccount(),
      );
      if (!execution.authRequired.every((address) => address === source && sourceAuthorized)) return null;
      this.state = execution.state;
      return execution.returnValue;
    } catch (error) {
      if (error instanceof ContractError || error instanceof HostError) return null;
      throw error;
    }
  }

  /** Applies one transaction at the current ledger: its sequence is consumed whatever the outcome. */
  private apply({ submitted, transaction, call }: Pending): void {
    this.accounts.set(submitted.source, submitted.sequence);
    this.state.nextRunId += this.runIdSkew;
    this.runIdSkew = 0n;
    const failNext = this.failNext;
    this.failNext = false;
    const returnValue = failNext || !call ? null : this.invoke(call, submitted.source);
    const succeeded = !failNext && (call === null || returnValue !== null);
    submitted.status = succeeded ? 'SUCCESS' : 'FAILED';
    const operationResult = xdr.OperationResult.opInner(
      call
        ? xdr.OperationResultTr.invokeHostFunction(
            succeeded
              ? xdr.InvokeHostFunctionResult.invokeHostFunctionSuccess(hash32())
              : xdr.InvokeHostFunctionResult.invokeHostFunctionTrapped(),
          )
        : xdr.OperationResultTr.bumpSequence(xdr.BumpSequenceResult.bumpSequenceSuccess()),
    );
    const result = new xdr.TransactionResult({
      feeCharged: new xdr.Int64(Number(100n + submitted.resourceFee)),
      result: succeeded
        ? xdr.TransactionResultResult.txSuccess([operationResult])
        : xdr.TransactionResultResult.txFailed([operationResult]),
      ext: new xdr.TransactionResultExt(0),
    });
    const meta = new xdr.TransactionMeta(
      3,
      new xdr.TransactionMetaV3({
        ext: new xdr.ExtensionPoint(0),
        txChangesBefore: [],
        operations: [],
        txChangesAfter: [],
        sorobanMeta: returnValue
          ? new xdr.SorobanTransactionMeta({
              ext: new xdr.SorobanTransactionMetaExt(0),
              events: [],
              returnValue,
              diagnosticEvents: [],
            })
          : null,
      }),
    );
    this.applied.set(submitted.hash, {
      submitted,
      ledger: this.ledger,
      createdAt: Number(this.now()),
      envelopeXdr: transaction.toEnvelope().toXDR('base64'),
      resultXdr: result.toXDR('base64'),
      resultMetaXdr: meta.toXDR('base64'),
    });
  }

  private transactionStatus(params: { hash?: unknown }): unknown {
    const hash = String(params.hash);
    const pending = this.pending.find((candidate) => candidate.submitted.hash === hash);
    if (pending && !this.held && ++pending.polls > (this.options.pollsBeforeApply ?? 1)) this.closeLedger();
    const base = {
      txHash: hash,
      latestLedger: this.ledger,
      latestLedgerCloseTime: String(this.now()),
      oldestLedger: 1,
      oldestLedgerCloseTime: '0',
    };
    const applied = this.applied.get(hash);
    if (!applied) return { ...base, status: 'NOT_FOUND' };
    return {
      ...base,
      status: applied.submitted.status,
      applicationOrder: 1,
      feeBump: false,
      ledger: applied.ledger,
      createdAt: applied.createdAt,
      envelopeXdr: applied.envelopeXdr,
      resultXdr: applied.resultXdr,
      resultMetaXdr: applied.resultMetaXdr,
      events: { transactionEventsXdr: [], contractEventsXdr: [] },
    };
  }

  private ledgerEntries(params: { keys?: unknown }): unknown {
    const keys = Array.isArray(params.keys) ? (params.keys as string[]) : [];
    const entries = keys.flatMap((encoded) => {
      const key = xdr.LedgerKey.fromXDR(encoded, 'base64');
      if (key.switch() !== xdr.LedgerEntryType.account()) return [];
      const accountId = StrKey.encodeEd25519PublicKey(key.account().accountId().ed25519());
      const sequence = this.accounts.get(accountId);
      if (sequence === undefined) return [];
      const entry = xdr.LedgerEntryData.account(
        new xdr.AccountEntry({
          accountId: key.account().accountId(),
          balance: new xdr.Int64(10_000_0000000),
          seqNum: xdr.Int64.fromString(sequence.toString()),
          numSubEntries: 0,
          inflationDest: null,
          flags: 0,
          homeDomain: '',
          thresholds: Buffer.from([1, 0, 0, 0]),
          signers: [],
          ext: new xdr.AccountEntryExt(0),
        }),
      );
      return [{ key: encoded, xdr: entry.toXDR('base64'), lastModifiedLedgerSeq: this.ledger }];
    });
    return { entries, latestLedger: this.ledger };
  }

  private latestLedger(): unknown {
    const header = new xdr.LedgerHeader({
      ledgerVersion: PROTOCOL_VERSION,
      previousLedgerHash: Buffer.alloc(32),
      scpValue: new xdr.StellarValue({
        txSetHash: Buffer.alloc(32),
        closeTime: xdr.Uint64.fromString(this.now().toString()),
        upgrades: [],
        ext: xdr.StellarValueExt.stellarValueBasic(),
      }),
      txSetResultHash: Buffer.alloc(32),
      bucketListHash: Buffer.alloc(32),
      ledgerSeq: this.ledger,
      totalCoins: new xdr.Int64(0),
      feePool: new xdr.Int64(0),
      inflationSeq: 0,
      idPool: xdr.Uint64.fromString('0'),
      baseFee: 100,
      baseReserve: 5_000_000,
      maxTxSetSize: 100,
      skipList: [Buffer.alloc(32), Buffer.alloc(32), Buffer.alloc(32), Buffer.alloc(32)],
      ext: new xdr.LedgerHeaderExt(0),
    });
    const hash = Buffer.alloc(32, this.ledger % 256);
    const meta = new xdr.LedgerCloseMeta(
      0,
      new xdr.LedgerCloseMetaV0({
        ledgerHeader: new xdr.LedgerHeaderHistoryEntry({
          hash,
          header,
          ext: new xdr.LedgerHeaderHistoryEntryExt(0),
        }),
        txSet: new xdr.TransactionSet({ previousLedgerHash: Buffer.alloc(32), txes: [] }),
        txProcessing: [],
        upgradesProcessing: [],
        scpInfo: [],
      }),
    );
    return {
      id: hash.toString('hex'),
      sequence: this.ledger,
      protocolVersion: PROTOCOL_VERSION,
      closeTime: String(this.now()),
      headerXdr: header.toXDR('base64'),
      metadataXdr: meta.toXDR('base64'),
    };
  }

  private dispatch(method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'getHealth':
        return {
          status: 'healthy',
          latestLedger: this.ledger,
          oldestLedger: 1,
          ledgerRetentionWindow: 17_280,
        };
      case 'getNetwork':
        return { passphrase: this.networkPassphrase, protocolVersion: PROTOCOL_VERSION };
      case 'getLatestLedger':
        return this.latestLedger();
      case 'getLedgerEntries':
        return this.ledgerEntries(params);
      case 'simulateTransaction':
        return this.simulate(params);
      case 'sendTransaction':
        return this.send(params);
      case 'getTransaction':
        return this.transactionStatus(params);
      default:
        throw new RpcMethodError(-32601, `method not found: ${method}`);
    }
  }

  private respond(body: string, res: ServerResponse): void {
    let id: unknown = null;
    let answer: Record<string, unknown>;
    this.bodies.push(body);
    try {
      const request = JSON.parse(body) as { id?: unknown; method?: unknown; params?: unknown };
      id = request.id ?? null;
      const method = String(request.method);
      this.calls.push(method);
      const params = (request.params ?? {}) as Record<string, unknown>;
      answer = { result: this.dispatch(method, params) };
    } catch (error) {
      const code = error instanceof RpcMethodError ? error.code : -32603;
      answer = { error: { code, message: (error as Error).message } };
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id, ...answer }));
  }
}
