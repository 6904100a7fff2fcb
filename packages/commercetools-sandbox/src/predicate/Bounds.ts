import type { Predicate } from "./Ast.js"

/** A bound on a field's value: `value` with `inclusive` (>= / <=) or not (> / <). */
export interface Bound {
  readonly value: string
  readonly inclusive: boolean
}

export interface Bounds {
  readonly lower?: Bound
  readonly upper?: Bound
}

const maxLower = (a: Bound | undefined, b: Bound | undefined): Bound | undefined => {
  if (a === undefined) return b
  if (b === undefined) return a
  if (a.value !== b.value) return a.value > b.value ? a : b
  return a.inclusive ? b : a
}

const minLower = (a: Bound | undefined, b: Bound | undefined): Bound | undefined => {
  if (a === undefined || b === undefined) return undefined
  if (a.value !== b.value) return a.value < b.value ? a : b
  return a.inclusive ? a : b
}

const minUpper = (a: Bound | undefined, b: Bound | undefined): Bound | undefined => {
  if (a === undefined) return b
  if (b === undefined) return a
  if (a.value !== b.value) return a.value < b.value ? a : b
  return a.inclusive ? b : a
}

const maxUpper = (a: Bound | undefined, b: Bound | undefined): Bound | undefined => {
  if (a === undefined || b === undefined) return undefined
  if (a.value !== b.value) return a.value > b.value ? a : b
  return a.inclusive ? a : b
}

const withBounds = (lower: Bound | undefined, upper: Bound | undefined): Bounds => {
  const bounds: { lower?: Bound; upper?: Bound } = {}
  if (lower !== undefined) bounds.lower = lower
  if (upper !== undefined) bounds.upper = upper
  return bounds
}

/**
 * Bounds that every record matching the predicate satisfies on a top-level string field (for example
 * `lastModifiedAt` or `id`): a conjunction keeps the tightest bound, a disjunction the loosest, and anything
 * the analysis does not understand imposes no bound.
 */
export const boundsOf = (predicate: Predicate | undefined, name: string): Bounds => {
  if (predicate === undefined) return {}
  switch (predicate.kind) {
    case "compare": {
      if (predicate.field !== name || typeof predicate.value !== "string") return {}
      const value = predicate.value
      switch (predicate.op) {
        case "=":
          return { lower: { value, inclusive: true }, upper: { value, inclusive: true } }
        case ">":
          return { lower: { value, inclusive: false } }
        case ">=":
          return { lower: { value, inclusive: true } }
        case "<":
          return { upper: { value, inclusive: false } }
        case "<=":
          return { upper: { value, inclusive: true } }
        default:
          return {}
      }
    }
    case "in": {
      if (predicate.field !== name || predicate.negate) return {}
      const strings = predicate.values.filter((v): v is string => typeof v === "string")
      if (strings.length !== predicate.values.length || strings.length === 0) return {}
      const sorted = [...strings].sort()
      return {
        lower: { value: sorted[0] as string, inclusive: true },
        upper: { value: sorted[sorted.length - 1] as string, inclusive: true }
      }
    }
    case "and": {
      let lower: Bound | undefined
      let upper: Bound | undefined
      for (const item of predicate.items) {
        const b = boundsOf(item, name)
        lower = maxLower(lower, b.lower)
        upper = minUpper(upper, b.upper)
      }
      return withBounds(lower, upper)
    }
    case "or": {
      const all = predicate.items.map((item) => boundsOf(item, name))
      let lower = all[0]?.lower
      let upper = all[0]?.upper
      for (const b of all.slice(1)) {
        lower = minLower(lower, b.lower)
        upper = maxUpper(upper, b.upper)
      }
      return withBounds(lower, upper)
    }
    default:
      return {}
  }
}
