/**
 * Hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014): a timestamp that stays
 * close to the wall clock yet never goes backwards and is always after every timestamp it has
 * received, so "later" means "could have seen" even when devices' clocks disagree.
 *
 * The functions are pure; `HlcClock` is a small holder for one device's current value.
 */
import { AppError } from '../domain/errors';

export interface Hlc {
  /** Wall-clock milliseconds (the largest seen, never less than the last one). */
  readonly wall: number;
  /** Orders events within one millisecond, and events received from a clock ahead of ours. */
  readonly counter: number;
  /** Breaks ties between devices: two different nodes never produce equal timestamps. */
  readonly node: string;
}

const WALL_DIGITS = 15; // 1e15 ms is year 33,658
const COUNTER_DIGITS = 6;
const MAX_WALL = 10 ** WALL_DIGITS - 1;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
const NODE = /^[a-z0-9]{1,32}$/;
const STRING = /^(\d{15})-(\d{6})-([a-z0-9]{1,32})$/;

export function isHlcNode(node: string): boolean {
  return NODE.test(node);
}

function make(wall: number, counter: number, node: string): Hlc {
  // A counter that would need a seventh digit borrows a millisecond instead, so the string form
  // stays fixed-width (and so sortable) whatever happens.
  if (counter > MAX_COUNTER) return make(wall + 1, 0, node);
  if (!Number.isSafeInteger(wall) || wall < 0 || wall > MAX_WALL) throw new RangeError(`HLC wall time out of range: ${wall}`);
  return { wall, counter, node };
}

export function hlcZero(node: string): Hlc {
  if (!isHlcNode(node)) throw new RangeError(`HLC node must be 1-32 of [a-z0-9]: ${node}`);
  return { wall: 0, counter: 0, node };
}

/** A local event (a change, an upload): after `last`, and at least the wall clock. */
export function hlcNow(last: Hlc, wallMs: number): Hlc {
  const wall = Math.max(last.wall, Math.floor(wallMs));
  return make(wall, wall === last.wall ? last.counter + 1 : 0, last.node);
}

/** A timestamp read from another device: the result is after both `last` and `remote`. */
export function hlcReceive(last: Hlc, remote: Hlc, wallMs: number): Hlc {
  const wall = Math.max(last.wall, remote.wall, Math.floor(wallMs));
  let counter = 0;
  if (wall === last.wall && wall === remote.wall) counter = Math.max(last.counter, remote.counter) + 1;
  else if (wall === last.wall) counter = last.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  return make(wall, counter, last.node);
}

export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

/**
 * `000001718000000000-000003-k3j9…`: fixed-width fields, so plain string order (and so an S3
 * listing's key order) is clock order.
 */
export function formatHlc(t: Hlc): string {
  return `${String(t.wall).padStart(WALL_DIGITS, '0')}-${String(t.counter).padStart(COUNTER_DIGITS, '0')}-${t.node}`;
}

/** The shortest string that sorts before every timestamp at or after `wallMs`. */
export function hlcWallPrefix(wallMs: number): string {
  return String(Math.max(0, Math.floor(wallMs))).padStart(WALL_DIGITS, '0');
}

export function parseHlc(s: string): Hlc {
  const m = STRING.exec(s);
  if (!m) throw new AppError('SYNC_CORRUPT', `Not a clock value: ${s.slice(0, 80)}`);
  return { wall: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}

/** One device's clock. `wall` is injectable so tests can skew it. */
export class HlcClock {
  #last: Hlc;
  constructor(
    node: string,
    private readonly wall: () => number = Date.now,
    /** The largest timestamp this device issued before (kept by the caller across launches). */
    seed?: Hlc,
  ) {
    this.#last = seed ? { ...seed, node } : hlcZero(node);
    if (!isHlcNode(node)) throw new RangeError(`HLC node must be 1-32 of [a-z0-9]: ${node}`);
  }

  get node(): string {
    return this.#last.node;
  }

  get last(): Hlc {
    return this.#last;
  }

  now(): Hlc {
    return (this.#last = hlcNow(this.#last, this.wall()));
  }

  receive(remote: Hlc): Hlc {
    return (this.#last = hlcReceive(this.#last, remote, this.wall()));
  }
}
