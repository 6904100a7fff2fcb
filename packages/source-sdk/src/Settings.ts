import { Either, Option, ParseResult, Schema, SchemaAST } from "effect"
import { ConfigError } from "./Errors.js"

/** Raw setting values, by setting name, as given on the command line or read from the environment. */
export type Settings = Readonly<Record<string, string | undefined>>

/** One setting of a source's configuration, as the runner and a host application's setup form see it. */
export interface Setting {
  readonly name: string
  readonly env: string
  readonly title: string
  readonly description: string
  readonly secret: boolean
  readonly required: boolean
  readonly choices: ReadonlyArray<string>
}

export const SettingId: unique symbol = Symbol.for("@sluice/source-sdk/Setting")

interface SettingAnnotation {
  readonly env: string
  readonly title: string
  readonly description: string
  readonly secret?: boolean
}

/** Annotates a config field with its environment variable and the words a setup form shows. */
export const setting =
  (annotation: SettingAnnotation) =>
  <S extends Schema.Schema.Any>(schema: S): S =>
    schema.annotations({ [SettingId]: annotation }) as S

const choicesOf = (ast: SchemaAST.AST): ReadonlyArray<string> => {
  if (SchemaAST.isLiteral(ast) && typeof ast.literal === "string") return [ast.literal]
  if (SchemaAST.isUnion(ast))
    return ast.types.filter((member) => !SchemaAST.isUndefinedKeyword(member)).flatMap(choicesOf)
  if (SchemaAST.isTransformation(ast)) return choicesOf(ast.to)
  if (SchemaAST.isRefinement(ast)) return choicesOf(ast.from)
  return []
}

// `Schema.optional(x)` wraps x in a union with undefined: the annotation sits on a member.
const annotationOf = (ast: SchemaAST.AST): SettingAnnotation | undefined =>
  (ast.annotations[SettingId] as SettingAnnotation | undefined) ??
  (SchemaAST.isUnion(ast) ? ast.types.map(annotationOf).find((found) => found !== undefined) : undefined)

const settingOf = (property: SchemaAST.PropertySignature): Setting | undefined => {
  if (typeof property.name !== "string") return undefined
  const annotation =
    annotationOf(property.type) ?? (property.annotations[SettingId] as SettingAnnotation | undefined)
  if (annotation === undefined) return undefined
  return {
    name: property.name,
    env: annotation.env,
    title: annotation.title,
    description: annotation.description,
    secret: annotation.secret ?? false,
    required: !property.isOptional,
    choices: choicesOf(property.type)
  }
}

const typeLiteral = (ast: SchemaAST.AST): SchemaAST.TypeLiteral | undefined =>
  SchemaAST.isTypeLiteral(ast)
    ? ast
    : SchemaAST.isTransformation(ast)
      ? typeLiteral(ast.from)
      : SchemaAST.isRefinement(ast)
        ? typeLiteral(ast.from)
        : undefined

/** The settings a config schema declares, in order. */
export const describe = (schema: Schema.Schema.AnyNoContext): ReadonlyArray<Setting> =>
  (typeLiteral(schema.ast)?.propertySignatures ?? []).flatMap((property) => {
    const found = settingOf(property)
    return found === undefined ? [] : [found]
  })

const label = (setting: Setting) => `${setting.name} (${setting.env})`

/**
 * Decodes a config from explicit values, falling back to environment variables.
 * Errors name every missing setting with its variable, and list the valid choices of an invalid one.
 * Secret values are never echoed.
 */
export const load = <C, I>(
  schema: Schema.Schema<C, I>,
  values: Settings,
  env: Settings = process.env
): Either.Either<C, ConfigError> => {
  const settings = describe(schema as Schema.Schema.AnyNoContext)
  const input: Record<string, string> = {}
  const missing: Array<Setting> = []
  for (const item of settings) {
    const value = values[item.name] ?? env[item.env]
    if (value !== undefined && value !== "") input[item.name] = value
    else if (item.required) missing.push(item)
  }
  if (missing.length > 0) {
    return Either.left(
      new ConfigError({
        reason: "Missing",
        fields: missing.map((item) => item.name),
        message: `missing setting${missing.length > 1 ? "s" : ""}: ${missing.map(label).join(", ")}`
      })
    )
  }
  return Schema.decodeUnknownEither(schema, { errors: "all" })(input).pipe(
    Either.mapLeft((error) => {
      const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
      const fields = [...new Set(issues.map((issue) => String(issue.path[0] ?? "")))]
      const problems = fields.map((field) => {
        const item = settings.find((candidate) => candidate.name === field)
        if (item === undefined) return `invalid configuration: ${issues[0]?.message ?? "unknown problem"}`
        const shown = item.secret ? "" : ` "${input[field] ?? ""}"`
        if (item.choices.length > 0)
          return `unknown ${label(item)}${shown}: expected one of ${item.choices.join(", ")}`
        // A schema's own issue message quotes the value it got: never show it for a secret.
        const why = item.secret
          ? "not a valid value"
          : (issues.find((issue) => issue.path[0] === field)?.message ?? "")
        return `invalid ${label(item)}${shown}: ${why}`
      })
      return new ConfigError({ reason: "Invalid", fields, message: problems.join("; ") })
    })
  )
}

/** A JSON Schema (draft 2020-12) of the settings, so a host application can render a setup form. */
export const jsonSchema = (
  schema: Schema.Schema.AnyNoContext,
  title: string
): Readonly<Record<string, unknown>> => {
  const settings = describe(schema)
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title,
    type: "object",
    additionalProperties: false,
    required: settings.filter((item) => item.required).map((item) => item.name),
    properties: Object.fromEntries(
      settings.map((item) => [
        item.name,
        {
          type: "string",
          title: item.title,
          description: item.description,
          ...(item.choices.length > 0 ? { enum: item.choices } : {}),
          ...(item.secret ? { writeOnly: true, format: "password", "x-secret": true } : {}),
          "x-env": item.env
        }
      ])
    )
  }
}

/** Settings named on the command line as `name=value`; the name may also be given as its env variable. */
export const fromPairs = (
  schema: Schema.Schema.AnyNoContext,
  pairs: Readonly<Record<string, string>>
): Either.Either<Settings, ConfigError> => {
  const settings = describe(schema)
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(pairs)) {
    const item = settings.find((candidate) => candidate.name === key || candidate.env === key)
    if (item === undefined) {
      return Either.left(
        new ConfigError({
          reason: "Invalid",
          fields: [key],
          message: `unknown setting "${key}": expected one of ${settings.map((s) => s.name).join(", ")}`
        })
      )
    }
    out[item.name] = value
  }
  return Either.right(out)
}

export const isSet = (value: Option.Option<string>): value is Option.Some<string> =>
  Option.isSome(value) && value.value !== ""
