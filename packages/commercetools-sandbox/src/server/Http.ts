import type { IncomingMessage, ServerResponse } from "node:http"
import { ApiError, errorBody } from "../Errors.js"

const JSON_TYPE = "application/json; charset=utf-8"
const MAX_BODY = 64 * 1024

/** Reads a request body of at most 64 KiB (413 beyond). */
export const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new ApiError(413, errorBody(413, "InvalidInput", "Request body too large.")))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Writes a whole answer; the correlation id names the request's sequence number. */
export const send = (
  res: ServerResponse,
  seq: number,
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
  type = JSON_TYPE
): void => {
  // Set one by one (not through writeHead) so the request's statistics can read the content-length back.
  for (const [name, value] of Object.entries({
    "content-type": type,
    "content-length": String(Buffer.byteLength(body)),
    "x-correlation-id": `sandbox-${seq}`,
    ...headers
  }))
    res.setHeader(name, value)
  res.writeHead(status)
  res.end(body)
}

/** Answers an error: the API's own body for an ApiError, a 500 General error otherwise. */
export const sendError = (res: ServerResponse, seq: number, error: unknown): void => {
  if (error instanceof ApiError) {
    send(res, seq, error.status, JSON.stringify(error.body), error.headers)
    return
  }
  const message = error instanceof Error ? error.message : String(error)
  send(res, seq, 500, JSON.stringify(errorBody(500, "General", `Internal sandbox error: ${message}`)))
}
