/**
 * Reads a list page (`{"results": [{…}, …], …}`) from its bytes without parsing what it only passes through: each
 * item becomes an object whose scalar fields are decoded and whose objects and arrays stay `RawJson` (bytes of the
 * page, not copies). A list page's bytes are mostly nested values a warehouse stores as `jsonb`: decoding them to
 * objects, then encoding them back to text, was most of a sync's CPU.
 *
 * Given the item schema's field checks (`RawCheck.fieldChecks`), a nested value is checked against its field's
 * schema while it is skipped, in the same walk, and marked as matching it: the engine does not walk it again.
 *
 * `scanRows` goes further: given the rows' shape (`Table.rowShape`), every field of an item is checked as it is read
 * and nothing is built: the items become `RecordRows`, where each value sits in the page.
 *
 * The scanner finds where values start and end; it does not check the grammar inside the values it skips (the
 * database parses them). Anything it cannot read (not an object, a list that is not an array of objects, bytes
 * that end early) gives `undefined`, and the caller parses the page as JSON instead, with JSON's own errors.
 */
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE
} from "./JsonBytes.js"
import {
  decodeScalar,
  decodeString,
  lastStringEscaped,
  resetSeen,
  sameBytes,
  seenSimple,
  skipSpace,
  skipString,
  skipValue,
  unreadable
} from "./JsonSkip.js"
import type { FieldCheck } from "./RawCheck.js"
import { RawJson } from "./RawJson.js"
import { Builder, notRows, type RecordRows, type Shape } from "./RecordRows.js"

/** A list page: its other fields (scalars decoded, the rest raw), and its items. */
export interface ScannedList {
  readonly fields: Record<string, unknown>
  readonly items: Array<Record<string, unknown>>
}

/** A key seen before: its bytes as the page spells them (to confirm a match) and its string. */
interface Known {
  readonly bytes: Uint8Array
  readonly key: string
}

/** A key at one position of an object, with the check of the item field it names (if any). */
interface Slot extends Known {
  readonly check: FieldCheck | undefined
  /** For rows: the position of the schema field it names, `extraField` for any other, `omitted` for one left out. */
  readonly field: number
}

const extraField = -1
const omitted = -2

/** What `Cursor.fields` reads an object as: the page's envelope, an item as an object, or an item as a row. */
type Mode = typeof envelope | typeof item | typeof row
const envelope = 0
const item = 1
const row = 2

/** An array index as a key (`"0"`, `"42"`): an object lists those first, whatever the order of the page. */
const indexLike = /^(?:0|[1-9][0-9]{0,8})$/

/**
 * Keys by the hash of their bytes. A page repeats the same few dozen keys in every item; looking them up is much
 * cheaper than decoding each. Bounded: cleared when full.
 */
const knownKeys = new Map<number, Known>()
const maxKnownKeys = 4096

/** The state of one scan: the bytes, the item fields' checks, and where the last key read ends. */
class Cursor {
  next = 0
  constructor(
    readonly bytes: Buffer,
    readonly end: number,
    /** The envelope's field that holds the list. */
    readonly listKey: string,
    readonly checks: ReadonlyMap<string, FieldCheck>,
    /** For `scanRows`: the rows the items go into (of their shape). */
    readonly rows?: Builder
  ) {}

  /** The envelope's other fields. */
  readonly envelope: Record<string, unknown> = {}
  /** The items, for `scanList`. */
  readonly items: Array<Record<string, unknown>> = []
  /** Whether the list was read. */
  listed = false
  /** The item `object` is reading. */
  private item: Record<string, unknown> = {}

  space(at: number): number {
    return skipSpace(this.bytes, at)
  }

  /** The key at `at` (a quote), decoded or known; `this.next` is the index after it. */
  key(at: number): Known {
    const bytes = this.bytes
    const end = this.end
    const start = at + 1
    let hash = 0
    at = start
    while (at < end) {
      const byte = bytes[at] as number
      if (byte === QUOTE) break
      // A control character in a string is not JSON.
      if (byte < 0x20) throw unreadable
      if (byte === BACKSLASH) {
        // An escaped key is rare: decode it.
        const after = skipString(bytes, start - 1)
        this.next = after
        return {
          bytes: Uint8Array.prototype.slice.call(bytes, start, after - 1),
          key: decodeString(bytes, start - 1, after, true)
        }
      }
      hash = (Math.imul(hash, 31) + byte) | 0
      at++
    }
    if (at >= end) throw unreadable
    this.next = at + 1
    const known = knownKeys.get(hash)
    if (known !== undefined && sameBytes(bytes, start, at, known.bytes)) return known
    const fresh = {
      bytes: Uint8Array.prototype.slice.call(bytes, start, at),
      key: bytes.toString("utf8", start, at)
    }
    if (knownKeys.size >= maxKnownKeys) knownKeys.clear()
    knownKeys.set(hash, fresh)
    return fresh
  }

