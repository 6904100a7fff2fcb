import { Schema } from "effect"

/** Text per locale: `{"en": "Shirt", "de-DE": "Hemd"}`. */
export const LocalizedString = Schema.Record({ key: Schema.String, value: Schema.String })
