import { malformedParameter } from "./Errors.js"

/**
 * commercetools Query Predicates (the `where` parameter): a parser to an AST, a compiler to a test function,
 * and the extraction of bounds on a top-level field (used by the query planner).
 *
 * Grammar (keywords case-insensitive):
 *   expr      := and ("or" and)*
 *   and       := unary ("and" unary)*
 *   unary     := "not" "(" expr ")" | "(" expr ")" | field
 *   field     := ident ( "(" expr ")"                       -- descend into an object / any array element
 *                      | op value                            -- = != <> > >= < <=
 *                      | ["not"] "in" list
 *                      | "is" ["not"] ("defined" | "empty")
 *                      | "contains" ["any" | "all"] (value | list) )
 *   list      := "(" value ("," value)* ")" | :variable
 *   value     := "string" | number | true | false | :variable
 */

export type Literal = string | number | boolean
export type CompareOp = "=" | "!=" | ">" | ">=" | "<" | "<="

export type Predicate =
  | { readonly kind: "and"; readonly items: ReadonlyArray<Predicate> }
  | { readonly kind: "or"; readonly items: ReadonlyArray<Predicate> }
  | { readonly kind: "not"; readonly item: Predicate }
  | { readonly kind: "nested"; readonly field: string; readonly item: Predicate }
  | { readonly kind: "compare"; readonly field: string; readonly op: CompareOp; readonly value: Literal }
  | {
      readonly kind: "in"
      readonly field: string
      readonly values: ReadonlyArray<Literal>
      readonly negate: boolean
    }
  | { readonly kind: "defined"; readonly field: string; readonly negate: boolean }
  | { readonly kind: "empty"; readonly field: string; readonly negate: boolean }
  | {
      readonly kind: "contains"
      readonly field: string
      readonly mode: "one" | "any" | "all"
      readonly values: ReadonlyArray<Literal>
    }

/** Field types the parser checks literals against (top-level fields only). */
export type FieldType = "string" | "number" | "boolean" | "datetime" | "any"

export interface ParseOptions {
  /** Values of `var.NAME` query parameters, for `:NAME` input variables. */
  readonly variables?: Readonly<Record<string, ReadonlyArray<string>>>
  /** Top-level fields of the resource with their types; a field not listed is rejected when given. */
  readonly fields?: Readonly<Record<string, FieldType>>
}

type Token =
  | { readonly t: "punct"; readonly v: "(" | ")" | ","; readonly at: number }
  | { readonly t: "op"; readonly v: CompareOp; readonly at: number }
  | { readonly t: "string"; readonly v: string; readonly at: number }
  | { readonly t: "number"; readonly v: number; readonly raw: string; readonly at: number }
  | { readonly t: "ident"; readonly v: string; readonly at: number }
  | { readonly t: "var"; readonly v: string; readonly at: number }
  | { readonly t: "end"; readonly at: number }

class SyntaxFailure extends Error {
  constructor(
    readonly at: number,
    readonly found: string,
    readonly expected: string
  ) {
    super(`Invalid input ${found}, expected ${expected}`)
  }
}

class SemanticFailure extends Error {}

const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c)
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_-]/.test(c)

const tokenize = (input: string): Array<Token> => {
  const tokens: Array<Token> = []
  let i = 0
  while (i < input.length) {
    const c = input[i] as string
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++
      continue
    }
    const at = i
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ t: "punct", v: c, at })
      i++
    } else if (c === "=") {
      tokens.push({ t: "op", v: "=", at })
      i++
    } else if (c === "!") {
      if (input[i + 1] !== "=") throw new SyntaxFailure(i + 1, describe(input[i + 1]), "'='")
      tokens.push({ t: "op", v: "!=", at })
      i += 2
    } else if (c === "<") {
      if (input[i + 1] === "=") {
        tokens.push({ t: "op", v: "<=", at })
        i += 2
      } else if (input[i + 1] === ">") {
        tokens.push({ t: "op", v: "!=", at })
        i += 2
      } else {
        tokens.push({ t: "op", v: "<", at })
        i++
      }
    } else if (c === ">") {
      if (input[i + 1] === "=") {
        tokens.push({ t: "op", v: ">=", at })
        i += 2
      } else {
        tokens.push({ t: "op", v: ">", at })
        i++
      }
    } else if (c === '"') {
      let value = ""
      i++
      for (;;) {
        if (i >= input.length) throw new SyntaxFailure(i, "end of input", "'\"'")
        const d = input[i] as string
        if (d === "\\") {
          const e = input[i + 1]
          if (e === undefined) throw new SyntaxFailure(i + 1, "end of input", "escaped character")
          value += e === "n" ? "\n" : e === "t" ? "\t" : e
          i += 2
        } else if (d === '"') {
          i++
          break
        } else {
          value += d
          i++
        }
      }
      tokens.push({ t: "string", v: value, at })
    } else if (/[0-9-]/.test(c)) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(input.slice(i))
      if (match === null)
        throw new SyntaxFailure(i, describe(c), "StringLiteral, NumberLiteral, boolean or inputParam")
      tokens.push({ t: "number", v: Number(match[0]), raw: match[0], at })
      i += match[0].length
    } else if (c === ":") {
      let j = i + 1
      while (j < input.length && isIdentPart(input[j] as string)) j++
      if (j === i + 1) throw new SyntaxFailure(i + 1, describe(input[i + 1]), "inputParam name")
      tokens.push({ t: "var", v: input.slice(i + 1, j), at })
      i = j
    } else if (isIdentStart(c)) {
      let j = i + 1
      while (j < input.length && isIdentPart(input[j] as string)) j++
      tokens.push({ t: "ident", v: input.slice(i, j), at })
      i = j
    } else {
      throw new SyntaxFailure(i, describe(c), "predicate")
    }
  }
  tokens.push({ t: "end", at: input.length })
  return tokens
}

