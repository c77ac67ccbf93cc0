// JSON with u64/u128 bigints written as plain numbers, as neard writes gas and heights.
const MARK = '\u0000u64:';

export function stringify(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${MARK}${v}` : v));
  return text.replace(/"\\u0000u64:(\d+)"/g, '$1');
}
