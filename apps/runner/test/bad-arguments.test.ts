import { describe, expect, it } from "vitest"
import { sources } from "../src/sources.js"
import { lines, run } from "./support/Cli.js"

describe("a bad command line", () => {
  it("an unknown table: one line listing the valid ones, exit 1, nothing synced", async () => {
    const result = await run(["sync", "example", "--sandbox", "--tables", "books,nope"])
    expect(result.code).toBe(1)
    expect(lines(result.stderr)).toEqual(["✗ unknown table nope for example: expected one of authors, books"])
    expect(result.stdout).toBe("")
  })

  it("an unknown mode: names the option and the valid modes, exit 2", async () => {
    const result = await run(["sync", "example", "--mode", "fast"])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'unknown --mode "fast": expected one of incremental, full_refresh, append'
    )
    expect(result.stdout).toBe("")
  })

  it("an unknown source: lists the registered ones, exit 1", async () => {
    const result = await run(["tables", "shopify"])
    expect(result.code).toBe(1)
    expect(lines(result.stderr)).toEqual([
      `✗ unknown source "shopify": expected one of ${sources.map((source) => source.name).join(", ")}`
    ])
  })

  it("a --setting without a value is refused without echoing it", async () => {
    const result = await run(["sync", "example", "--setting", "hunter2-secret"])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("--setting #1 is not name=value")
    expect(result.stderr + result.stdout).not.toContain("hunter2")
  })

  it("--scale without --sandbox is named", async () => {
    const result = await run(["sync", "example", "--scale", "10"])
    expect(result.code).toBe(1)
    expect(lines(result.stderr)).toEqual(["✗ --scale only applies with --sandbox"])
  })

  it("every command has --help", async () => {
    for (const command of ["sync", "check", "tables", "state", "spec", "sources"]) {
      const result = await run([command, "--help"])
      expect(result.code, command).toBe(0)
      expect(result.stdout, command).toContain("DESCRIPTION")
    }
  })
})
