/**
 * Analysis-ready views a source declares over its tables, in warehouse-neutral terms: a path into the stored
 * record, a value type, money as minor units and fraction digits, localized text as one column per language.
 * A warehouse renders them (PostgreSQL: SQL views over the stored jsonb), so a source never writes SQL.
 */

/** A path into a record (or an array element): field names from the outside in, e.g. `["variant", "sku"]`. */
export type Path = readonly [string, ...Array<string>]

/** The path's first field is a field of the parent record (checked against its schema). */
export type RecordPath<K extends string> = readonly [K, ...Array<string>]

/** The type of a plain value column. */
export type ValueType = "text" | "integer" | "numeric" | "boolean" | "timestamp"

/**
 * How a money object spells its parts: an integer amount in minor units (cents), the fraction digits that turn
 * it into currency units (`12345` with 2 is 123.45; JPY has 0), its currency and, when it has one, a more
 * precise integer amount with the same fraction digits (commercetools' `preciseAmount`).
 */
export interface MoneyParts {
  readonly minorUnits: string
  readonly fractionDigits: string
  readonly currency: string
  readonly preciseMinorUnits?: string
}

/**
 * One declared column (or group of columns) of a view, named by its key in the view's `columns`:
 * - `Value`: the value at `path` as `type`;
 * - `Money`: `{name}_amount` (numeric, in currency units) and `{name}_currency`;
 * - `Localized`: `{name}_{language}` per language (`de-DE` → `name_de_de`) and `{name}` with every language as
 *   an object. `languages` fixes the list; without it the warehouse uses the languages present in the data.
 */
export type Column<P extends Path = Path> =
  | { readonly _tag: "Value"; readonly path: P; readonly type: ValueType }
  | { readonly _tag: "Money"; readonly path: P; readonly parts: MoneyParts }
  | { readonly _tag: "Localized"; readonly path: P; readonly languages?: ReadonlyArray<string> }

export const value = <const P extends Path>(path: P, type: ValueType): Column<P> => ({
  _tag: "Value",
  path,
  type
})

export const money = <const P extends Path>(path: P, parts: MoneyParts): Column<P> => ({
  _tag: "Money",
  path,
  parts
})

export const localized = <const P extends Path>(path: P, languages?: ReadonlyArray<string>): Column<P> => ({
  _tag: "Localized",
  path,
  ...(languages === undefined ? {} : { languages })
})

/**
 * A child collection: one row per element of the array at `array` in each record of the table. Each row has the
 * parent's key as `parentKey`, the parent's partition column (e.g. `created_at`) and deletion mark, then the
 * declared columns, whose paths are within the element.
 */
export interface Children<K extends string = string> {
  readonly _tag: "Children"
  /** snake_case view name, e.g. `order_line_items`. */
  readonly name: string
  readonly description: string
  readonly array: RecordPath<K>
  /** The column holding the parent record's key, e.g. `order_id`. */
  readonly parentKey: string
  readonly columns: Readonly<Record<string, Column>>
}

/** The table's rows with every stored column, plus the declared columns, whose paths are within the record. */
export interface Derived<K extends string = string> {
  readonly _tag: "Derived"
  readonly name: string
  readonly description: string
  readonly columns: Readonly<Record<string, Column<RecordPath<K>>>>
}

export type View<K extends string = string> = Children<K> | Derived<K>

export const children = <K extends string>(view: Omit<Children<K>, "_tag">): Children<K> => ({
  _tag: "Children",
  ...view
})

export const derived = <K extends string>(view: Omit<Derived<K>, "_tag">): Derived<K> => ({
  _tag: "Derived",
  ...view
})

/** The column name of a language: lower case, `-` as `_` (`de-DE` → `de_de`). */
export const languageSuffix = (language: string): string => language.toLowerCase().replace(/[^a-z0-9]+/g, "_")

/** The names of the columns a declared column becomes, given the languages of a localized one. */
export const columnNames = (
  name: string,
  column: Column,
  languages: ReadonlyArray<string> = []
): ReadonlyArray<string> => {
  switch (column._tag) {
    case "Value":
      return [name]
    case "Money":
      return [`${name}_amount`, `${name}_currency`]
    case "Localized":
      return [name, ...languages.map((language) => `${name}_${languageSuffix(language)}`)]
  }
}
