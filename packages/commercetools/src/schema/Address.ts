import { Schema } from "effect"

const text = Schema.optional(Schema.String)

/** A postal address; only the country (ISO 3166-1 alpha-2) is always there. */
export const Address = Schema.Struct({
  id: text,
  key: text,
  country: Schema.String,
  title: text,
  salutation: text,
  firstName: text,
  lastName: text,
  streetName: text,
  streetNumber: text,
  additionalStreetInfo: text,
  postalCode: text,
  city: text,
  region: text,
  state: text,
  company: text,
  department: text,
  building: text,
  apartment: text,
  pOBox: text,
  phone: text,
  mobile: text,
  email: text,
  fax: text,
  additionalAddressInfo: text,
  externalId: text
})
