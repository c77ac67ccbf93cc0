// nearcore's texts for a failed function call, from the VM's error kinds
// (sandbox/vm/types.ts). Two renderings, as neard has them:
// - Display (runtime/near-vm-runner/src/logic/errors.rs `impl Display`), which
//   an outcome carries in `FunctionCallError.ExecutionError`
//   (runtime/runtime/src/conversions.rs collapses host errors and traps to it);
// - Rust's Debug, which a failed view call answers in `result.error` as
//   "wasm execution failed with error: {:?}" (runtime/runtime/src/state_viewer/mod.rs),
//   the text near-api-js matches to its typed errors.
import type { FunctionCallError, HostError } from '../vm/types.ts';

/** WasmTrap's Display (logic/errors.rs `impl fmt::Display for WasmTrap`). */
const TRAP_TEXT: Readonly<Record<string, string>> = {
  Unreachable: 'An `unreachable` opcode was executed.',
  IncorrectCallIndirectSignature: 'Call indirect incorrect signature trap.',
  MemoryOutOfBounds: 'Memory out of bounds trap.',
  CallIndirectOOB: 'Call indirect out of bounds trap.',
  IllegalArithmetic: 'An arithmetic exception, e.g. divided by zero.',
  MisalignedAtomicAccess: 'Misaligned atomic access trap.',
  GenericTrap: 'Generic trap.',
  StackOverflow: 'Stack overflow.',
  IndirectCallToNull: 'Indirect call to null.',
};

/** HostError's Display (logic/errors.rs `impl std::fmt::Display for HostError`). */
export function hostErrorDisplay(e: HostError): string {
  switch (e.kind) {
    case 'BadUTF8': return 'String encoding is bad UTF-8 sequence.';
    case 'BadUTF16': return 'String encoding is bad UTF-16 sequence.';
    case 'GasExceeded': return 'Exceeded the prepaid gas.';
    case 'GasLimitExceeded': return 'Exceeded the maximum amount of gas allowed to burn per contract.';
    case 'BalanceExceeded': return 'Exceeded the account balance.';
    case 'GuestPanic': return `Smart contract panicked: ${e.panicMsg}`;
    case 'IntegerOverflow': return 'Integer overflow.';
    case 'InvalidPromiseIndex': return `${e.promiseIdx} does not correspond to existing promises`;
    case 'CannotAppendActionToJointPromise': return 'Actions can only be appended to non-joint promise.';
    case 'CannotReturnJointPromise': return 'Returning joint promise is currently prohibited.';
    case 'CannotSetRefundToOnJointPromise': return 'Setting refund_to on a joint promise is prohibited.';
    case 'InvalidActionIndex': return `Action ${e.actionIndex} in receipt ${e.receiptIndex} does not exist or has the wrong type of action.`;
    case 'DataEntryAlreadyExists': return 'Data entry for given key already exists';
    case 'InvalidPromiseResultIndex': return `Accessed invalid promise result index: ${e.resultIdx}`;
    case 'InvalidRegisterId': return `Accessed invalid register id: ${e.registerId}`;
    case 'MemoryAccessViolation': return 'Accessed memory outside the bounds.';
    case 'InvalidAccountId': return 'VM Logic returned an invalid account id';
    case 'InvalidMethodName': return 'VM Logic returned an invalid method name';
    case 'InvalidPublicKey': return 'VM Logic provided an invalid public key';
    case 'ProhibitedInView': return `${e.methodName} is not allowed in view calls`;
    case 'NumberOfLogsExceeded': return `The number of logs will exceed the limit ${e.limit}`;
    case 'KeyLengthExceeded': return `The length of a storage key ${e.length} exceeds the limit ${e.limit}`;
    case 'ValueLengthExceeded': return `The length of a storage value ${e.length} exceeds the limit ${e.limit}`;
    case 'TotalLogLengthExceeded': return `The length of a log message ${e.length} exceeds the limit ${e.limit}`;
    case 'NumberPromisesExceeded': return `The number of promises within a FunctionCall ${e.numberOfPromises} exceeds the limit ${e.limit}`;
    case 'NumberInputDataDependenciesExceeded': return `The number of input data dependencies ${e.numberOfInputDataDependencies} exceeds the limit ${e.limit}`;
    case 'ReturnedValueLengthExceeded': return `The length of a returned value ${e.length} exceeds the limit ${e.limit}`;
    case 'ContractSizeExceeded': return `The size of a contract code in DeployContract action ${e.size} exceeds the limit ${e.limit}`;
    case 'Deprecated': return `Attempted to call deprecated host function ${e.methodName}`;
    case 'AltBn128InvalidInput': return `AltBn128 invalid input: ${e.msg}`;
    case 'ECRecoverError': return `ECDSA recover error: ${e.msg}`;
    case 'Ed25519VerifyInvalidInput': return `ED25519 signature verification error: ${e.msg}`;
    case 'P256VerifyInvalidInput': return `P256 signature verification error: ${e.msg}`;
    case 'BLS12381InvalidInput': return `BLS12-381 invalid input: ${e.msg}`;
    case 'ContractCodeHashMalformed': return 'contract code hash is malformed';
    case 'EmptyMethodName': return 'Tried to call an empty method name.';
    case 'YieldPayloadLength': return `Yield resume payload is ${e.length} bytes which exceeds the ${e.limit} byte limit`;
    case 'DataIdMalformed': return 'yield resumption token is malformed';
    case 'YieldIdMalformed': return 'yield id is malformed';
    // Not a nearcore kind: a host function this node does not implement.
  }
}

