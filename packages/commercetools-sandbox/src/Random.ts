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

const HEX_CODES: ReadonlyArray<number> = Array.from("0123456789abcdef", (c) => c.charCodeAt(0))
const UUID: Array<number> = new Array<number>(36).fill(0)

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
      // Built as one flat string from char codes (cheaper than concatenating 20 pieces).
      let k = 0
      for (let w = 0; w < 4; w++) {
        const word = u32()
        for (let shift = 28; shift >= 0; shift -= 4) {
          if (k === 8 || k === 13 || k === 18 || k === 23) UUID[k++] = 45
          let nibble = (word >>> shift) & 0xf
          if (k === 14) nibble = 4
          else if (k === 19) nibble = (nibble & 0x3) | 0x8
          UUID[k++] = HEX_CODES[nibble] as number
        }
      }
      return String.fromCharCode.apply(null, UUID as unknown as Array<number>)
    },
    hex: (length) => {
      const codes = new Array<number>(length)
      let word = 0
      for (let k = 0; k < length; k++) {
        if (k % 8 === 0) word = u32()
        codes[k] = HEX_CODES[(word >>> ((k % 8) * 4)) & 0xf] as number
      }
      return String.fromCharCode.apply(null, codes)
    }
  }
}
