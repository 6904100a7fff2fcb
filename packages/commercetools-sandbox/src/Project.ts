/** The project settings the sandbox honours: whether messages are recorded and kept how long, and cart expiry. */
export interface ProjectSettings {
  name: string
  /** Bumped on every settings change, as the Project resource's `version`. */
  version: number
  readonly createdAt: string
  messages: { enabled: boolean; deleteDaysAfterCreation: number }
  carts: { deleteDaysAfterLastModification: number }
}

/** The API's defaults: messages kept 15 days, carts deleted 90 days after their last change. */
export const defaultProjectSettings = (overrides: Partial<ProjectSettings> = {}): ProjectSettings => ({
  name: "Sluice Demo",
  version: 1,
  createdAt: "2024-01-01T00:00:00.000Z",
  ...overrides,
  messages: { enabled: true, deleteDaysAfterCreation: 15, ...overrides.messages },
  carts: { deleteDaysAfterLastModification: 90, ...overrides.carts }
})

/** `GET /{projectKey}`: the Project resource as the API reference declares it (api/types/project/Project.raml). */
export const projectResource = (key: string, settings: ProjectSettings): Record<string, unknown> => ({
  version: settings.version,
  key,
  name: settings.name,
  countries: ["US", "DE", "GB", "NL"],
  currencies: ["USD", "EUR", "GBP"],
  languages: ["en-US", "de-DE", "nl-NL"],
  createdAt: settings.createdAt,
  messages: {
    enabled: settings.messages.enabled,
    deleteDaysAfterCreation: settings.messages.deleteDaysAfterCreation
  },
  carts: {
    deleteDaysAfterLastModification: settings.carts.deleteDaysAfterLastModification,
    countryTaxRateFallbackEnabled: false
  },
  discounts: { discountCombinationMode: "Stacking" },
  inventory: { releaseExpiredReservations: true, reservationExpirationInMinutes: 1440 }
})
