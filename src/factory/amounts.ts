// yoctoNEAR amounts travel as decimal strings in JSON (u128 does not fit a JS number).
const U128_MAX = 2n ** 128n - 1n;

export const ONE_TERAGAS = 10n ** 12n;

/** The tutorial's default minimum deposit, 0.2 NEAR. */
export const DEFAULT_MIN_DEPOSIT = 2n * 10n ** 23n;

export function parseYocto(field: string, value: unknown): bigint {
  if (typeof value !== 'string' || !/^[0-9]{1,39}$/.test(value)) {
    throw new Error(`${field}: expected a yoctoNEAR amount as a decimal string, got ${JSON.stringify(value)}`);
  }
  const amount = BigInt(value);
  if (amount > U128_MAX) throw new Error(`${field}: ${value} does not fit in u128`);
  return amount;
}

export function parseGas(field: string, value: unknown): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^[0-9]{1,20}$/.test(text) || BigInt(text) >= 2n ** 64n) {
    throw new Error(`${field}: expected gas units as a decimal string, got ${JSON.stringify(value)}`);
  }
  return BigInt(text);
}
