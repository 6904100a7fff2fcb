import type { DemoContext, DemoRecord, Rand } from "./Draw.js"
import { loc, ref, setupLifetime, stamps, uuid } from "./Draw.js"

interface Template {
  readonly key: string
  readonly type: string
  readonly name: string
  readonly initial: boolean
  readonly builtIn?: boolean
  readonly roles?: ReadonlyArray<string>
  /** Keys of the states it may move on to. */
  readonly next: ReadonlyArray<string>
}

// Workflows as a fashion shop runs them: order fulfilment, line item picking, product approval, payment review.
const TEMPLATES: ReadonlyArray<Template> = [
  { key: "Initial", type: "LineItemState", name: "Initial", initial: true, builtIn: true, next: [] },
  { key: "order-received", type: "OrderState", name: "Received", initial: true, next: ["order-packed"] },
  { key: "order-packed", type: "OrderState", name: "Packed", initial: false, next: ["order-shipped"] },
  { key: "order-shipped", type: "OrderState", name: "Shipped", initial: false, next: ["order-returned"] },
  { key: "order-returned", type: "OrderState", name: "Returned", initial: false, next: [] },
  { key: "product-draft", type: "ProductState", name: "Draft", initial: true, next: ["product-approved"] },
  { key: "product-approved", type: "ProductState", name: "Approved", initial: false, next: [] },
  {
    key: "review-approved",
    type: "ReviewState",
    name: "Approved review",
    initial: true,
    roles: ["ReviewIncludedInStatistics"],
    next: []
  },
  { key: "payment-review", type: "PaymentState", name: "Under review", initial: true, next: [] }
]

/** Workflow states, each with the states it may move on to. */
export const generateStates = (rand: Rand, context: DemoContext): ReadonlyArray<DemoRecord> => {
  const chosen = TEMPLATES.slice(0, Math.min(context.count, TEMPLATES.length))
  const ids = new Map(chosen.map((template) => [template.key, uuid(rand)]))
  return chosen.map((template) => {
    const transitions = template.next.flatMap((key) => {
      const id = ids.get(key)
      return id === undefined ? [] : [ref("state", id)]
    })
    return {
      id: ids.get(template.key),
      ...stamps(setupLifetime(rand, context, template.builtIn === true ? 0 : 2)),
      key: template.key,
      type: template.type,
      name: loc(template.name),
      initial: template.initial,
      builtIn: template.builtIn === true,
      ...(template.roles === undefined ? {} : { roles: [...template.roles] }),
      ...(template.builtIn === true ? {} : { transitions })
    }
  })
}
