/**
 * A fast yes-or-maybe check of a value against a schema AST, compiled once per schema. `true` means the value
 * certainly passes `ParseResult.validate` of the same AST (excess properties ignored); `false` means it may not, and
 * the caller asks Effect Schema, which finds the error and its message. Nodes it does not know make it always answer
 * `false`, so it can only ever be stricter than Schema, never looser. A field that is `RawJson` (a scanned page's
 * nested value) is checked on its bytes by `RawCheck`, without parsing it, unless the scanner already checked it
 * against the same node (`RawJson.matches`).
 */
import { Option, type SchemaAST } from "effect"
import * as RawCheck from "./RawCheck.js"
import { RawJson } from "./RawJson.js"

export type Check = (value: unknown) => boolean

const never: Check = () => false
const always: Check = () => true
const noOptions = {}

/** Compiles `ast` (a type side: no transformations) into a check; unknown node kinds compile to `never`. */
export const compile = (ast: SchemaAST.AST): Check => {
  const memo = new Map<SchemaAST.AST, Check>()
  const fields = new Map<SchemaAST.AST, Check>()
  /** The check of a field's value, which may be `RawJson`: its bytes are checked, compiled on first meeting one. */
  const field = (node: SchemaAST.AST): Check => {
    const known = fields.get(node)
    if (known !== undefined) return known
    const value = go(node)
    let bytes: RawCheck.RawCheck | undefined
    const check: Check = (input) => {
      if (!(input instanceof RawJson)) return value(input)
      if (input.matches === node) return true
      bytes ??= RawCheck.compile(node)
      return bytes(input.bytes, input.start, input.end)
    }
    fields.set(node, check)
    return check
  }
  const go = (node: SchemaAST.AST): Check => {
    const known = memo.get(node)
    if (known !== undefined) return known
    // A recursive schema reaches its own node again while compiling: the placeholder defers to the finished check.
    let compiled: Check = never
    memo.set(node, (value) => compiled(value))
    compiled = build(node)
    memo.set(node, compiled)
    return compiled
  }
  const build = (node: SchemaAST.AST): Check => {
    switch (node._tag) {
      case "StringKeyword":
        return (value) => typeof value === "string"
      case "NumberKeyword":
        return (value) => typeof value === "number"
      case "BooleanKeyword":
        return (value) => typeof value === "boolean"
      case "UndefinedKeyword":
      case "VoidKeyword":
        return (value) => value === undefined
      case "UnknownKeyword":
      case "AnyKeyword":
        return always
      case "Literal": {
        const literal = node.literal
        return (value) => value === literal
      }
      case "Enums": {
        const values = new Set<unknown>(node.enums.map(([, value]) => value))
        return (value) => values.has(value)
      }
      case "Refinement": {
        const from = go(node.from)
        const filter = node.filter
        return (value) => from(value) && Option.isNone(filter(value, noOptions, node))
      }
      case "Suspend":
        return go(node.f())
      case "Union": {
        const members = node.types.map(go)
        return (value) => {
          for (const member of members) if (member(value)) return true
          return false
        }
      }
      case "TupleType":
        return tuple(node)
      case "TypeLiteral":
        return typeLiteral(node)
      default:
        return never
    }
  }
  const tuple = (node: SchemaAST.TupleType): Check => {
    // Plain arrays only (`Schema.Array(x)`); tuples with fixed elements are left to Schema.
    const [rest, ...post] = node.rest
    if (node.elements.length > 0 || rest === undefined || post.length > 0) return never
    const item = go(rest.type)
    return (value) => {
      if (!Array.isArray(value)) return false
      for (const element of value) if (!item(element)) return false
      return true
    }
  }
  const typeLiteral = (node: SchemaAST.TypeLiteral): Check => {
    if (node.propertySignatures.length === 0 && node.indexSignatures.length === 0) {
      return (value) => value !== null && value !== undefined
    }
    const properties = node.propertySignatures.map((signature) => ({
      name: signature.name,
      optional: signature.isOptional,
      check: field(signature.type)
    }))
    if (properties.some((property) => typeof property.name !== "string")) return never
    const indexes = node.indexSignatures.map((signature) =>
      signature.parameter._tag === "StringKeyword" ? field(signature.type) : undefined
    )
    if (indexes.some((check) => check === undefined)) return never
    const index = indexes as ReadonlyArray<Check>
    return (value) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return false
      const record = value as Record<string, unknown>
      for (const property of properties) {
        const name = property.name as string
        if (!Object.hasOwn(record, name)) {
          if (property.optional) continue
          // Not `exact`: Schema checks a missing required key as undefined.
          if (!property.check(undefined)) return false
          continue
        }
        if (!property.check(record[name])) return false
      }
      if (index.length > 0) {
        for (const key of Object.keys(record)) {
          for (const check of index) if (!check(record[key])) return false
        }
      }
      return true
    }
  }
  return go(ast)
}
