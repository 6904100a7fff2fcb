import type { CompareOp, Literal, Predicate } from "./Ast.js"

export type Test = (value: unknown) => boolean

const compareLiteral = (actual: unknown, op: CompareOp, expected: Literal): boolean => {
  if (typeof actual !== typeof expected) return op === "!=" && actual !== undefined && actual !== null
  const a = actual as Literal
  switch (op) {
    case "=":
      return a === expected
    case "!=":
      return a !== expected
    case ">":
      return a > expected
    case ">=":
      return a >= expected
    case "<":
      return a < expected
    case "<=":
      return a <= expected
  }
}

const field = (value: unknown, name: string): unknown =>
  value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined

const anyOf = (value: unknown, test: (v: unknown) => boolean): boolean =>
  Array.isArray(value) ? value.some(test) : test(value)

/** Compiles a predicate to a test on a record (or, nested, on the object it descends into). */
export const compilePredicate = (predicate: Predicate): Test => {
  switch (predicate.kind) {
    case "and": {
      const tests = predicate.items.map(compilePredicate)
      return (v) => {
        for (const test of tests) if (!test(v)) return false
        return true
      }
    }
    case "or": {
      const tests = predicate.items.map(compilePredicate)
      return (v) => {
        for (const test of tests) if (test(v)) return true
        return false
      }
    }
    case "not": {
      const test = compilePredicate(predicate.item)
      return (v) => !test(v)
    }
    case "nested": {
      const test = compilePredicate(predicate.item)
      const name = predicate.field
      return (v) => {
        const inner = field(v, name)
        if (inner === undefined || inner === null) return false
        return Array.isArray(inner) ? inner.some(test) : test(inner)
      }
    }
    case "compare": {
      const { field: name, op, value } = predicate
      if (op === "!=") {
        return (v) => {
          const actual = field(v, name)
          if (actual === undefined || actual === null) return false
          return Array.isArray(actual) ? !actual.includes(value) : actual !== value
        }
      }
      return (v) => anyOf(field(v, name), (a) => compareLiteral(a, op, value))
    }
    case "in": {
      const set = new Set<unknown>(predicate.values)
      const { field: name, negate } = predicate
      return (v) => {
        const actual = field(v, name)
        if (actual === undefined || actual === null) return false
        const hit = anyOf(actual, (a) => set.has(a))
        return negate ? !hit : hit
      }
    }
    case "defined": {
      const { field: name, negate } = predicate
      return (v) => {
        const actual = field(v, name)
        const defined = actual !== undefined && actual !== null
        return negate ? !defined : defined
      }
    }
    case "empty": {
      const { field: name, negate } = predicate
      return (v) => {
        const actual = field(v, name)
        const empty =
          actual === undefined ||
          actual === null ||
          (Array.isArray(actual) && actual.length === 0) ||
          (typeof actual === "object" && Object.keys(actual).length === 0)
        return negate ? !empty : empty
      }
    }
    case "contains": {
      const { field: name, mode, values } = predicate
      return (v) => {
        const actual = field(v, name)
        if (!Array.isArray(actual)) return false
        if (mode === "all") return values.every((x) => actual.includes(x))
        return values.some((x) => actual.includes(x))
      }
    }
  }
}
