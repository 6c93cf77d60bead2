// Outbound URL policy: decides whether the host may send a request to a URL someone else gave it (a webhook,
// a push URL) — http(s) only, every resolved address public unless allowed — and fetches pinned to those addresses.
import type { LookupAddress } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { familyOf, refusedRange } from "./_ip-ranges.ts";
import { pinnedFetch } from "./_pinned-fetch.ts";

/** Resolves a host name to every address it has (like `dns.promises.lookup(name, { all: true })`). */
export type UrlLookup = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface OutboundUrlPolicyOptions {
  /**
   * Exceptions to the refused ranges: host names (`"receiver.internal"`, `"localhost"`), IP addresses
   * (`"127.0.0.1"`, `"::1"`) and CIDRs (`"10.0.0.0/8"`). An allowed host name skips the address checks.
   */
  allow?: readonly string[];
  /** Resolves host names. Default: `node:dns/promises` `lookup` with `all: true`. */
  lookup?: UrlLookup;
  /** Where users set `allow`, named in refusals, e.g. `"A2A_PUSH_ALLOW_HOSTS"`. Default "the URL policy's `allow` option". */
  allowListName?: string;
}

export type UrlCheck =
  /** `addresses`: what the host name resolved to, all checked; `fetch` connects only to these. */
  | { allowed: true; url: URL; addresses: LookupAddress[] }
  /** `reason`: what was refused and how to allow it. */
  | { allowed: false; reason: string };

export interface OutboundUrlPolicy {
  /** Parses and resolves the URL; never connects to it. */
  check(url: string | URL): Promise<UrlCheck>;
  /**
   * `fetch` for allowed URLs only: checks, then connects to the checked addresses (the Host header and TLS
   * name stay the URL's), so a DNS answer that changes after the check cannot redirect the request.
   * Redirects are not followed (a 3xx is returned as is); one connection per request (no pooling).
   * Rejects with UrlRefusedError before connecting.
   */
  fetch(url: string | URL, init?: RequestInit): Promise<Response>;
}

/** What `OutboundUrlPolicy.fetch` rejects with; the message says what was refused and how to allow it. */
export class UrlRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UrlRefusedError";
  }
}

/** Host names of cloud metadata services, refused by name (whatever they resolve to) unless allowed by name. */
const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"]);

export function outboundUrlPolicy(options: OutboundUrlPolicyOptions = {}): OutboundUrlPolicy {
  const lookup: UrlLookup = options.lookup ?? ((hostname) => dnsLookup(hostname, { all: true }));
  const where = options.allowListName ?? "the URL policy's `allow` option";
  const { names, addresses: allowedAddresses } = parseAllow(options.allow ?? []);

  async function check(input: string | URL): Promise<UrlCheck> {
    const url = parseUrl(input);
    if (!url) return { allowed: false, reason: `Refused "${String(input)}": it is not a valid URL.` };
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return { allowed: false, reason: `Refused a ${url.protocol} URL: only http and https URLs are allowed.` };
    }
    const host = hostOf(url);
    const shown = `${url.protocol}//${url.host}`; // never the path or query: they may carry tokens
    const nameAllowed = names.has(host);
    if (METADATA_HOSTS.has(host) && !nameAllowed) {
      return { allowed: false, reason: `Refused ${shown}: ${host} is a cloud metadata host name. To allow it, add "${host}" to ${where}.` };
    }
    let resolved: LookupAddress[];
    try {
      resolved = isIP(host) ? [{ address: host, family: isIP(host) }] : [...(await lookup(host))];
    } catch (error) {
      return { allowed: false, reason: `Refused ${shown}: ${host} could not be resolved (${codeOf(error)}).` };
    }
    if (resolved.length === 0) return { allowed: false, reason: `Refused ${shown}: ${host} resolved to no address.` };
    if (!nameAllowed) {
      // Every address: a name that resolves to one public and one private address is refused.
      for (const { address } of resolved) {
        const range = refusedRange(address);
        if (!range || allowedAddresses.check(address, familyOf(address))) continue;
        const subject = isIP(host) ? `${host} is` : `${host} resolves to ${address},`;
        const add = isIP(host) ? `"${address}"` : `"${host}" or "${address}"`;
        return { allowed: false, reason: `Refused ${shown}: ${subject} a ${range.description} address. Only public addresses are allowed; to allow this one, add ${add} to ${where}.` };
      }
    }
    return { allowed: true, url, addresses: resolved };
  }

  return {
    check,
    async fetch(input, init) {
      const verdict = await check(input);
      if (!verdict.allowed) throw new UrlRefusedError(verdict.reason);
      return pinnedFetch(verdict.url, verdict.addresses, init);
    },
  };
}

function parseAllow(entries: readonly string[]): { names: Set<string>; addresses: BlockList } {
  const names = new Set<string>();
  const addresses = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
    if (entry === "") continue;
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    if (family && prefix === undefined) addresses.addAddress(address, familyOf(address));
    else if (family && extra === undefined && /^\d+$/.test(prefix ?? "") && Number(prefix) <= (family === 4 ? 32 : 128)) addresses.addSubnet(address, Number(prefix), familyOf(address));
    else if (/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(entry)) names.add(entry);
    else throw new Error(`Invalid URL policy allow entry "${raw}": give a host name (no scheme or port), an IP address or a CIDR such as 10.0.0.0/8.`);
  }
  return { names, addresses };
}

function parseUrl(input: string | URL): URL | undefined {
  try {
    return new URL(input);
  } catch {
    return undefined;
  }
}

/** "[::1]" → "::1", "Example.COM." → "example.com". */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}
