const YOCTO_PER_NEAR = 10n ** 24n;

/** "1.5" NEAR -> yoctoNEAR, exactly (no floating point). */
export function nearToYocto(near: string): bigint {
  const [whole, fraction = ''] = near.split('.');
  if (!/^\d+$/.test(whole) || !/^\d{0,24}$/.test(fraction)) throw new Error(`not a NEAR amount: ${near}`);
  return BigInt(whole) * YOCTO_PER_NEAR + BigInt(fraction.padEnd(24, '0'));
}
