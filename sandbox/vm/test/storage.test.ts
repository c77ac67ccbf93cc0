// Storage host functions: nearcore's ext costs (logic.rs) and trie-node gas
// (ext.rs: writes and removes look the key up through the trie unless this
// receipt already wrote it; reads use flat storage), and the trie model's
// node paths. Expected figures come from nearcore's parameters, not the VM.
import test from 'ava';
import { resolveParameters } from '../../params/resolve.ts';
import { runtimeConfig } from '../../params/runtime-config.ts';
import { assemble, chargedOps, frameSize, I64, op, type Func } from '../../test/gas/wasm.ts';
import { createVM } from '../index.ts';
import { NibbleTrie } from '../trie-nodes.ts';
import type { StorageReader, TrieAccounting } from '../types.ts';
import { code, context, MemoryStorage } from './context.ts';

test('the trie model visits branch, extension and leaf nodes as a Merkle-Patricia trie over nibbles does', (t) => {
  const k = (h: string) => Buffer.from(h, 'hex');
  // Root branch on the first nibble (1, 7); under 1: extension "2", branch at "12" (children 3, 5), leaves.
  const trie = new NibbleTrie([k('1234'), k('1256'), k('7a')]);
  t.deepEqual(trie.nodesOnPath(k('1234')), ['branch:', 'extension:1', 'branch:12', 'leaf:123']);
  t.deepEqual(trie.nodesOnPath(k('7a')), ['branch:', 'leaf:7']);
  t.deepEqual(trie.nodesOnPath(k('1299')), ['branch:', 'extension:1', 'branch:12'], 'a missing key stops at the branch without its child');
  // A key that is a prefix of another ends at a branch holding its value.
  t.deepEqual(new NibbleTrie([k('12'), k('1234')]).nodesOnPath(k('12')), ['extension:', 'branch:12']);
});

const KEY = 'key1';
const VALUE = 'value';
const IMPORTS = [
  { name: 'storage_write', params: [I64, I64, I64, I64, I64], results: [I64] },
  { name: 'storage_read', params: [I64, I64, I64], results: [I64] },
  { name: 'storage_remove', params: [I64, I64, I64], results: [I64] },
  { name: 'storage_has_key', params: [I64, I64], results: [I64] },
];
const write = [op.i64(KEY.length), op.i64(0), op.i64(VALUE.length), op.i64(16), op.i64(0), op.call(0), op.drop];
const read = [op.i64(KEY.length), op.i64(0), op.i64(1), op.call(1), op.drop];
const remove = [op.i64(KEY.length), op.i64(0), op.i64(2), op.call(2), op.drop];
const has = [op.i64(KEY.length), op.i64(0), op.call(3), op.drop];
const METHODS: Record<string, Func> = {
  write_twice: { export: 'write_twice', body: [...write, ...write] },
  read_has_remove: { export: 'read_has_remove', body: [...read, ...has, ...remove] },
};
const data = new Uint8Array(32);
data.set(Buffer.from(KEY), 0);
data.set(Buffer.from(VALUE), 16);
const CONTRACT = code(assemble({ imports: IMPORTS, functions: Object.values(METHODS), data }));

for (const version of [78, 85]) {
  test(`${version}: storage_write, _read, _has_key and _remove charge nearcore's ext costs and trie nodes`, (t) => {
    const p = resolveParameters(version);
    const vm = createVM(runtimeConfig(version));
    const k = BigInt(KEY.length);
    const v = BigInt(VALUE.length);
    const readMemory = (n: bigint) => p.wasm_read_memory_base + p.wasm_read_memory_byte * n;
    const register = (n: bigint) => p.wasm_write_register_base + p.wasm_write_register_byte * n;
    const wasm = (f: Func) => p.wasm_contract_loading_base + p.wasm_contract_loading_bytes * BigInt(CONTRACT.code.length)
      + BigInt(Math.floor((frameSize([], []) + 7) / 8)) * p.wasm_regular_op_cost + BigInt(chargedOps(f.body)) * p.wasm_regular_op_cost;
    const writeCost = (evicted: bigint | null) => p.wasm_base + p.wasm_storage_write_base + readMemory(k) + readMemory(v)
      + p.wasm_storage_write_key_byte * k + p.wasm_storage_write_value_byte * v + (evicted === null ? 0n : p.wasm_storage_write_evicted_byte * evicted + register(evicted));

    // The key's path has three nodes; one of them was already touched in this chunk.
    const touched = new Set(['root']);
    const trie: TrieAccounting = { nodesOnPath: () => ['root', 'middle', 'leaf'], touched };
    const storage = new MemoryStorage();
    const reader: StorageReader = { get: (key) => storage.get(key), trie };
    const first = vm.runFunction(CONTRACT, 'write_twice', context({}), reader);
    t.is(first.aborted, undefined);
    // First write: 1 cached + 2 touched nodes; the second write finds the key in this receipt's changes: no node.
    const ttn = p.wasm_read_cached_trie_node + 2n * p.wasm_touching_trie_node;
    t.is(first.burntGas, wasm(METHODS.write_twice) + writeCost(null) + ttn + writeCost(v));
    t.deepEqual([...touched], ['root', 'middle', 'leaf']);
    storage.apply(first.storageChanges);

    const second = vm.runFunction(CONTRACT, 'read_has_remove', context({}), reader);
    t.is(second.aborted, undefined);
    // Reads and has_key use flat storage (flat_storage_reads): no trie node. The remove touches three cached nodes.
    t.true(p.flat_storage_reads);
    const readCost = p.wasm_base + p.wasm_storage_read_base + readMemory(k) + p.wasm_storage_read_key_byte * k + p.wasm_storage_read_value_byte * v + register(v);
    const hasCost = p.wasm_base + p.wasm_storage_has_key_base + readMemory(k) + p.wasm_storage_has_key_byte * k;
    const removeCost = p.wasm_base + p.wasm_storage_remove_base + readMemory(k) + p.wasm_storage_remove_key_byte * k
      + 3n * p.wasm_read_cached_trie_node + p.wasm_storage_remove_ret_value_byte * v + register(v);
    t.is(second.burntGas, wasm(METHODS.read_has_remove) + readCost + hasCost + removeCost);
    t.is(p.wasm_storage_read_base, 56_356_845_749n);
    t.is(p.wasm_storage_read_value_byte, 5_611_004n);
    t.is(p.wasm_touching_trie_node, version >= 82 ? 2_280_000_000n : 16_101_955_926n);
  });
}
