/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32), so that demo data and injected
 * faults are reproducible from a seed. Not for cryptography.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One element of a non-empty array. */
  pick<A>(items: ReadonlyArray<A>): A
  /** One element chosen with the given weights (same length as items). */
  weighted<A>(items: ReadonlyArray<A>, weights: ReadonlyArray<number>): A
  /** A lowercase UUID v4 drawn from this generator. */
  uuid(): string
  /** A lowercase hex string of the given length. */
  hex(length: number): string
}

const HEX: ReadonlyArray<string> = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"))

const splitmix32 = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

export const makeRandom = (seed: number): Random => {
  const init = splitmix32(seed)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) u32()
  const next = (): number => u32() / 4294967296
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const hexByte = (): string => HEX[u32() & 0xff] as string
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    weighted: (items, weights) => {
      let total = 0
      for (const w of weights) total += w
      let r = next() * total
      for (let i = 0; i < items.length; i++) {
        r -= weights[i] ?? 0
        if (r < 0) return items[i] as (typeof items)[number]
      }
      return items[items.length - 1] as (typeof items)[number]
    },
    uuid: () => {
      const w0 = u32()
      const w1 = u32()
      const w2 = u32()
      const w3 = u32()
      const b = (w: number, shift: number): string => HEX[(w >>> shift) & 0xff] as string
      const b6 = HEX[((w1 >>> 8) & 0x0f) | 0x40] as string
      const b8 = HEX[((w2 >>> 24) & 0x3f) | 0x80] as string
      return (
        b(w0, 24) +
        b(w0, 16) +
        b(w0, 8) +
        b(w0, 0) +
        "-" +
        b(w1, 24) +
        b(w1, 16) +
        "-" +
        b6 +
        b(w1, 0) +
        "-" +
        b8 +
        b(w2, 16) +
        "-" +
        b(w2, 8) +
        b(w2, 0) +
        b(w3, 24) +
        b(w3, 16) +
        b(w3, 8) +
        b(w3, 0)
      )
    },
    hex: (length) => {
      let s = ""
      while (s.length < length) s += hexByte()
      return s.slice(0, length)
    }
  }
}
