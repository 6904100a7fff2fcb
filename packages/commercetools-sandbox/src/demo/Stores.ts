import type { DemoContext, DemoRecord, Rand } from "./Draw.js"
import { cycle, loc, ref, setupLifetime, stamps, uuid } from "./Draw.js"

const TEMPLATES = [
  { key: "us", name: "United States", languages: ["en-US"], countries: ["US"] },
  { key: "eu", name: "Europe", languages: ["en-US", "de-DE", "nl-NL"], countries: ["DE", "NL", "AT"] },
  { key: "uk", name: "United Kingdom", languages: ["en-GB", "en-US"], countries: ["GB"] }
] as const

/** The markets the shop sells in, each with its languages, countries and channels. */
export const generateStores = (
  rand: Rand,
  context: DemoContext & {
    readonly distributionChannelIds: ReadonlyArray<string>
    readonly supplyChannelIds: ReadonlyArray<string>
  }
): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const { template, suffix } = cycle(TEMPLATES, index)
    // Every store sells through every distribution channel; each market ships from one supply channel.
    const supply = context.supplyChannelIds[index % Math.max(1, context.supplyChannelIds.length)]
    return {
      id: uuid(rand),
      ...stamps(setupLifetime(rand, context)),
      key: `${template.key}${suffix}`,
      name: loc(template.name),
      languages: [...template.languages],
      countries: template.countries.map((code) => ({ code })),
      distributionChannels: context.distributionChannelIds.map((id) => ref("channel", id)),
      supplyChannels: supply === undefined ? [] : [ref("channel", supply)],
      productSelections: []
    }
  })
