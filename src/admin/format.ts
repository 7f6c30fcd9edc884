/** Numbers and addresses the same in every language; what differs by language is in words.ts. */

/** The share of `part` in `whole`, in whole percent. */
export const percentOf = (part: number, whole: number) => (whole > 0 ? Math.round((100 * part) / whole) : 0);

/** A path with a query of the values that are set. */
export function href(path: string, params: Record<string, string | number | boolean | undefined | null> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
