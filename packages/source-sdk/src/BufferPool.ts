/**
 * Large buffers kept for reuse. A page's body and its COPY rows are megabytes each; a fresh buffer of that size
 * costs page faults as it is first written, and every so many megabytes of new buffers V8 marks the whole heap
 * to find the ones no longer used (for a sync, about one full collection every 25 pages). A few buffers given back
 * once read serve the pages that follow.
 */
export interface BufferPool {
  /** A buffer of at least `size` bytes (contents undefined): a kept one when one is large enough, else a new one. */
  readonly take: (size: number) => Buffer
  /** Gives `buffer` (from `take`, no longer read or written by anyone) back; the smallest kept one makes room. */
  readonly give: (buffer: Buffer) => void
}

/** A pool keeping at most `kept` buffers, none larger than `largest` bytes: what is kept stays small next to a sync. */
export const make = (options: { readonly kept: number; readonly largest: number }): BufferPool => {
  const spare: Array<Buffer> = []
  return {
    take: (size) => {
      for (let index = 0; index < spare.length; index++) {
        const buffer = spare[index] as Buffer
        if (buffer.length >= size) {
          spare.splice(index, 1)
          return buffer
        }
      }
      return Buffer.allocUnsafeSlow(size)
    },
    give: (buffer) => {
      if (buffer.length > options.largest || spare.includes(buffer)) return
      if (spare.length < options.kept) {
        spare.push(buffer)
        return
      }
      let smallest = 0
      for (let index = 1; index < spare.length; index++) {
        if ((spare[index] as Buffer).length < (spare[smallest] as Buffer).length) smallest = index
      }
      if ((spare[smallest] as Buffer).length < buffer.length) spare[smallest] = buffer
    }
  }
}
