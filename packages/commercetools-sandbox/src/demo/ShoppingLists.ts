import type { DemoContext, DemoProduct, DemoRecord, Rand } from "./Draw.js"
import { activityLifetime, chance, int, iso, keyRef, loc, pick, ref, stamps, uuid } from "./Draw.js"

const NAMES = ["Wishlist", "Birthday ideas", "For later", "Kitchen refresh", "Holiday gifts", "Gym kit"]
const NOTES = ["Something for Dad", "Ask about the gift wrap", "Check the size guide", "Matching socks"]

/** Wishlists of customers and of anonymous visitors (kept 30 days after their last change). */
export const generateShoppingLists = (
  rand: Rand,
  context: DemoContext & {
    readonly customerIds: ReadonlyArray<string>
    readonly products: ReadonlyArray<DemoProduct>
    readonly storeKeys: ReadonlyArray<string>
  }
): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const life = activityLifetime(rand, context, 8)
    const name = pick(rand, NAMES)
    const anonymous = context.customerIds.length === 0 || chance(rand, 0.25)
    const addedAt = () => iso(life.createdMs + Math.floor(rand() * (life.modifiedMs - life.createdMs)))
    const lineItems =
      context.products.length === 0
        ? []
        : Array.from({ length: int(rand, 1, 6) }, () => {
            const product = pick(rand, context.products)
            const variant = pick(rand, product.variants)
            return {
              id: uuid(rand),
              productId: product.id,
              productType: ref("product-type", product.productTypeId),
              name: loc(product.name),
              productSlug: loc(product.slug),
              published: true,
              variantId: variant.id,
              quantity: int(rand, 1, 3),
              addedAt: addedAt()
            }
          })
    const textLineItems = chance(rand, 0.2)
      ? [{ id: uuid(rand), name: loc(pick(rand, NOTES)), quantity: 1, addedAt: addedAt() }]
      : []
    const store = context.storeKeys.length > 0 ? pick(rand, context.storeKeys) : undefined
    return {
      id: uuid(rand),
      ...stamps(life),
      key: `list-${index + 1}`,
      name: loc(name),
      slug: loc(`${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${index + 1}`),
      ...(anonymous
        ? { anonymousId: uuid(rand) }
        : { customer: ref("customer", pick(rand, context.customerIds)) }),
      ...(store === undefined ? {} : { store: keyRef("store", store) }),
      lineItems,
      textLineItems,
      ...(anonymous ? { deleteDaysAfterLastModification: 30 } : {})
    }
  })
