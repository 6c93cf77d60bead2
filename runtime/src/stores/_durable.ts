// Rules the database-backed stores (SQLite, PostgreSQL, Redis) share: keys and values must survive a
// trip through UTF-8 text, so keys with lone surrogates or NUL and values that are not JSON are refused.
import { checkValue } from "./_record.ts";
import { assertKey, assertNamespace, InvalidStoreKeyError } from "./types.ts";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Validates a namespace and key for a store that keeps keys as UTF-8 text. */
export function checkDurableKey(namespace: string, key: string): void {
  assertNamespace(namespace);
  assertKey(key);
  if (LONE_SURROGATE.test(key) || key.includes("\0")) {
    throw new InvalidStoreKeyError(
      key,
      "database stores keep keys as UTF-8 text, so a key must not contain NUL or a lone surrogate. " +
        "Encode such ids first (for example with encodeURIComponent).",
    );
  }
}

/** The JSON text a database store keeps for `value`; a TypeError names the key when it is not JSON data. */
export function serializeValue(namespace: string, key: string, value: unknown): string {
  checkValue(namespace, key, value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(
      `Cannot store the value at ${namespace}/${key}: it is not JSON data (${(error as Error).message}). ` +
        `Store plain objects, arrays, strings, numbers, booleans and null.`,
      { cause: error },
    );
  }
  if (text === undefined) {
    throw new TypeError(`Cannot store the value at ${namespace}/${key}: a ${typeof value} is not JSON data. Store null instead.`);
  }
  return text;
}

/** Where a connection URL points — `host:port/path`, never credentials — for clear connection errors. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || "localhost"}${parsed.port ? `:${parsed.port}` : ""}${parsed.pathname && parsed.pathname !== "/" ? parsed.pathname : ""}`;
  } catch {
    return "(an unparsable connection URL)";
  }
}
