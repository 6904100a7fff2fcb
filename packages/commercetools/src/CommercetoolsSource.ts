import { Http, Source } from "@sluice/source-sdk"
import { Effect, Layer } from "effect"
import { Api } from "./Api.js"
import { Auth, foreignProject } from "./Auth.js"
import { check, readableTables } from "./Check.js"
import { Config } from "./Config.js"
import * as DeletionFeed from "./deletions/DeletionFeed.js"
import { tables } from "./Tables.js"

/** The services the tables read with: the API over one shared token, on Node's HTTP client (undici). */
export const layer = (config: Config): Layer.Layer<Api | Auth> =>
  Api.layer(config).pipe(Layer.provideMerge(Auth.layer(config)), Layer.provide(Http.nodeClient))

/** Gets the shared token (the first request of any sync needs it anyway): wrong credentials or project fail once. */
const ready = Effect.gen(function* () {
  const auth = yield* Auth
  const api = yield* Api
  const token = yield* auth.token
  const elsewhere = foreignProject(token, api.projectKey)
  if (elsewhere !== undefined) return yield* elsewhere
})

/** commercetools: orders, customers, payments, carts, products, categories, ... and the rest of the shop. */
export const CommercetoolsSource: Source.Source = Source.make({
  name: "commercetools",
  title: "commercetools",
  description:
    "Orders, customers, payments, carts, products, categories, discount codes, inventory and the rest of the shop (stores, prices, promotions, shipping, quotes, messages, ...) of a commercetools project",
  config: Config,
  tables,
  layer,
  check,
  ready,
  readable: readableTables,
  deletions: DeletionFeed.make(tables)
})
