import type { CompareOp } from "./Ast.js"

/** The lexer of query predicates: the `where` text as tokens, or a SyntaxFailure at a column. */

export type Token =
  | { readonly t: "punct"; readonly v: "(" | ")" | ","; readonly at: number }
  | { readonly t: "op"; readonly v: CompareOp; readonly at: number }
  | { readonly t: "string"; readonly v: string; readonly at: number }
  | { readonly t: "number"; readonly v: number; readonly raw: string; readonly at: number }
  | { readonly t: "ident"; readonly v: string; readonly at: number }
  | { readonly t: "var"; readonly v: string; readonly at: number }
  | { readonly t: "end"; readonly at: number }

export class SyntaxFailure extends Error {
  constructor(
    readonly at: number,
    readonly found: string,
    readonly expected: string
  ) {
    super(`Invalid input ${found}, expected ${expected}`)
  }
}

const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c)
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_-]/.test(c)

export const tokenize = (input: string): Array<Token> => {
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

export const tokenText = (token: Token): string => {
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
