/**
 * Large buffers kept for reuse. A page's COPY rows are megabytes; a fresh buffer of that size costs page faults as
 * it is first written, and V8 collects garbage after every so many bytes of new buffers (for a sync, about one
 * collection a page). A few buffers given back after their COPY serve the pages that follow.
 */

/** At most this many spare buffers, and none larger than `largest`: what is kept stays small next to a sync. */
const kept = 4
const largest = 32 * 1024 * 1024

const spare: Array<Buffer> = []

/** A buffer of at least `size` bytes (contents undefined): a spare one when one is large enough, else a new one. */
export const take = (size: number): Buffer => {
  for (let index = 0; index < spare.length; index++) {
    const buffer = spare[index] as Buffer
    if (buffer.length >= size) {
      spare.splice(index, 1)
      return buffer
    }
  }
  return Buffer.allocUnsafeSlow(size)
}

/** Gives `buffer` (from `take`, no longer read or written by anyone) back; the smallest spare makes room. */
export const give = (buffer: Buffer): void => {
  if (buffer.length > largest) return
  if (spare.length < kept) {
    spare.push(buffer)
    return
  }
  let smallest = 0
  for (let index = 1; index < spare.length; index++) {
    if ((spare[index] as Buffer).length < (spare[smallest] as Buffer).length) smallest = index
  }
  if ((spare[smallest] as Buffer).length < buffer.length) spare[smallest] = buffer
}
