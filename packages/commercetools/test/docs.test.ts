import { readFileSync, writeFileSync } from "node:fs"
import { Settings } from "@sluice/source-sdk"
import { describe, expect, it } from "vitest"
import { Config, Tables } from "../src/index.js"
import { end, render, start } from "./support/ColumnsDoc.js"

const path = new URL("../../../docs/sources/commercetools.md", import.meta.url)

/** Markdown tables without the padding the formatter adds, so generated and formatted text compare equal. */
const unpadded = (text: string) =>
  text
    .split("\n")
    .map((line) => (line.startsWith("|") ? line.replace(/\s*\|\s*/g, "|").replace(/-{3,}/g, "---") : line))
    .join("\n")

describe("docs/sources/commercetools.md", () => {
  it("lists every column of every table as the schemas define them (UPDATE_DOCS=1 regenerates)", () => {
    const doc = readFileSync(path, "utf8")
    const from = doc.indexOf(start)
    const to = doc.indexOf(end)
    expect(from).toBeGreaterThanOrEqual(0)
    expect(to).toBeGreaterThan(from)
    const generated = `${start}\n\n${render()}\n${end}`
    const current = doc.slice(from, to + end.length)
    if (process.env.UPDATE_DOCS === "1" && unpadded(current) !== unpadded(generated)) {
      writeFileSync(path, doc.slice(0, from) + generated + doc.slice(to + end.length))
      // then: npx biome format --write docs/sources/commercetools.md
      return
    }
    expect(unpadded(current)).toBe(unpadded(generated))
  })

  it("names every region, setting variable and table scope", () => {
    const doc = readFileSync(path, "utf8")
    for (const region of Config.regions) expect(doc).toContain(`\`${region}\``)
    // Every setting's variable, from the config schema itself: a new setting cannot go undocumented.
    for (const env of Settings.describe(Config.Config).map((setting) => setting.env)) {
      expect(doc).toContain(env)
    }
    for (const table of Tables.allTables)
      expect(unpadded(doc)).toContain(`|\`${table.name}\`|\`${table.access[0]}\``)
  })

  it("names the deletion message types of every table that has them, as the tables declare them", () => {
    const doc = unpadded(readFileSync(path, "utf8"))
    for (const table of Tables.tables.filter((table) => table.deletedBy.length > 0)) {
      expect(doc).toContain(`|\`${table.name}\`|${table.deletedBy.map((type) => `\`${type}\``).join(", ")}|`)
    }
  })
})
