import type { RunningServer } from "../src/index.js"

export interface Page {
  limit: number
  offset: number
  count: number
  total?: number
  results: Array<Record<string, unknown> & { id: string; lastModifiedAt: string; createdAt: string }>
}

export const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`

export const requestToken = async (
  server: RunningServer,
  clientId: string,
  clientSecret: string,
  scope?: string
): Promise<Response> => {
  const body = new URLSearchParams({ grant_type: "client_credentials" })
  if (scope !== undefined) body.set("scope", scope)
  return fetch(`${server.url}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: basic(clientId, clientSecret),
      "content-type": "application/x-www-form-urlencoded"
    },
    body
  })
}

export const token = async (
  server: RunningServer,
  clientId: string,
  clientSecret: string,
  scope?: string
): Promise<string> => {
  const res = await requestToken(server, clientId, clientSecret, scope)
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { access_token: string }).access_token
}

export type Params = ReadonlyArray<readonly [string, string]>

export const api = (
  server: RunningServer,
  accessToken: string | undefined,
  path: string,
  params: Params = []
) => {
  const url = new URL(`${server.url}/${server.projectKey}/${path}`)
  for (const [k, v] of params) url.searchParams.append(k, v)
  return fetch(url, accessToken === undefined ? {} : { headers: { authorization: `Bearer ${accessToken}` } })
}

export const list = async (
  server: RunningServer,
  accessToken: string,
  path: string,
  params: Params = []
): Promise<Page> => {
  const res = await api(server, accessToken, path, params)
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as Page
}

/** Reads a whole table by key-set on (lastModifiedAt, id), as the sync does. */
export const keysetRead = async (
  server: RunningServer,
  accessToken: string,
  path: string,
  pageSize: number,
  extraWhere: ReadonlyArray<string> = []
): Promise<Array<Page["results"][number]>> => {
  const seen: Array<Page["results"][number]> = []
  let cursor: { lm: string; id: string } | undefined
  for (;;) {
    const params: Array<readonly [string, string]> = [
      ["limit", String(pageSize)],
      ["withTotal", "false"],
      ["sort", "lastModifiedAt asc"],
      ["sort", "id asc"]
    ]
    for (const w of extraWhere) params.push(["where", w])
    if (cursor !== undefined) {
      params.push([
        "where",
        `lastModifiedAt > "${cursor.lm}" or (lastModifiedAt = "${cursor.lm}" and id > "${cursor.id}")`
      ])
    }
    const page = await list(server, accessToken, path, params)
    seen.push(...page.results)
    const last = page.results[page.results.length - 1]
    if (last === undefined || page.results.length < pageSize) return seen
    cursor = { lm: last.lastModifiedAt, id: last.id }
  }
}
