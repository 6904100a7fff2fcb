/** 12,345 */
export const count = (n: number): string => Math.round(n).toLocaleString("en-US")

/** 850ms, 3.2s, 2m 05s, 1h 02m */
export const duration = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const seconds = Math.round(ms / 1000)
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m`
}

/** 1 row, 12 rows; 1 retry, 2 retries */
export const plural = (n: number, word: string, many = `${word}s`): string =>
  `${count(n)} ${n === 1 ? word : many}`

/** Masks the password of any URL in a text (`postgres://user:secret@host` → `postgres://user:***@host`). */
export const maskUrls = (text: string): string =>
  text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, "$1***@")

/** `where: message`, naming `where` once even when the message already starts with it. */
export const about = (where: string, message: string): string =>
  `${where}: ${maskUrls(message.startsWith(`${where}: `) ? message.slice(where.length + 2) : message)}`
