import type { DemoContext, DemoRecord, Rand } from "./Draw.js"
import { cycle, loc, setupLifetime, stamps, uuid } from "./Draw.js"

const field = (name: string, label: string, type: Record<string, unknown>, required = false) => ({
  name,
  label: loc(label),
  required,
  type,
  inputHint: "SingleLine"
})

const TEMPLATES = [
  {
    key: "order-gift-options",
    name: "Gift options",
    resourceTypeIds: ["order"],
    fieldDefinitions: [
      field("giftNote", "Gift note", { name: "String" }),
      field("giftWrap", "Gift wrap", { name: "Boolean" })
    ]
  },
  {
    key: "customer-preferences",
    name: "Customer preferences",
    resourceTypeIds: ["customer"],
    fieldDefinitions: [
      field("newsletter", "Newsletter", { name: "Boolean" }),
      field("preferredStore", "Preferred store", { name: "Reference", referenceTypeId: "store" })
    ]
  },
  {
    key: "line-item-engraving",
    name: "Engraving",
    resourceTypeIds: ["line-item", "custom-line-item"],
    fieldDefinitions: [field("engravingText", "Engraving text", { name: "String" }, true)]
  }
]

/** Types that add custom fields to orders, customers and line items. */
export const generateTypes = (rand: Rand, context: DemoContext): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const { template, suffix } = cycle(TEMPLATES, index)
    return {
      id: uuid(rand),
      ...stamps(setupLifetime(rand, context, 2)),
      key: `${template.key}${suffix}`,
      name: loc(template.name),
      description: loc(`${template.name} for ${template.resourceTypeIds.join(" and ")}`),
      resourceTypeIds: template.resourceTypeIds,
      fieldDefinitions: template.fieldDefinitions
    }
  })
