/**
 * commercetools Query Predicates (the `where` parameter): the lexer (`predicate/Lexer.ts`), the parser to an AST
 * (`predicate/Parser.ts`), the evaluator compiling it to a test (`predicate/Evaluator.ts`), and the bounds on a
 * top-level field the query planner seeks to (`predicate/Bounds.ts`).
 */
export type { CompareOp, FieldType, Literal, ParseOptions, Predicate } from "./predicate/Ast.js"
export type { Bound, Bounds } from "./predicate/Bounds.js"
export { boundsOf } from "./predicate/Bounds.js"
export type { Test } from "./predicate/Evaluator.js"
export { compilePredicate } from "./predicate/Evaluator.js"
export { parsePredicate, parseWhere } from "./predicate/Parser.js"
