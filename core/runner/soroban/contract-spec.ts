import { contract, xdr } from '@stellar/stellar-sdk';
import { VAULT_ERRORS } from '../vault.js';

/*
 * The interfaces of the PrepaidVault and agent registry contracts (DESIGN §4), built by hand: no
 * WASM is needed to call them. Soroban types, and why:
 * - accounts and contracts: `Address` (G… / C…);
 * - amounts (balances, caps, escrow, charge, refund, prices): `i128` in the token's minor units
 *   (stroops), the type of Soroban token amounts;
 * - agent ids and rate versions: `u32`; run ids: `u64` (a counter that must never wrap);
 * - meters (llm_in, llm_out, http_calls, runtime_ms): `u64`;
 * - times (expires_at, granted_at, opened_at): `u64` seconds since the epoch, the ledger's clock;
 * - the workload's output hash: `BytesN<32>` (sha-256).
 * Fallible functions return `Result<T, Error>` with the contract's error enum (VAULT_ERRORS; the
 * registry shares its numbering: AgentNotFound is #10 in both). Struct fields are listed in name
 * order: Soroban encodes a struct as a map whose keys must be sorted, and the SDK's Spec pairs the
 * map's entries with the fields by position.
 */

/** A struct of the spec as `Spec.scValToNative` returns it: integers above u32 come back as bigint. */
export interface NativeMeters {
  http_calls: bigint;
  llm_in: bigint;
  llm_out: bigint;
  runtime_ms: bigint;
}

export interface NativePrices {
  http_calls: bigint;
  llm_in: bigint;
  llm_out: bigint;
  runtime_ms: bigint;
}

export interface NativePolicy {
  daily_cap: bigint | null;
  paused: boolean;
  per_run_cap: bigint | null;
}

export interface NativeRunnerGrant {
  agent_id: number;
  expires_at: bigint | null;
  granted_at: bigint;
  runner: string;
  user: string;
}

export interface NativeRunReceipt {
  actual_charge: bigint;
  developer: string;
  refund: bigint;
  run_id: bigint;
}

export const RUN_STATUSES = ['Open', 'Finalized', 'Cancelled'] as const;
export type NativeRunStatus = (typeof RUN_STATUSES)[number];

export interface NativeRun {
  agent_id: number;
  budgets: NativeMeters;
  escrow: bigint;
  opened_at: bigint;
  output_hash: Buffer | null;
  rate_version: number;
  receipt: NativeRunReceipt | null;
  run_id: bigint;
  runner: string;
  status: { tag: NativeRunStatus };
  user: string;
}

export interface NativeAgent {
  developer: string;
  id: number;
  name: string;
  /** version → prices, as `[version, prices]` pairs (a `Map<u32, Prices>` on chain). */
  rate_cards: [number, NativePrices][];
  runners: string[];
}

const T = xdr.ScSpecTypeDef;
const type = {
  address: () => T.scSpecTypeAddress(),
  bool: () => T.scSpecTypeBool(),
  i128: () => T.scSpecTypeI128(),
  string: () => T.scSpecTypeString(),
  u32: () => T.scSpecTypeU32(),
  u64: () => T.scSpecTypeU64(),
  void: () => T.scSpecTypeVoid(),
  bytesN: (n: number) => T.scSpecTypeBytesN(new xdr.ScSpecTypeBytesN({ n })),
  option: (valueType: xdr.ScSpecTypeDef) => T.scSpecTypeOption(new xdr.ScSpecTypeOption({ valueType })),
  vec: (elementType: xdr.ScSpecTypeDef) => T.scSpecTypeVec(new xdr.ScSpecTypeVec({ elementType })),
  map: (keyType: xdr.ScSpecTypeDef, valueType: xdr.ScSpecTypeDef) =>
    T.scSpecTypeMap(new xdr.ScSpecTypeMap({ keyType, valueType })),
  udt: (name: string) => T.scSpecTypeUdt(new xdr.ScSpecTypeUdt({ name })),
  /** `Result<ok, Error>` with the contract's error enum. */
  result: (okType: xdr.ScSpecTypeDef) =>
    T.scSpecTypeResult(new xdr.ScSpecTypeResult({ okType, errorType: type.udt('Error') })),
};

type Fields = [name: string, type: xdr.ScSpecTypeDef][];

function struct(name: string, fields: Fields): xdr.ScSpecEntry {
  const names = fields.map(([field]) => field);
  if (names.join() !== [...names].sort().join())
    throw new Error(`struct ${name}: fields must be in name order`);
  return xdr.ScSpecEntry.scSpecEntryUdtStructV0(
    new xdr.ScSpecUdtStructV0({
      doc: '',
      lib: '',
      name,
      fields: fields.map(
        ([field, fieldType]) => new xdr.ScSpecUdtStructFieldV0({ doc: '', name: field, type: fieldType }),
      ),
    }),
  );
}

function unitUnion(name: string, cases: readonly string[]): xdr.ScSpecEntry {
  return xdr.ScSpecEntry.scSpecEntryUdtUnionV0(
    new xdr.ScSpecUdtUnionV0({
      doc: '',
      lib: '',
      name,
      cases: cases.map((unionCase) =>
        xdr.ScSpecUdtUnionCaseV0.scSpecUdtUnionCaseVoidV0(
          new xdr.ScSpecUdtUnionCaseVoidV0({ doc: '', name: unionCase }),
        ),
      ),
    }),
  );
}

