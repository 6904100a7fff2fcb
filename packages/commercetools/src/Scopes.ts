/**
 * OAuth scopes as commercetools grants them: `view_orders:{projectKey}`, space-separated in a token response.
 * A `manage_x` scope covers `view_x`, and `manage_project` covers everything.
 */

/** The bare scope names a token holds for one project (scopes of other projects are dropped). */
export const parse = (scope: string, projectKey: string): ReadonlyArray<string> => {
  const names = new Set<string>()
  for (const item of scope.trim().split(/\s+/)) {
    if (item === "") continue
    const colon = item.indexOf(":")
    if (colon < 0) names.add(item)
    else if (item.slice(colon + 1) === projectKey) names.add(item.slice(0, colon))
  }
  return [...names]
}

/** The projects a token's scopes name (`view_orders:shop` names `shop`). */
export const projects = (scope: string): ReadonlyArray<string> => [
  ...new Set(
    scope
      .trim()
      .split(/\s+/)
      .flatMap((item) => {
        const colon = item.indexOf(":")
        return colon < 0 ? [] : [item.slice(colon + 1)]
      })
  )
]

/** Whether the granted scopes include `needed`, directly, through its manage scope, or through manage_project. */
export const covers = (granted: ReadonlyArray<string>, needed: string): boolean =>
  granted.includes(needed) ||
  granted.includes("manage_project") ||
  (needed.startsWith("view_") && granted.includes(`manage_${needed.slice("view_".length)}`))

/** Whether any one of `access` is granted. */
export const grantsAny = (granted: ReadonlyArray<string>, access: ReadonlyArray<string>): boolean =>
  access.some((scope) => covers(granted, scope))

/** The scopes that let a client change data. */
export const writing = (granted: ReadonlyArray<string>): ReadonlyArray<string> =>
  granted.filter((scope) => scope.startsWith("manage_"))

/** How a table's missing scope reads in a message: the scope it needs, and the alternatives that also work. */
export const describeMissing = (table: string, access: ReadonlyArray<string>): string => {
  const [first, ...others] = access
  const also = others.length > 0 ? ` (or ${others.join(" or ")})` : ""
  return `${table}: the API client lacks the ${first ?? "required"} scope${also}`
}
