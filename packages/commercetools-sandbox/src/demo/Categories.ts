import type { DemoContext } from "./Context.js"
import { CATEGORY_TREE, type CategoryNode } from "./Names.js"
import { DAY, EMPTY, iso, type Json, loc, type Ref, ref, slugify } from "./Values.js"

/** The category tree: records, the leaves products are filed under, and the Sale category. */
export const generateCategories = (ctx: DemoContext) => {
  const { random, ids, merchant, setupMs } = ctx
  const categories: Array<Json> = []
  const leafCategories: Array<{ ref: Ref; nouns: ReadonlyArray<string>; ancestors: Array<Ref> }> = []
  const saleCategory: { ref?: Ref } = {}
  const addCategory = (node: CategoryNode, ancestors: Array<Ref>, position: number): void => {
    const id = ids()
    const key = slugify(node.name)
    const createdAtMs = setupMs + categories.length * 1_000
    const modified = random.chance(0.3)
    const parent = ancestors[ancestors.length - 1]
    categories.push({
      id,
      version: modified ? random.int(2, 6) : 1,
      key,
      name: loc(node.name),
      slug: loc(key),
      description: loc(`${node.name} at the Sluice demo store.`),
      ancestors: ancestors.slice(),
      ...(parent === undefined ? {} : { parent }),
      orderHint: `0.${position + 1}`,
      externalId: `cat-${1000 + categories.length}`,
      metaTitle: loc(`${node.name} | Sluice Demo`),
      assets: EMPTY,
      createdAt: iso(createdAtMs),
      lastModifiedAt: iso(modified ? createdAtMs + random.int(1, 500) * DAY : createdAtMs),
      createdBy: merchant,
      lastModifiedBy: merchant
    })
    const self = ref("category", id)
    if (node.name === "Sale") saleCategory.ref = self
    if (node.nouns !== undefined)
      leafCategories.push({ ref: self, nouns: node.nouns, ancestors: [...ancestors, self] })
    node.children?.forEach((child, i) => {
      addCategory(child, [...ancestors, self], i)
    })
  }
  CATEGORY_TREE.forEach((node, i) => {
    addCategory(node, [], i)
  })
  return { categories, leafCategories, saleCategory }
}
