/** int8 as a number when it is exactly representable, else its decimal text (ids and versions beyond 2^53). */
export const parseInt8 = (text: string): number | string => {
  const value = Number(text)
  return Number.isSafeInteger(value) ? value : text
}
