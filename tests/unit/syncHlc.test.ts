import { describe, expect, it } from 'vitest';
import { rng } from './rng';
import { compareHlc, formatHlc, HlcClock, hlcNow, hlcReceive, hlcZero, parseHlc, type Hlc } from '../../src/sync/hlc';

const sign = (n: number) => Math.sign(n);

describe('hybrid logical clock', () => {
  it('formats fixed-width, parses back, and refuses malformed strings', () => {
    const t: Hlc = { wall: 1718000000123, counter: 7, node: 'dev1' };
    expect(formatHlc(t)).toBe('001718000000123-000007-dev1');
    expect(parseHlc(formatHlc(t))).toEqual(t);
    for (const bad of ['', '1718000000123-000007-dev1', '001718000000123-7-dev1', '001718000000123-000007-DEV', '001718000000123-000007-a.b'])
      expect(() => parseHlc(bad)).toThrow();
  });

  it('a counter that would overflow borrows a millisecond and stays fixed-width', () => {
    const t = hlcNow({ wall: 5, counter: 999_999, node: 'a' }, 0);
    expect(t).toEqual({ wall: 6, counter: 0, node: 'a' });
  });

  for (const seed of [1, 2, 3]) {
    it(`random operations on five skewed clocks keep every property (seed ${seed})`, () => {
      const r = rng(seed);
      const nodes = ['a', 'b', 'c9', 'dz', 'e0e0'];
      let real = 1_700_000_000_000;
      // Each clock has its own skew (up to ±10 minutes) and jitter that can run backwards.
      const skew = nodes.map(() => Math.floor((r() - 0.5) * 1_200_000));
      const state = nodes.map((n) => hlcZero(n));
      const issued: Hlc[] = [];
      for (let step = 0; step < 5000; step++) {
        real += Math.floor(r() * 3);
        const i = Math.floor(r() * nodes.length);
        const wall = real + skew[i]! - Math.floor(r() * 50);
        const before = state[i]!;
        let next: Hlc;
        if (r() < 0.5 || issued.length === 0) next = hlcNow(before, wall);
        else {
          const remote = issued[Math.floor(r() * issued.length)]!;
          next = hlcReceive(before, remote, wall);
          expect(compareHlc(next, remote)).toBe(1); // receive is after what it received
        }
        expect(compareHlc(next, before)).toBe(1); // monotonic
        expect(next.wall).toBeGreaterThanOrEqual(wall); // never behind the local wall clock
        state[i] = next;
        issued.push(next);
      }
      // Total order, and string order is clock order.
      const strings = new Set(issued.map(formatHlc));
      expect(strings.size).toBe(issued.length);
      for (let k = 0; k < 5000; k++) {
        const a = issued[Math.floor(r() * issued.length)]!;
        const b = issued[Math.floor(r() * issued.length)]!;
        const sa = formatHlc(a);
        const sb = formatHlc(b);
        expect(sign(compareHlc(a, b))).toBe(sign(sa < sb ? -1 : sa > sb ? 1 : 0));
        expect(compareHlc(a, b) + compareHlc(b, a)).toBe(0);
        expect(parseHlc(sa)).toEqual(a);
      }
      const sorted = [...issued].sort(compareHlc).map(formatHlc);
      expect(sorted).toEqual([...strings].sort());
    });
  }

  it('HlcClock uses its wall clock and a seed from an earlier launch', () => {
    let wall = 1000;
    const c = new HlcClock('x1', () => wall, { wall: 5000, counter: 3, node: 'old' });
    expect(c.now()).toEqual({ wall: 5000, counter: 4, node: 'x1' });
    wall = 6000;
    expect(c.now()).toEqual({ wall: 6000, counter: 0, node: 'x1' });
    expect(c.receive({ wall: 9000, counter: 2, node: 'y' })).toEqual({ wall: 9000, counter: 3, node: 'x1' });
  });
});