function fn(name: string, inputs: Fields, output: xdr.ScSpecTypeDef): xdr.ScSpecEntry {
  return xdr.ScSpecEntry.scSpecEntryFunctionV0(
    new xdr.ScSpecFunctionV0({
      doc: '',
      name,
      inputs: inputs.map(
        ([input, inputType]) => new xdr.ScSpecFunctionInputV0({ doc: '', name: input, type: inputType }),
      ),
      outputs: output.switch().value === xdr.ScSpecType.scSpecTypeVoid().value ? [] : [output],
    }),
  );
}

const errorEnum = xdr.ScSpecEntry.scSpecEntryUdtErrorEnumV0(
  new xdr.ScSpecUdtErrorEnumV0({
    doc: '',
    lib: '',
    name: 'Error',
    cases: Object.entries(VAULT_ERRORS).map(
      ([name, value]) => new xdr.ScSpecUdtErrorEnumCaseV0({ doc: '', name, value }),
    ),
  }),
);

const meterFields = (meterType: () => xdr.ScSpecTypeDef): Fields => [
  ['http_calls', meterType()],
  ['llm_in', meterType()],
  ['llm_out', meterType()],
  ['runtime_ms', meterType()],
];

const receiptStruct = struct('RunReceipt', [
  ['actual_charge', type.i128()],
  ['developer', type.address()],
  ['refund', type.i128()],
  ['run_id', type.u64()],
]);

const pricesStruct = struct('Prices', meterFields(type.i128));

const userGrant: Fields = [
  ['user', type.address()],
  ['runner', type.address()],
  ['agent_id', type.u32()],
];

export const VAULT_SPEC = new contract.Spec([
  errorEnum,
  struct('Meters', meterFields(type.u64)),
  pricesStruct,
  struct('Policy', [
    ['daily_cap', type.option(type.i128())],
    ['paused', type.bool()],
    ['per_run_cap', type.option(type.i128())],
  ]),
  struct('RunnerGrant', [
    ['agent_id', type.u32()],
    ['expires_at', type.option(type.u64())],
    ['granted_at', type.u64()],
    ['runner', type.address()],
    ['user', type.address()],
  ]),
  receiptStruct,
  unitUnion('RunStatus', RUN_STATUSES),
  struct('Run', [
    ['agent_id', type.u32()],
    ['budgets', type.udt('Meters')],
    ['escrow', type.i128()],
    ['opened_at', type.u64()],
    ['output_hash', type.option(type.bytesN(32))],
    ['rate_version', type.u32()],
    ['receipt', type.option(type.udt('RunReceipt'))],
    ['run_id', type.u64()],
    ['runner', type.address()],
    ['status', type.udt('RunStatus')],
    ['user', type.address()],
  ]),
  fn(
    'deposit',
    [
      ['user', type.address()],
      ['amount', type.i128()],
    ],
    type.result(type.i128()),
  ),
  fn(
    'withdraw',
    [
      ['user', type.address()],
      ['amount', type.i128()],
    ],
    type.result(type.i128()),
  ),
  fn('balance', [['user', type.address()]], type.i128()),
  fn(
    'set_policy',
    [
      ['user', type.address()],
      ['per_run_cap', type.option(type.i128())],
      ['daily_cap', type.option(type.i128())],
      ['paused', type.bool()],
    ],
    type.result(type.void()),
  ),
  fn('get_policy', [['user', type.address()]], type.udt('Policy')),
  fn(
    'grant_runner',
    [...userGrant, ['expires_at', type.option(type.u64())]],
    type.result(type.udt('RunnerGrant')),
  ),
  fn('revoke_runner', userGrant, type.result(type.void())),
  fn('list_runner_grants', [['user', type.address()]], type.vec(type.udt('RunnerGrant'))),
  fn('is_runner_authorized', userGrant, type.bool()),
  fn(
    'open_run',
    [
      ['user', type.address()],
      ['caller', type.address()],
      ['agent_id', type.u32()],
      ['rate_version', type.u32()],
      ['budgets', type.udt('Meters')],
    ],
    type.result(type.u64()),
  ),
  fn(
    'finalize_run',
    [
      ['run_id', type.u64()],
      ['runner', type.address()],
      ['rate_version', type.u32()],
      ['usage', type.udt('Meters')],
      ['output_hash', type.bytesN(32)],
    ],
    type.result(type.udt('RunReceipt')),
  ),
  fn(
    'cancel_run',
    [
      ['run_id', type.u64()],
      ['caller', type.address()],
    ],
    type.result(type.i128()),
  ),
  fn('get_run', [['run_id', type.u64()]], type.result(type.udt('Run'))),
]);

export const REGISTRY_SPEC = new contract.Spec([
  errorEnum,
  pricesStruct,
  struct('Agent', [
    ['developer', type.address()],
    ['id', type.u32()],
    ['name', type.string()],
    ['rate_cards', type.map(type.u32(), type.udt('Prices'))],
    ['runners', type.vec(type.address())],
  ]),
  fn('get_agent', [['agent_id', type.u32()]], type.result(type.udt('Agent'))),
]);
