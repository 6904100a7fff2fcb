import type { DemoContext, DemoProduct, DemoRecord, Rand } from "./Draw.js"
import {
  activityLifetime,
  chance,
  DAY,
  int,
  iso,
  keyRef,
  loc,
  money,
  pick,
  ref,
  stamps,
  uuid
} from "./Draw.js"

const STATES = [
  "Pending",
  "Accepted",
  "Declined",
  "DeclinedForRenegotiation",
  "RenegotiationAddressed",
  "Withdrawn"
]
const STATE_WEIGHTS = [0.25, 0.4, 0.1, 0.1, 0.05, 0.1]
const VAT = 0.19

const weighted = (rand: Rand): string => {
  let r = rand()
  for (let i = 0; i < STATES.length; i++) {
    r -= STATE_WEIGHTS[i] ?? 0
    if (r < 0) return STATES[i] ?? "Pending"
  }
  return "Pending"
}

/** B2B quotes in EUR (prices include 19% VAT), bulk quantities at a negotiated discount. */
export const generateQuotes = (
  rand: Rand,
  context: DemoContext & {
    readonly customerIds: ReadonlyArray<string>
    readonly businessUnitKeys: ReadonlyArray<string>
    readonly storeKeys: ReadonlyArray<string>
    readonly products: ReadonlyArray<DemoProduct>
  }
): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const life = activityLifetime(rand, context, 5)
    const discount = pick(rand, [1, 0.95, 0.9, 0.85])
    const lineItems =
      context.products.length === 0
        ? []
        : Array.from({ length: int(rand, 1, 4) }, () => {
            const product = pick(rand, context.products)
            const variant = pick(rand, product.variants)
            const unit = Math.round(variant.centAmount * discount)
            const quantity = int(rand, 10, 200)
            return {
              id: uuid(rand),
              productId: product.id,
              productKey: product.key,
              name: loc(product.name),
              productSlug: loc(product.slug),
              productType: ref("product-type", product.productTypeId),
              variant: { id: variant.id, sku: variant.sku },
              price: { id: uuid(rand), value: money("EUR", unit) },
              quantity,
              totalPrice: money("EUR", unit * quantity),
              taxRate: { name: "DE 19%", amount: VAT, includedInPrice: true, country: "DE", subRates: [] },
              discountedPricePerQuantity: [],
              taxedPricePortions: [],
              state: [],
              perMethodTaxRate: [],
              priceMode: "Platform",
              lineItemMode: "Standard",
              addedAt: life.createdAt
            }
          })
    const total = lineItems.reduce((sum, item) => sum + item.totalPrice.centAmount, 0)
    const net = Math.round(total / (1 + VAT))
    const customer = context.customerIds.length > 0 ? pick(rand, context.customerIds) : undefined
    const businessUnit =
      context.businessUnitKeys.length > 0 ? pick(rand, context.businessUnitKeys) : undefined
    const store = context.storeKeys.length > 0 ? pick(rand, context.storeKeys) : undefined
    return {
      id: uuid(rand),
      ...stamps(life),
      key: `quote-${String(index + 1).padStart(4, "0")}`,
      quoteState: life.version === 1 ? "Pending" : weighted(rand),
      quoteRequest: ref("quote-request", uuid(rand)),
      stagedQuote: ref("staged-quote", uuid(rand)),
      ...(customer === undefined ? {} : { customer: ref("customer", customer) }),
      ...(businessUnit === undefined ? {} : { businessUnit: keyRef("business-unit", businessUnit) }),
      ...(store === undefined ? {} : { store: keyRef("store", store) }),
      validTo: iso(life.createdMs + 30 * DAY),
      sellerComment: `Volume pricing: ${Math.round((1 - discount) * 100)}% off list`,
      ...(chance(rand, 0.3) ? { buyerComment: "Please confirm delivery within two weeks" } : {}),
      ...(chance(rand, 0.5) ? { purchaseOrderNumber: `PO-${int(rand, 10000, 99999)}` } : {}),
      lineItems,
      customLineItems: [],
      totalPrice: money("EUR", total),
      taxedPrice: {
        totalNet: money("EUR", net),
        totalGross: money("EUR", total),
        totalTax: money("EUR", total - net),
        taxPortions: [{ rate: VAT, amount: money("EUR", total - net), name: "DE 19%" }]
      },
      country: "DE",
      inventoryMode: "None",
      taxMode: "Platform",
      priceRoundingMode: "HalfEven",
      taxRoundingMode: "HalfEven",
      taxCalculationMode: "LineItemLevel",
      directDiscounts: []
    }
  })