  /**
   * The key at `at` (a quote), the `index`th of its object, as a slot of `slots`: the objects of a list spell the
   * same keys in the same order, so the slot of the object before is tried first, by comparing bytes (no hash, no
   * lookup); `this.next` is the index after the key.
   */
  slot(at: number, slots: Array<Slot>, index: number): Slot {
    const bytes = this.bytes
    const predicted = slots[index]
    if (predicted !== undefined) {
      // The predicted key's bytes are a whole key, so a quote right after them closes the key.
      const end = at + 1 + predicted.bytes.length
      if (bytes[end] === QUOTE && sameBytes(bytes, at + 1, end, predicted.bytes)) {
        this.next = end + 1
        return predicted
      }
    }
    const known = this.key(at)
    // Assigned to an object, `__proto__` would set its prototype, not a field (JSON.parse makes it a field): the
    // caller parses such a page instead.
    if (known.key === "__proto__") throw unreadable
    const slot = {
      bytes: known.bytes,
      key: known.key,
      check: this.checks.get(known.key),
      field: this.fieldOf(known.key)
    }
    slots[index] = slot
    return slot
  }

  /** What a key is to rows (see `Slot.field`); a key that objects would order differently cannot be a row's. */
  private fieldOf(key: string): number {
    const shape = this.rows?.shape
    if (shape === undefined) return extraField
    if (shape.omit.has(key)) return omitted
    const position = shape.index.get(key)
    if (position !== undefined) return position
    if (indexLike.test(key)) throw notRows
    return extraField
  }

  /** Any value at `at`; the index after it. */
  value(at: number): number {
    resetSeen()
    return skipValue(this.bytes, at)
  }

  /** The value `[start, end)`: a scalar decoded, an object or array raw. */
  decode(start: number, end: number): unknown {
    const bytes = this.bytes
    const first = bytes[start]
    if (first === OPEN_BRACE || first === OPEN_BRACKET) return new RawJson(bytes, start, end, seenSimple())
    // `skipValue` read the token, and a string's escape flag is still its own.
    return decodeScalar(bytes, start, end, lastStringEscaped())
  }

  /**
   * The object at `at`, each field's value read by the `mode`'s method, which returns where it ends. `slots`: the
   * keys of the object before it in the same list, by position (see `slot`).
   */
  fields(at: number, slots: Array<Slot>, mode: Mode): number {
    const bytes = this.bytes
    if (bytes[at] !== OPEN_BRACE) throw unreadable
    at = this.space(at + 1)
    if (bytes[at] === CLOSE_BRACE) return at + 1
    for (let index = 0; ; index++) {
      if (bytes[at] !== QUOTE) throw unreadable
      const slot = this.slot(at, slots, index)
      at = this.space(this.next)
      if (bytes[at] !== COLON) throw unreadable
      const start = this.space(at + 1)
      // A method by mode, not a callback: a closure per page or item would keep V8 recompiling its call sites.
      at = this.space(
        mode === item
          ? this.itemField(slot, start)
          : mode === row
            ? this.rowField(slot, start)
            : this.listField(slot, start)
      )
      const next = bytes[at]
      if (next === COMMA) at = this.space(at + 1)
      else if (next === CLOSE_BRACE) return at + 1
      else throw unreadable
    }
  }

  /** The value at `start` into `into[key]` (a string decoded while `escaped` still describes it); where it ends. */
  field(into: Record<string, unknown>, key: string, start: number): number {
    const end = this.value(start)
    into[key] = this.decode(start, end)
    return end
  }

  /**
   * An item's field: a nested value with a check is walked by it, and kept raw as matching the check's node; any
   * other value (or one the check is unsure of, which the engine then explains) as `field` reads it.
   */
  itemField(slot: Slot, start: number): number {
    const into = this.item
    const bytes = this.bytes
    const first = bytes[start]
    const check = first === OPEN_BRACE || first === OPEN_BRACKET ? slot.check : undefined
    if (check !== undefined) {
      resetSeen()
      let end = -1
      try {
        end = check.walk(bytes, start)
      } catch {
        // Unreadable bytes, or a value a refinement could not take: skipped again below, which tells them apart.
      }
      if (end >= 0) {
        into[slot.key] = new RawJson(bytes, start, end, seenSimple(), check.node)
        return end
      }
    }
    return this.field(into, slot.key, start)
  }

