// When blocks are produced besides the ones transactions make: neard's block
// timer (a block every min_block_production_delay while the one validator
// approves its own blocks) and neard's sandbox fast forward
// (chain/client/src/client_actor.rs sandbox_process_fast_forward).

/** consensus.min/max_block_production_delay of config.json. */
export interface BlockProductionDelays {
  minMs: number;
  maxMs: number;
  /** nearcore's sandbox_delta_time per skipped height: the average of the two delays, in ns. */
  averageNs: bigint;
}

export function blockProductionDelays(minMs: number, maxMs: number): BlockProductionDelays {
  return { minMs, maxMs, averageNs: (BigInt(Math.round(minMs)) + BigInt(Math.round(maxMs))) * 1_000_000n / 2n };
}

/** `neard init`'s localnet values: core/chain-configs/src/lib.rs MIN_BLOCK_PRODUCTION_DELAY (600 ms)
 *  and nearcore/src/config.rs MAX_BLOCK_PRODUCTION_DELAY (2,000 ms); `--fast` is not offered. */
export const DEFAULT_BLOCK_PRODUCTION = blockProductionDelays(600, 2_000);

/** neard's RPC gives a fast forward an hour (jsonrpc/src/lib.rs sandbox_fast_forward); in that time
 *  its sandbox produces about this many real blocks (an hour at min_block_production_delay). */
const MAX_FAST_FORWARD_BLOCKS = 6_000;

export class FastForwardError extends Error {}

/**
 * The blocks a fast forward of `delta` from `height` produces, as height steps: 1 for an ordinary
 * block, n > 1 for a block n heights on (n - 1 skipped). As neard: within 3 heights of an epoch's
 * end, or at its first height, ordinary blocks are produced so the epoch switch happens as usual;
 * a jump that would cross the end stops 3 heights before it; the last block lands on the target,
 * or one past it when it is a jump (the block is produced at the height after the skipped ones).
 */
export function fastForwardSteps(height: bigint, delta: bigint, epochLength: bigint): bigint[] {
  if (epochLength <= 3n) throw new FastForwardError('Unsupported: fast_forward with an epoch length of 3 or less');
  const target = height + delta;
  const steps: bigint[] = [];
  let h = height;
  while (h < target) {
    if (steps.length >= MAX_FAST_FORWARD_BLOCKS) throw new FastForwardError('sandbox failed to fast forward within reasonable time of an hour');
    const inEpoch = h % epochLength;
    if (epochLength - inEpoch <= 3n || inEpoch === 0n) {
      steps.push(1n);
      h += 1n;
      continue;
    }
    const skipped = inEpoch + (target - h) >= epochLength ? epochLength - inEpoch - 3n : target - h;
    steps.push(skipped + 1n);
    h += skipped + 1n;
  }
  return steps;
}

/** The block timer: an empty block whenever the head is `minMs` old. Unref'd, so it never keeps
 *  a process alive; `stop` ends it. The chain is synchronous, so a timer block never interleaves
 *  with a transaction's blocks: it comes before or after them. */
export function startBlockTimer(chain: { producedAt: number; delays: BlockProductionDelays; produceTimerBlock(): unknown }): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const wait = chain.producedAt + chain.delays.minMs - Date.now();
    if (wait <= 0) {
      try {
        chain.produceTimerBlock();
      } catch (error) {
        console.error(`block timer: ${(error as Error).message}`);
      }
    }
    timer = setTimeout(tick, Math.max(wait <= 0 ? chain.delays.minMs : wait, 1));
    timer.unref();
  };
  tick();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
