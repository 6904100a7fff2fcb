import { conformance } from "@sluice/source-sdk/testing"
import { ExampleSource } from "../src/index.js"
import { exampleHarness } from "./Harness.js"

conformance(ExampleSource, { harness: exampleHarness })