const describe = (c: string | undefined): string => (c === undefined ? "end of input" : `'${c}'`)

const tokenText = (token: Token): string => {
  switch (token.t) {
    case "end":
      return "end of input"
    case "string":
      return `'"'`
    case "number":
      return `'${token.raw.charAt(0)}'`
    case "var":
      return "':'"
    default:
      return `'${String(token.v).charAt(0)}'`
  }
}

const KEYWORDS = new Set(["and", "or", "not", "in", "is", "defined", "empty", "contains", "any", "all"])

class Parser {
  private pos = 0
  constructor(
    private readonly tokens: ReadonlyArray<Token>,
    private readonly options: ParseOptions
  ) {}

  private peek(offset = 0): Token {
    return (this.tokens[this.pos + offset] ?? this.tokens[this.tokens.length - 1]) as Token
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.t === "ident" && token.v.toLowerCase() === word
  }

  private fail(expected: string): never {
    const token = this.peek()
    throw new SyntaxFailure(token.at, tokenText(token), expected)
  }

  private expectPunct(v: "(" | ")" | ","): void {
    const token = this.peek()
    if (token.t !== "punct" || token.v !== v) this.fail(`'${v}'`)
    this.pos++
  }

  parseAll(): Predicate {
    const result = this.parseOr(0)
    if (this.peek().t !== "end") this.fail("'and', 'or' or end of input")
    return result
  }

  private parseOr(depth: number): Predicate {
    const items = [this.parseAnd(depth)]
    while (this.isKeyword(this.peek(), "or")) {
      this.pos++
      items.push(this.parseAnd(depth))
    }
    return items.length === 1 ? (items[0] as Predicate) : { kind: "or", items }
  }

  private parseAnd(depth: number): Predicate {
    const items = [this.parseUnary(depth)]
    while (this.isKeyword(this.peek(), "and")) {
      this.pos++
      items.push(this.parseUnary(depth))
    }
    return items.length === 1 ? (items[0] as Predicate) : { kind: "and", items }
  }

  private parseUnary(depth: number): Predicate {
    const token = this.peek()
    const next = this.peek(1)
    if (this.isKeyword(token, "not") && next.t === "punct" && next.v === "(") {
      this.pos += 2
      const item = this.parseOr(depth)
      this.expectPunct(")")
      return { kind: "not", item }
    }
    if (token.t === "punct" && token.v === "(") {
      this.pos++
      const item = this.parseOr(depth)
      this.expectPunct(")")
      return item
    }
    if (token.t === "ident" && !KEYWORDS.has(token.v.toLowerCase())) {
      this.pos++
      return this.parseField(token.v, depth)
    }
    return this.fail("field name, 'not' or '('")
  }

  private checkField(field: string, depth: number): FieldType {
    if (depth > 0 || this.options.fields === undefined) return "any"
    const type = this.options.fields[field]
    if (type === undefined) throw new SemanticFailure(`The field '${field}' does not exist.`)
    return type
  }

  private parseField(field: string, depth: number): Predicate {
    const type = this.checkField(field, depth)
    const token = this.peek()
    if (token.t === "punct" && token.v === "(") {
      this.pos++
      const item = this.parseOr(depth + 1)
      this.expectPunct(")")
      return { kind: "nested", field, item }
    }
    if (token.t === "op") {
      this.pos++
      const value = this.parseValue(field, type)
      if ((token.v !== "=" && token.v !== "!=" && typeof value === "boolean") || Array.isArray(value)) {
        throw new SemanticFailure(`Operator '${token.v}' cannot be used with value ${JSON.stringify(value)}.`)
      }
      return { kind: "compare", field, op: token.v, value: value as Literal }
    }
    if (this.isKeyword(token, "in")) {
      this.pos++
      return { kind: "in", field, values: this.parseList(field, type), negate: false }
    }
    if (this.isKeyword(token, "not") && this.isKeyword(this.peek(1), "in")) {
      this.pos += 2
      return { kind: "in", field, values: this.parseList(field, type), negate: true }
    }
    if (this.isKeyword(token, "is")) {
      this.pos++
      let negate = false
      if (this.isKeyword(this.peek(), "not")) {
        this.pos++
        negate = true
      }
      if (this.isKeyword(this.peek(), "defined")) {
        this.pos++
        return { kind: "defined", field, negate }
      }
      if (this.isKeyword(this.peek(), "empty")) {
        this.pos++
        return { kind: "empty", field, negate }
      }
      return this.fail("'defined' or 'empty'")
    }
    if (this.isKeyword(token, "contains")) {
      this.pos++
      if (this.isKeyword(this.peek(), "any") || this.isKeyword(this.peek(), "all")) {
        const mode = (this.peek() as { v: string }).v.toLowerCase() as "any" | "all"
        this.pos++
        return { kind: "contains", field, mode, values: this.parseList(field, "any") }
      }
      const value = this.parseValue(field, "any")
      return {
        kind: "contains",
        field,
        mode: "one",
        values: Array.isArray(value) ? value : [value as Literal]
      }
    }
    return this.fail("'(', comparison operator, 'in', 'not in', 'is' or 'contains'")
  }

