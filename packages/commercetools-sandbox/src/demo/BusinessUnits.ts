import type { DemoContext, DemoRecord, Rand } from "./Draw.js"
import { cycle, keyRef, ref, setupLifetime, stamps, uuid } from "./Draw.js"

interface Template {
  readonly key: string
  readonly name: string
  readonly parent?: string
  readonly address: Record<string, string>
}

// Two companies with a division each, and one company without.
const TEMPLATES: ReadonlyArray<Template> = [
  {
    key: "acme-gmbh",
    name: "Acme GmbH",
    address: {
      country: "DE",
      city: "München",
      postalCode: "80331",
      streetName: "Marienplatz",
      streetNumber: "1"
    }
  },
  {
    key: "acme-gmbh-berlin",
    name: "Acme GmbH, Berlin office",
    parent: "acme-gmbh",
    address: {
      country: "DE",
      city: "Berlin",
      postalCode: "10115",
      streetName: "Invalidenstraße",
      streetNumber: "5"
    }
  },
  {
    key: "northwind-bv",
    name: "Northwind B.V.",
    address: {
      country: "NL",
      city: "Amsterdam",
      postalCode: "1012 JS",
      streetName: "Dam",
      streetNumber: "20"
    }
  },
  {
    key: "northwind-bv-rotterdam",
    name: "Northwind B.V., Rotterdam",
    parent: "northwind-bv",
    address: {
      country: "NL",
      city: "Rotterdam",
      postalCode: "3011 AD",
      streetName: "Coolsingel",
      streetNumber: "40"
    }
  },
  {
    key: "contoso-ltd",
    name: "Contoso Ltd",
    address: {
      country: "GB",
      city: "London",
      postalCode: "EC2V 7HH",
      streetName: "Gresham Street",
      streetNumber: "1"
    }
  }
]

/** B2B buyers: companies and their divisions, with addresses and associates (customers acting for them). */
export const generateBusinessUnits = (
  rand: Rand,
  context: DemoContext & {
    readonly customerIds: ReadonlyArray<string>
    readonly storeKeys: ReadonlyArray<string>
  }
): ReadonlyArray<DemoRecord> => {
  // In creation order, so a parent always exists before its divisions.
  const lifetimes = Array.from({ length: context.count }, () => setupLifetime(rand, context, 6)).sort(
    (a, b) => a.createdMs - b.createdMs
  )
  return lifetimes.map((life, index) => {
    const { template, suffix } = cycle(TEMPLATES, index)
    const key = `${template.key}${suffix}`
    const parent = template.parent === undefined ? undefined : `${template.parent}${suffix}`
    const addressId = uuid(rand).slice(0, 8)
    // Each unit's associates: the next two customers in turn, an admin and a buyer.
    const associates = [0, 1].flatMap((offset) => {
      const customer = context.customerIds[(index * 2 + offset) % Math.max(1, context.customerIds.length)]
      return customer === undefined
        ? []
        : [
            {
              customer: ref("customer", customer),
              associateRoleAssignments: [
                {
                  associateRole: keyRef("associate-role", offset === 0 ? "admin" : "buyer"),
                  inheritance: "Enabled"
                }
              ]
            }
          ]
    })
    return {
      id: uuid(rand),
      ...stamps(life),
      key,
      unitType: parent === undefined ? "Company" : "Division",
      name: template.name,
      status: "Active",
      contactEmail: `purchasing@${template.key.split("-")[0]}.example`,
      ...(parent === undefined
        ? {
            storeMode: "Explicit",
            stores: context.storeKeys.slice(0, 1).map((store) => keyRef("store", store))
          }
        : {
            storeMode: "FromParent",
            inheritedStores: context.storeKeys.slice(0, 1).map((store) => keyRef("store", store))
          }),
      addresses: [{ id: addressId, key: `${key}-hq`, company: template.name, ...template.address }],
      shippingAddressIds: [addressId],
      defaultShippingAddressId: addressId,
      billingAddressIds: [addressId],
      defaultBillingAddressId: addressId,
      associateMode: parent === undefined ? "Explicit" : "ExplicitAndFromParent",
      associates,
      ...(parent === undefined ? {} : { parentUnit: keyRef("business-unit", parent) }),
      topLevelUnit: keyRef("business-unit", parent ?? key),
      approvalRuleMode: parent === undefined ? "Explicit" : "ExplicitAndFromParent"
    }
  })
}
