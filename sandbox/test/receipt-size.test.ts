// max_receipt_size (4 MiB, 69.yaml) for the receipts a contract creates, and an empty
// method name in a promise (EmptyMethodName), through
// near-api-js 7: verifier.rs validate_receipt (NewReceipt mode) fails the call with
// NewReceiptValidationError(ReceiptSizeExceeded { size, limit }) when borsh(receipt)
// is over the limit. The receipt's size is computed here from nearcore's structs.
import { actions, KeyPair } from 'near-api-js';
import { accountOn, type Outcome } from '../../client/near.ts';
import { ROOT_ACCOUNT } from '../chain/genesis.ts';
import { testAtVersions, type Signer, type VersionNode } from './version-nodes.ts';
import { assemble, I64, op } from './gas/wasm.ts';

const { createAccount, transfer, addFullAccessKey, deployContract, functionCall } = actions;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const VERSIONS = [78, 85];

type Node = VersionNode;
const test = testAtVersions(VERSIONS);

const send = (node: Node, signer: Signer, receiverId: string, acts: ReturnType<typeof transfer>[]): Promise<Outcome> =>
  accountOn(node.server.url, signer.accountId, signer.secretKey).signAndSendTransaction({ receiverId, actions: acts, throwOnFailure: false, waitUntil: 'FINAL' });

const IMPORTS = [
  { name: 'input', params: [I64] },
  { name: 'read_register', params: [I64, I64] },
  { name: 'register_len', params: [I64], results: [I64] },
  { name: 'current_account_id', params: [I64] },
  { name: 'promise_batch_create', params: [I64, I64], results: [I64] },
  { name: 'promise_batch_action_function_call', params: [I64, I64, I64, I64, I64, I64, I64] },
];
const F = Object.fromEntries(IMPORTS.map((i, n) => [i.name, n])) as Record<string, number>;
const AT = { length: 0, zero: 16, method: 40, self: 64, args: 1024 };
const CALL_GAS = 5n * TGAS;

/** `big`: input = u64 L; a receipt to itself calling `m` with L bytes of arguments (zeros from memory). */
function contract(): Uint8Array {
  const data = Buffer.alloc(64);
  data.write('m', AT.method);
  return assemble({ imports: IMPORTS, data, functions: [
    { export: 'big', locals: [I64, I64], body: [
      op.i64(0), op.call(F.input), op.i64(0), op.i64(AT.length), op.call(F.read_register),
      op.i64(1), op.call(F.current_account_id), op.i64(1), op.i64(AT.self), op.call(F.read_register),
      op.i64(1), op.call(F.register_len), op.i64(AT.self), op.call(F.promise_batch_create), op.localSet(0),
      op.localGet(0), op.i64(1), op.i64(AT.method), op.i32(AT.length), [0x29, 3, 0] /* i64.load */, op.i64(AT.args), op.i64(AT.zero), op.i64(CALL_GAS), op.call(F.promise_batch_action_function_call),
    ] },
    { export: 'm', body: [] },
    // A function call with an empty method name: logic.rs refuses it at once (EmptyMethodName).
    { export: 'empty', locals: [I64], body: [
      op.i64(1), op.call(F.current_account_id), op.i64(1), op.i64(AT.self), op.call(F.read_register),
      op.i64(1), op.call(F.register_len), op.i64(AT.self), op.call(F.promise_batch_create), op.localSet(0),
      op.localGet(0), op.i64(0), op.i64(AT.method), op.i64(0), op.i64(AT.args), op.i64(AT.zero), op.i64(CALL_GAS), op.call(F.promise_batch_action_function_call),
    ] },
  ] });
}

const str = (s: string) => 4 + Buffer.byteLength(s);
/** borsh(Receipt::V0 { predecessor_id, receiver_id, receipt_id, ReceiptEnum::ActionV2(ActionReceiptV2 { signer_id,
 *  refund_to: None, signer_public_key (ed25519), gas_price, output_data_receivers: [], input_data_ids: [],
 *  actions: [FunctionCall { method_name, args, gas, deposit }] }) }), without the arguments' bytes. */
const overhead = (id: string) => str(id) + str(id) + 32 + 1 + (str(id) + 1 + 33 + 16 + 4 + 4 + 4 + (1 + str('m') + 4 + 8 + 16));

for (const version of VERSIONS) {
  test.serial(`${version}: a receipt a contract creates may be max_receipt_size bytes, not one more (ReceiptSizeExceeded)`, async (t) => {
    const node = t.context[version];
    const limit = node.p.max_receipt_size;
    t.is(limit, 4_194_304n);
    const self: Signer = { accountId: `big${version}.${ROOT_ACCOUNT}`, secretKey: node.root.secretKey };
    const publicKey = KeyPair.fromString(node.root.secretKey as `ed25519:${string}`).getPublicKey();
    await send(node, node.root, self.accountId, [createAccount(), transfer(50n * NEAR), addFullAccessKey(publicKey), deployContract(contract())]);
    const call = (length: bigint) => {
      const args = Buffer.alloc(8);
      args.writeBigUInt64LE(length);
      return send(node, self, self.accountId, [functionCall('big', args, 300n * TGAS)]);
    };
    const fits = limit - BigInt(overhead(self.accountId));
    const atLimit = await call(fits);
    t.deepEqual(atLimit.status, { SuccessValue: '' });
    t.is(atLimit.receipts_outcome.length >= 2, true, 'the 4 MiB receipt was created and ran');
    const over = await call(fits + 1n);
    t.deepEqual(over.status, { Failure: { ActionError: { index: 0, kind: { NewReceiptValidationError: { ReceiptSizeExceeded: { size: Number(limit) + 1, limit: Number(limit) } } } } } });
    const empty = await send(node, self, self.accountId, [functionCall('empty', new Uint8Array(), 30n * TGAS)]);
    t.deepEqual(empty.status, { Failure: { ActionError: { index: 0, kind: { FunctionCallError: { ExecutionError: 'Tried to call an empty method name.' } } } } });
  });
}
