import type { DemoContext, DemoRecord, Rand } from "./Draw.js"
import { cycle, loc, setupLifetime, stamps, uuid } from "./Draw.js"

const TEMPLATES = [
  {
    key: "warehouse-us-east",
    roles: ["InventorySupply"],
    name: "US East Warehouse",
    address: {
      country: "US",
      city: "Columbus",
      postalCode: "43215",
      streetName: "Logistics Parkway",
      streetNumber: "400",
      state: "OH"
    },
    coordinates: [-82.9988, 39.9612]
  },
  {
    key: "warehouse-eu-central",
    roles: ["InventorySupply"],
    name: "EU Central Warehouse",
    address: {
      country: "DE",
      city: "Erfurt",
      postalCode: "99099",
      streetName: "Am Flughafen",
      streetNumber: "12"
    },
    coordinates: [11.0299, 50.9787]
  },
  {
    key: "web-shop",
    roles: ["ProductDistribution"],
    name: "Web shop",
    address: {
      country: "US",
      city: "New York",
      postalCode: "10001",
      streetName: "W 34th St",
      streetNumber: "20"
    },
    coordinates: [-73.9857, 40.7484]
  },
  {
    key: "flagship-berlin",
    roles: ["ProductDistribution", "InventorySupply"],
    name: "Flagship Store Berlin",
    address: {
      country: "DE",
      city: "Berlin",
      postalCode: "10117",
      streetName: "Friedrichstraße",
      streetNumber: "68"
    },
    coordinates: [13.3889, 52.5128]
  }
] as const

/** Supply and distribution channels: warehouses, the web shop, a flagship store. */
export const generateChannels = (rand: Rand, context: DemoContext): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const { template, round, suffix } = cycle(TEMPLATES, index)
    return {
      id: uuid(rand),
      ...stamps(setupLifetime(rand, context)),
      key: `${template.key}${suffix}`,
      roles: [...template.roles],
      name: loc(round === 0 ? template.name : `${template.name} ${round + 1}`),
      description: loc(
        (template.roles as ReadonlyArray<string>).includes("InventorySupply")
          ? "Ships orders from its own stock"
          : "Sells to customers"
      ),
      address: { id: uuid(rand).slice(0, 8), ...template.address },
      geoLocation: { type: "Point", coordinates: [...template.coordinates] }
    }
  })
