/** Quotes a SQL identifier (schema, table or column name). */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** A schema-qualified, quoted name: `"commercetools"."orders"`. */
export const qualified = (schema: string, name: string): string => `${ident(schema)}.${ident(name)}`

/** Quotes a SQL string literal. */
export const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`
