import { Option, Schema, SchemaAST } from "effect"
import type { SourceRecord } from "./SourceRecord.js"

/** The SQL-neutral type of a warehouse column. */
export type ColumnType = "text" | "bigint" | "double" | "boolean" | "timestamp" | "json"

/** One warehouse column, derived from a top-level field of a table's record schema. */
export interface Column {
  /** snake_case column name. */
  readonly name: string
  /** The record field it holds. */
  readonly field: string
  readonly type: ColumnType
  readonly nullable: boolean
}

/** Annotation that fixes a field's column type (e.g. ISO strings that are instants: `timestamp`). */
export const ColumnTypeId: unique symbol = Symbol.for("@sluice/source-sdk/ColumnType")

/** An ISO-8601 instant with milliseconds and `Z`, as APIs write them; stored as a timestamp column. */
export const Timestamp = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, {
    message: () => "an ISO-8601 instant with milliseconds"
  })
).annotations({ [ColumnTypeId]: "timestamp" })

export const snakeCase = (field: string): string =>
  field
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()

const annotatedType = (ast: SchemaAST.AST): ColumnType | undefined =>
  Option.getOrUndefined(SchemaAST.getAnnotation<ColumnType>(ast, ColumnTypeId))

const isInteger = (ast: SchemaAST.AST): boolean => {
  let node: SchemaAST.AST = ast
  while (SchemaAST.isRefinement(node)) {
    const id = Option.getOrUndefined(SchemaAST.getIdentifierAnnotation(node))
    const schemaId = node.annotations[SchemaAST.SchemaIdAnnotationId]
    if (id === "Int" || (typeof schemaId === "symbol" && schemaId.description?.includes("Int"))) return true
    node = node.from
  }
  return false
}

const isNullish = (ast: SchemaAST.AST): boolean =>
  SchemaAST.isUndefinedKeyword(ast) || (SchemaAST.isLiteral(ast) && ast.literal === null)

const typeOf = (ast: SchemaAST.AST): { readonly type: ColumnType; readonly nullable: boolean } => {
  const fixed = annotatedType(ast)
  if (fixed !== undefined) return { type: fixed, nullable: false }
  switch (ast._tag) {
    case "Refinement":
      return isInteger(ast) ? { type: "bigint", nullable: false } : typeOf(ast.from)
    case "Transformation":
      return typeOf(ast.from)
    case "Suspend":
      return { type: "json", nullable: false }
    case "StringKeyword":
    case "TemplateLiteral":
    case "Enums":
      return { type: "text", nullable: false }
    case "NumberKeyword":
      return { type: "double", nullable: false }
    case "BooleanKeyword":
      return { type: "boolean", nullable: false }
    case "Literal":
      return typeof ast.literal === "string"
        ? { type: "text", nullable: false }
        : typeof ast.literal === "boolean"
          ? { type: "boolean", nullable: false }
          : typeof ast.literal === "number"
            ? { type: "double", nullable: false }
            : { type: "json", nullable: true }
    case "Union": {
      const members = ast.types.filter((member) => !isNullish(member))
      const nullable = members.length < ast.types.length
      const kinds = new Set(members.map((member) => typeOf(member).type))
      const [only] = [...kinds]
      return { type: kinds.size === 1 && only !== undefined ? only : "json", nullable }
    }
    default:
      return { type: "json", nullable: false }
  }
}

const propertiesOf = (ast: SchemaAST.AST): ReadonlyArray<SchemaAST.PropertySignature> => {
  switch (ast._tag) {
    case "TypeLiteral":
      return ast.propertySignatures
    case "Refinement":
      return propertiesOf(ast.from)
    case "Transformation":
      return propertiesOf(ast.to)
    case "Suspend":
      return propertiesOf(ast.f())
    default:
      return []
  }
}

/** The columns of a record schema, one per top-level field, in declaration order. */
export const fromSchema = (schema: Schema.Schema.AnyNoContext): ReadonlyArray<Column> =>
  propertiesOf(schema.ast).flatMap((property) => {
    if (typeof property.name !== "string") return []
    const { type, nullable } = typeOf(property.type)
    return [
      {
        name: snakeCase(property.name),
        field: property.name,
        type,
        nullable: nullable || property.isOptional
      }
    ]
  })

/** A record split into the values of known columns and the fields no column holds (kept whole, never dropped). */
export const split = (
  columns: ReadonlyArray<Column>,
  record: SourceRecord
): { readonly values: ReadonlyArray<unknown>; readonly extra: SourceRecord | null } => {
  const known = new Set<string>()
  const values = columns.map((column) => {
    known.add(column.field)
    return record[column.field] ?? null
  })
  let extra: Record<string, unknown> | null = null
  for (const key of Object.keys(record)) {
    if (known.has(key)) continue
    extra ??= {}
    extra[key] = record[key]
  }
  return { values, extra }
}
