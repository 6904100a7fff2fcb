import { Schema } from "effect"
import { CustomFields } from "../schema/CustomFields.js"
import { LocalizedString } from "../schema/LocalizedString.js"
import { KeyReference, Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import { Timestamp } from "../schema/Timestamp.js"
import * as ResourceTable from "./ResourceTable.js"

const text = Schema.optional(Schema.String)

/** A product on a shopping list; an expanded `variant` is kept whole. */
export const ShoppingListLineItem = Schema.Struct({
  id: Schema.String,
  key: text,
  productId: Schema.String,
  productType: Reference,
  name: LocalizedString,
  published: Schema.Boolean,
  quantity: Schema.Int,
  variantId: Schema.optional(Schema.Int),
  variant: Schema.optional(Schema.Unknown),
  productSlug: Schema.optional(LocalizedString),
  addedAt: Timestamp,
  deactivatedAt: Schema.optional(Timestamp),
  custom: Schema.optional(CustomFields)
})

/** A free-text entry on a shopping list (a gift idea, a note). */
export const TextLineItem = Schema.Struct({
  id: Schema.String,
  key: text,
  name: LocalizedString,
  description: Schema.optional(LocalizedString),
  quantity: Schema.Int,
  addedAt: Timestamp,
  custom: Schema.optional(CustomFields)
})

/** A wishlist or saved list of a customer or an anonymous session (`/shopping-lists`). */
export const ShoppingList = Schema.Struct({
  ...resourceFields,
  key: text,
  name: LocalizedString,
  slug: Schema.optional(LocalizedString),
  description: Schema.optional(LocalizedString),
  customer: Schema.optional(Reference),
  anonymousId: text,
  store: Schema.optional(KeyReference),
  businessUnit: Schema.optional(KeyReference),
  lineItems: Schema.Array(ShoppingListLineItem),
  textLineItems: Schema.Array(TextLineItem),
  deleteDaysAfterLastModification: Schema.optional(Schema.Int),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const shoppingLists = ResourceTable.make({
  name: "shopping_lists",
  description: "Wishlists and saved shopping lists",
  path: "shopping-lists",
  schema: ShoppingList,
  grain: "year",
  access: ["view_shopping_lists"],
  ids: { field: "shoppingLists" }
})