/** FunctionCallError's Display, as an outcome's ExecutionError carries it (conversions.rs adds "Link Error: "). */
export function functionCallErrorDisplay(e: FunctionCallError): string {
  switch (e.kind) {
    case 'HostError': return hostErrorDisplay(e.error);
    case 'WasmTrap': return `WebAssembly trap: ${TRAP_TEXT[e.trap] ?? TRAP_TEXT.GenericTrap}`;
    case 'MethodResolveError': return e.error;
    case 'LinkError': return `Link Error: ${e.message}`;
    case 'CompilationError': return e.message;
    case 'ExecutionError': return e.message;
  }
}

/** Rust's `{:?}` of a string: quoted, with `"`, `\` and control characters escaped. */
export function rustDebugString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\0') out += '\\0';
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `{:?}` of a struct variant: `Name { field: value, ... }`, fields in nearcore's declaration order. */
const debugStruct = (name: string, fields: Array<[string, string]>) => `${name} { ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;

function hostErrorDebug(e: HostError): string {
  const s = rustDebugString;
  switch (e.kind) {
    case 'GuestPanic': return debugStruct('GuestPanic', [['panic_msg', s(e.panicMsg)]]);
    case 'InvalidPromiseIndex': return debugStruct('InvalidPromiseIndex', [['promise_idx', `${e.promiseIdx}`]]);
    case 'InvalidPromiseResultIndex': return debugStruct('InvalidPromiseResultIndex', [['result_idx', `${e.resultIdx}`]]);
    case 'InvalidRegisterId': return debugStruct('InvalidRegisterId', [['register_id', `${e.registerId}`]]);
    case 'ProhibitedInView': return debugStruct('ProhibitedInView', [['method_name', s(e.methodName)]]);
    case 'NumberOfLogsExceeded': return debugStruct('NumberOfLogsExceeded', [['limit', `${e.limit}`]]);
    case 'KeyLengthExceeded':
    case 'ValueLengthExceeded':
    case 'TotalLogLengthExceeded':
    case 'ReturnedValueLengthExceeded':
    case 'YieldPayloadLength':
      return debugStruct(e.kind, [['length', `${e.length}`], ['limit', `${e.limit}`]]);
    case 'NumberPromisesExceeded': return debugStruct(e.kind, [['number_of_promises', `${e.numberOfPromises}`], ['limit', `${e.limit}`]]);
    case 'NumberInputDataDependenciesExceeded': return debugStruct(e.kind, [['number_of_input_data_dependencies', `${e.numberOfInputDataDependencies}`], ['limit', `${e.limit}`]]);
    case 'ContractSizeExceeded': return debugStruct(e.kind, [['size', `${e.size}`], ['limit', `${e.limit}`]]);
    case 'Deprecated': return debugStruct(e.kind, [['method_name', s(e.methodName)]]);
    case 'AltBn128InvalidInput':
    case 'ECRecoverError':
    case 'Ed25519VerifyInvalidInput':
    case 'P256VerifyInvalidInput':
    case 'BLS12381InvalidInput':
      return debugStruct(e.kind, [['msg', s(e.msg)]]);
    case 'InvalidActionIndex': return debugStruct(e.kind, [['receipt_index', `${e.receiptIndex}`], ['action_index', `${e.actionIndex}`]]);
    default: return e.kind;
  }
}

/** FunctionCallError's Debug (near-vm-runner's enum, derived). */
export function functionCallErrorDebug(e: FunctionCallError): string {
  switch (e.kind) {
    case 'HostError': return `HostError(${hostErrorDebug(e.error)})`;
    case 'WasmTrap': return `WasmTrap(${e.trap in TRAP_TEXT ? e.trap : 'GenericTrap'})`;
    case 'MethodResolveError': return `MethodResolveError(${e.error})`;
    case 'LinkError': return debugStruct('LinkError', [['msg', rustDebugString(e.message)]]);
    case 'CompilationError': {
      const prepare = /^PrepareError: (\w+)$/.exec(e.message);
      return prepare ? `CompilationError(PrepareError(${prepare[1]}))` : `CompilationError(WasmerCompileError { msg: ${rustDebugString(e.message)} })`;
    }
    case 'ExecutionError': return debugStruct('WasmUnknownError', [['msg', rustDebugString(e.message)]]);
  }
}

/** What neard answers in `result.error` for a view call that failed in the VM. */
export const viewCallErrorText = (e: FunctionCallError) => `wasm execution failed with error: ${functionCallErrorDebug(e)}`;

/** The same for a view call on an account without code (the VM's CompilationError::CodeDoesNotExist). */
export const codeDoesNotExistText = (accountId: string) =>
  `wasm execution failed with error: CompilationError(CodeDoesNotExist { account_id: ${rustDebugString(accountId)} })`;