  private variable(name: string): ReadonlyArray<string> {
    const values = this.options.variables?.[name]
    if (values === undefined || values.length === 0) {
      throw new SemanticFailure(`The input variable '${name}' is not defined (pass it as 'var.${name}').`)
    }
    return values
  }

  private parseValue(field: string, type: FieldType): Literal | ReadonlyArray<Literal> {
    const token = this.peek()
    if (token.t === "var") {
      this.pos++
      const values = this.variable(token.v).map((raw) => coerceVariable(raw, field, type))
      return values.length === 1 ? (values[0] as Literal) : values
    }
    return this.parseLiteral(field, type)
  }

  private parseLiteral(field: string, type: FieldType): Literal {
    const token = this.peek()
    let value: Literal
    if (token.t === "string") value = token.v
    else if (token.t === "number") value = token.v
    else if (this.isKeyword(token, "true")) value = true
    else if (this.isKeyword(token, "false")) value = false
    else return this.fail("StringLiteral, NumberLiteral, boolean or inputParam")
    this.pos++
    return checkLiteral(value, field, type)
  }

  private parseList(field: string, type: FieldType): ReadonlyArray<Literal> {
    const token = this.peek()
    if (token.t === "var") {
      this.pos++
      return this.variable(token.v).map((raw) => coerceVariable(raw, field, type))
    }
    this.expectPunct("(")
    const values = [this.parseLiteral(field, type)]
    while (this.peek().t === "punct" && (this.peek() as { v: string }).v === ",") {
      this.pos++
      values.push(this.parseLiteral(field, type))
    }
    const end = this.peek()
    if (end.t !== "punct" || end.v !== ")") this.fail("comma or ')'")
    this.pos++
    return values
  }
}

const coerceVariable = (raw: string, field: string, type: FieldType): Literal => {
  if (type === "number") return checkLiteral(Number(raw), field, type)
  if (type === "boolean")
    return checkLiteral(raw === "true" ? true : raw === "false" ? false : raw, field, type)
  return checkLiteral(raw, field, type)
}

const checkLiteral = (value: Literal, field: string, type: FieldType): Literal => {
  switch (type) {
    case "any":
      return value
    case "string":
      if (typeof value !== "string") throw new SemanticFailure(`The field '${field}' expects a string value.`)
      return value
    case "number":
      if (typeof value !== "number" || Number.isNaN(value)) {
        throw new SemanticFailure(`The field '${field}' expects a number value.`)
      }
      return value
    case "boolean":
      if (typeof value !== "boolean")
        throw new SemanticFailure(`The field '${field}' expects a boolean value.`)
      return value
    case "datetime": {
      if (typeof value !== "string")
        throw new SemanticFailure(`The field '${field}' expects a date-time string.`)
      return normalizeDateTime(value, field)
    }
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/** Date-time literals compare as instants: normalise them to the stored fixed-width form. */
const normalizeDateTime = (value: string, field: string): string => {
  if (!DATE_TIME.test(value))
    throw new SemanticFailure(`'${value}' is not a valid date-time for field '${field}'.`)
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value)
  const withZone = value.includes("T") && !hasZone ? `${value}Z` : value
  const date = new Date(withZone)
  if (Number.isNaN(date.getTime())) {
    throw new SemanticFailure(`'${value}' is not a valid date-time for field '${field}'.`)
  }
  return date.toISOString()
}

/** Parses one `where` value; throws the API's 400 InvalidInput error when malformed. */
export const parsePredicate = (input: string, options: ParseOptions = {}): Predicate => {
  try {
    return new Parser(tokenize(input), options).parseAll()
  } catch (error) {
    if (error instanceof SyntaxFailure) {
      const column = error.at + 1
      throw malformedParameter(
        "where",
        `Syntax error while parsing 'where'. ${error.message} (line 1, column ${column}):\n${input}\n${" ".repeat(error.at)}^`
      )
    }
    if (error instanceof SemanticFailure) throw malformedParameter("where", error.message)
    throw error
  }
}

/** Parses every `where` value; several are AND-ed. Undefined when there is none. */
export const parseWhere = (
  inputs: ReadonlyArray<string>,
  options: ParseOptions = {}
): Predicate | undefined => {
  const items = inputs.map((input) => parsePredicate(input, options))
  if (items.length === 0) return undefined
  return items.length === 1 ? items[0] : { kind: "and", items }
}

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
