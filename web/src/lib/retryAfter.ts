// Retry-After of a 429 or 503. RFC 9110 §10.2.3: "The value of this field can be either an
// HTTP-date or a number of seconds to delay after receiving the response."

/** Whole seconds to wait, or undefined when the header is absent or neither form. */
export function retryAfterSeconds(value: string | null | undefined, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // Every HTTP-date form ends in GMT (§5.6.7); without it Date.parse takes "-5" for a year.
  const at = /GMT$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
