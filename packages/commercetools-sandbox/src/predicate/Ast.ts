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
