import type { DemoContext, DemoRecord, Rand } from "./Draw.js"
import { cycle, loc, setupLifetime, stamps, uuid } from "./Draw.js"

const text = (name: string, label: string, isRequired = false) => ({
  type: { name: "text" },
  name,
  label: loc(label),
  isRequired,
  level: "Variant",
  attributeConstraint: "None",
  inputHint: "SingleLine",
  isSearchable: true
})

// `enum` labels are plain text, `lenum` labels are localized.
const enumeration = (kind: "enum" | "lenum", name: string, label: string, values: ReadonlyArray<string>) => ({
  type: { name: kind, values: values.map((key) => ({ key, label: kind === "enum" ? key : loc(key) })) },
  name,
  label: loc(label),
  isRequired: false,
  level: "Variant",
  attributeConstraint: "CombinationUnique",
  inputHint: "SingleLine",
  isSearchable: true
})

const TEMPLATES = [
  {
    key: "apparel",
    name: "Apparel",
    description: "Clothing and shoes, in sizes and colours",
    attributes: [
      enumeration("enum", "size", "Size", ["XS", "S", "M", "L", "XL"]),
      enumeration("lenum", "color", "Colour", ["black", "white", "navy", "olive", "sand", "red", "grey"])
    ]
  },
  {
    key: "home",
    name: "Home",
    description: "Kitchen, living and bedding",
    attributes: [text("brand", "Brand")]
  },
  {
    key: "electronics",
    name: "Electronics",
    description: "Audio and small devices",
    attributes: [text("brand", "Brand"), { ...text("warranty", "Warranty"), level: "Product" }]
  },
  {
    key: "gift-card",
    name: "Gift card",
    description: "Digital gift cards",
    attributes: [{ ...text("design", "Design", true), level: "Product" }]
  }
]

/** Product types and their attributes: apparel, home, electronics, gift cards. */
export const generateProductTypes = (rand: Rand, context: DemoContext): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const { template, suffix } = cycle(TEMPLATES, index)
    return {
      id: uuid(rand),
      ...stamps(setupLifetime(rand, context, 3)),
      key: `${template.key}${suffix}`,
      name: template.name,
      description: template.description,
      attributes: template.attributes
    }
  })
