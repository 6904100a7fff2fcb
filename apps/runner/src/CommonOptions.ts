import { Args, HelpDoc, Options, ValidationError } from "@effect/cli"
import { Duration, Effect, Option } from "effect"

const usage = (message: string) => ValidationError.invalidValue(HelpDoc.p(message))

export const source = Args.text({ name: "source" }).pipe(
  Args.withDescription("The source, by name (the `sources` command lists the registered ones)")
)

export const json = Options.boolean("json").pipe(
  Options.withDescription("Print machine-readable JSON on stdout instead of text")
)

export const sandbox = Options.boolean("sandbox").pipe(
  Options.withDescription(
    "Start the source's local sandbox server with demo data and use it instead of the real API (no account needed)"
  )
)

/**
 * `--setting name=value`, repeatable. Parsed here rather than with `Options.keyValueMap`, which cuts values at a
 * second `=` (base64 secrets end in `=`) and echoes malformed pairs, secrets included.
 */
export const settings = Options.text("setting").pipe(
  Options.withAlias("s"),
  Options.withPseudoName("name=value"),
  Options.repeated,
  Options.withDescription(
    "A source setting as name=value, by setting name or environment variable (e.g. projectKey=shop or CTP_PROJECT_KEY=shop); repeatable; overrides the environment"
  ),
  Options.mapEffect((pairs) => {
    const out: Record<string, string> = {}
    for (const [index, pair] of pairs.entries()) {
      const at = pair.indexOf("=")
      // Never echo the pair: it may be a secret.
      if (at <= 0) return Effect.fail(usage(`--setting #${index + 1} is not name=value`))
      out[pair.slice(0, at).trim()] = pair.slice(at + 1)
    }
    return Effect.succeed(out as Readonly<Record<string, string>>)
  })
)

const units: Readonly<Record<string, Duration.Unit>> = {
  ms: "millis",
  s: "seconds",
  sec: "seconds",
  m: "minutes",
  min: "minutes",
  h: "hours",
  d: "days"
}

/** Reads `90s`, `5m`, `1h`, `2d`, `0`, or Effect's own `5 minutes`. */
export const parseDuration = (text: string): Option.Option<Duration.Duration> => {
  const trimmed = text.trim()
  if (trimmed === "0") return Option.some(Duration.zero)
  const short = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d)$/.exec(trimmed)
  if (short !== null) {
    const unit = units[short[2] ?? ""]
    return unit === undefined ? Option.none() : Option.some(Duration.decode(`${Number(short[1])} ${unit}`))
  }
  return Duration.decodeUnknown(trimmed)
}

export const lookback = Options.text("lookback").pipe(
  Options.withPseudoName("duration"),
  Options.withDescription(
    "Settle window re-read before the stored cursor on incremental syncs, e.g. 90s, 5m, 1h (default 5m)"
  ),
  Options.mapEffect((text) =>
    Option.match(parseDuration(text), {
      onNone: () => Effect.fail(usage(`--lookback expects a duration such as 90s, 5m or 1h, got "${text}"`)),
      onSome: Effect.succeed
    })
  ),
  Options.optional
)

export const scale = Options.integer("scale").pipe(
  Options.withPseudoName("n"),
  Options.withDescription("With --sandbox: the rough size of the demo data (for commerce sources, orders)"),
  Options.mapEffect((n) =>
    n > 0 ? Effect.succeed(n) : Effect.fail(usage("--scale must be a positive integer"))
  ),
  Options.optional
)

/** A comma-separated list (`a,b`), trimmed, without empty names. */
export const list = (text: string): ReadonlyArray<string> =>
  text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "")