  /** The keys of the items, by position, as the item before spelled them. */
  private readonly itemSlots: Array<Slot> = []

  /** An item: its scalars decoded and its nested values raw. */
  object(at: number, into: Record<string, unknown>): number {
    this.item = into
    return this.fields(at, this.itemSlots, item)
  }

  /**
   * An item as a row: each schema field's value walked by its check (a value that may not match, or a required
   * field missing, throws `notRows`), any other field skipped, and where each is kept in `rows`.
   */
  row(at: number): number {
    const rows = this.rows as Builder
    rows.begin()
    const end = this.fields(at, this.itemSlots, row)
    rows.end()
    return end
  }

  /** A field of a row (see `row`). */
  rowField(slot: Slot, start: number): number {
    const rows = this.rows as Builder
    const field = slot.field
    resetSeen()
    if (field === omitted) return skipValue(this.bytes, start)
    if (field === extraField) {
      const after = skipValue(this.bytes, start)
      rows.extra(slot.key, start, after, seenSimple())
      return after
    }
    let after = -1
    try {
      after = (slot.check as FieldCheck).walk(this.bytes, start)
    } catch {
      // Unreadable, or a refinement that could not take the value: objects tell which.
    }
    if (after < 0) throw notRows
    rows.field(field, start, after, seenSimple())
    return after
  }

  /** A field of the envelope: the list, read into rows or items, or another field. */
  listField(slot: Slot, start: number): number {
    if (slot.key !== this.listKey) return this.field(this.envelope, slot.key, start)
    if (this.listed) throw unreadable
    this.listed = true
    return this.rows === undefined ? this.objects(start, this.items) : this.list(start)
  }

  /** The array of objects at `at`, each scanned into `rows`. */
  list(at: number): number {
    const bytes = this.bytes
    if (bytes[at] !== OPEN_BRACKET) throw unreadable
    at = this.space(at + 1)
    if (bytes[at] === CLOSE_BRACKET) return at + 1
    for (;;) {
      at = this.space(this.row(at))
      const next = bytes[at]
      if (next === COMMA) at = this.space(at + 1)
      else if (next === CLOSE_BRACKET) return at + 1
      else throw unreadable
    }
  }

  /** The array of objects at `at`, each scanned into `items`. */
  objects(at: number, items: Array<Record<string, unknown>>): number {
    const bytes = this.bytes
    if (bytes[at] !== OPEN_BRACKET) throw unreadable
    at = this.space(at + 1)
    if (bytes[at] === CLOSE_BRACKET) return at + 1
    for (;;) {
      const item: Record<string, unknown> = {}
      at = this.space(this.object(at, item))
      items.push(item)
      const next = bytes[at]
      if (next === COMMA) at = this.space(at + 1)
      else if (next === CLOSE_BRACKET) return at + 1
      else throw unreadable
    }
  }
}

const noChecks: ReadonlyMap<string, FieldCheck> = new Map()

/**
 * Scans a JSON object whose `listKey` field is an array of objects; `undefined` when the bytes are anything else
 * (the caller then parses them as JSON, which explains what is wrong). `checks`: the items' field checks
 * (`RawCheck.fieldChecks` of the item schema), to check nested values in the same walk.
 */
export const scanList = (
  bytes: Buffer,
  listKey: string,
  checks: ReadonlyMap<string, FieldCheck> = noChecks
): ScannedList | undefined => {
  const cursor = new Cursor(bytes, bytes.length, listKey, checks)
  return read(cursor) ? { fields: cursor.envelope, items: cursor.items } : undefined
}

/** Reads the page: whether it is a list page whose items could all be read. */
const read = (cursor: Cursor): boolean => {
  try {
    const end = cursor.fields(cursor.space(0), [], envelope)
    return cursor.space(end) === cursor.bytes.length && cursor.listed
  } catch (error) {
    if (error === unreadable || error === notRows) return false
    throw error
  }
}

/** A list page as rows: its other fields, and its items. */
export interface ScannedRows {
  readonly fields: Record<string, unknown>
  readonly rows: RecordRows
}

/**
 * Scans a list page as `scanList` does, its items as rows of `shape` (see `RecordRows`): each field of the shape
 * checked as it is read. `undefined` when any item cannot be a row (a value that may not match its field, a
 * required field missing, a key twice) or the bytes are not a list page: the caller scans the page as objects.
 */
export const scanRows = (bytes: Buffer, listKey: string, shape: Shape): ScannedRows | undefined => {
  const rows = new Builder(bytes, shape)
  const cursor = new Cursor(bytes, bytes.length, listKey, shape.checks, rows)
  return read(cursor) ? { fields: cursor.envelope, rows: rows.done() } : undefined
}
