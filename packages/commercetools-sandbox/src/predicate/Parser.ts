import { malformedParameter } from "../Errors.js"
import type { FieldType, Literal, ParseOptions, Predicate } from "./Ast.js"
import { SyntaxFailure, type Token, tokenize, tokenText } from "./Lexer.js"

/** A literal or field the resource does not accept (the text itself is well formed). */
class SemanticFailure extends Error {}

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
