// outboundUrlPolicy: every refused range (through a fake resolver and as IP literals), metadata host names,
// schemes, the allow option, and fetch pinned to the checked address. Only 127.0.0.1 is ever contacted.
import type { LookupAddress } from "node:dns";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { isIP, Socket, type AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { outboundUrlPolicy, UrlRefusedError, type UrlLookup } from "../../src/net/url-policy.ts";

/** A resolver we control: host → addresses; anything else is ENOTFOUND. Records every name it was asked. */
function fakeLookup(table: Record<string, string[]>): UrlLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: isIP(address) }));
  };
  return Object.assign(lookup, { calls });
}

const REFUSED: [string, string][] = [
  ["127.0.0.1", "loopback"],
  ["127.255.0.9", "loopback"],
  ["::1", "loopback"],
  ["169.254.169.254", "link-local"],
  ["169.254.10.1", "link-local"],
  ["fe80::1", "link-local"],
  ["10.1.2.3", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["fc00::1", "private"],
  ["fd00:ec2::254", "private"],
  ["100.64.0.1", "carrier-grade NAT"],
  ["100.100.100.200", "carrier-grade NAT"],
  ["0.0.0.0", "unspecified"],
  ["::", "unspecified"],
  ["224.0.0.1", "multicast"],
  ["ff02::1", "multicast"],
  ["255.255.255.255", "broadcast"],
  ["240.0.0.1", "reserved"],
  // IPv4 inside IPv6: mapped (both spellings), NAT64 and 6to4 forms of refused IPv4 addresses.
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:a9fe:a9fe", "link-local"],
  ["::ffff:10.0.0.1", "private"],
  ["64:ff9b::a9fe:a9fe", "link-local"],
  ["2002:a9fe:a9fe::1", "link-local"],
];

/** Documentation addresses (RFC 5737, RFC 3849): public-looking, never contacted. */
const PUBLIC = ["203.0.113.10", "198.51.100.7", "192.0.2.1", "2001:db8::1", "::ffff:203.0.113.5"];

const literal = (address: string) => (address.includes(":") ? `[${address}]` : address);

describe("outboundUrlPolicy.check", () => {
  it.each(REFUSED)("refuses a host name that resolves to %s (%s)", async (address, kind) => {
    const lookup = fakeLookup({ "hook.example.com": [address] });
    const verdict = await outboundUrlPolicy({ lookup }).check("https://hook.example.com/push?token=secret");
    expect(verdict.allowed).toBe(false);
    const reason = verdict.allowed ? "" : verdict.reason;
    expect(reason).toContain(kind);
    expect(reason).toContain(`hook.example.com resolves to ${address}`);
    expect(reason).toContain(`add "hook.example.com" or "${address}" to the URL policy's \`allow\` option`);
    expect(reason).not.toContain("secret"); // the path and query stay out of messages
  });

  it.each(REFUSED)("refuses the IP literal %s (%s) without asking the resolver", async (address, kind) => {
    const lookup = fakeLookup({});
    const verdict = await outboundUrlPolicy({ lookup }).check(`http://${literal(address)}:8080/hook`);
    expect(verdict).toEqual({ allowed: false, reason: expect.stringContaining(kind) });
    expect(lookup.calls).toEqual([]);
  });

  it.each(PUBLIC)("allows a host name that resolves to the public address %s", async (address) => {
    const lookup = fakeLookup({ "hook.example.com": [address] });
    const verdict = await outboundUrlPolicy({ lookup }).check("https://hook.example.com/push");
    expect(verdict).toEqual({ allowed: true, url: new URL("https://hook.example.com/push"), addresses: [{ address, family: isIP(address) }] });
  });

  it("checks every resolved address: one private address among public ones refuses the URL", async () => {
    const lookup = fakeLookup({ "mixed.example.com": ["203.0.113.10", "2001:db8::1", "10.0.0.7"] });
    const verdict = await outboundUrlPolicy({ lookup }).check("http://mixed.example.com/");
    expect(verdict).toEqual({ allowed: false, reason: expect.stringContaining("resolves to 10.0.0.7, a private") });
  });

  it("refuses cloud metadata host names whatever they resolve to", async () => {
    const lookup = fakeLookup({ "metadata.google.internal": ["203.0.113.10"] });
    const policy = outboundUrlPolicy({ lookup, allowListName: "A2A_PUSH_ALLOW_HOSTS" });
    for (const url of ["http://metadata.google.internal/computeMetadata/v1/", "http://METADATA.GOOGLE.INTERNAL./", "http://metadata/", "http://instance-data/latest/"]) {
      const verdict = await policy.check(url);
      expect(verdict).toEqual({ allowed: false, reason: expect.stringMatching(/metadata host name\. To allow it, add "[a-z.-]+" to A2A_PUSH_ALLOW_HOSTS/) });
    }
    expect(lookup.calls).toEqual([]);
  });

  it.each(["file:///etc/passwd", "ftp://203.0.113.10/x", "gopher://203.0.113.10/", "data:text/plain,hi", "javascript:alert(1)", "ws://203.0.113.10/"])(
    "refuses the non-http(s) URL %s",
    async (url) => {
      const verdict = await outboundUrlPolicy({ lookup: fakeLookup({}) }).check(url);
      expect(verdict).toEqual({ allowed: false, reason: expect.stringContaining("only http and https") });
    },
  );

  it("refuses what is not a URL, a name that does not resolve, and one that resolves to nothing", async () => {
    const policy = outboundUrlPolicy({ lookup: fakeLookup({ "empty.example.com": [] }) });
    expect(await policy.check("not a url")).toEqual({ allowed: false, reason: expect.stringContaining("not a valid URL") });
    expect(await policy.check("http://nowhere.example.com/")).toEqual({ allowed: false, reason: expect.stringContaining("could not be resolved (ENOTFOUND)") });
    expect(await policy.check("http://empty.example.com/")).toEqual({ allowed: false, reason: expect.stringContaining("no address") });
  });

  it("resolves with node:dns by default (localhost: the hosts file, no DNS traffic)", async () => {
    const verdict = await outboundUrlPolicy().check("http://localhost:9/");
    expect(verdict).toEqual({ allowed: false, reason: expect.stringContaining("loopback") });
  });
});

describe("the allow option", () => {
  const lookup = fakeLookup({
    "receiver.internal": ["10.0.0.5"],
    "other.internal": ["10.0.0.6"],
    "lan.example.com": ["192.168.1.20"],
    "mapped.example.com": ["::ffff:10.9.9.9"],
    "metadata.google.internal": ["169.254.169.254"],
  });

  it("allows a host name, skipping the address checks, and still resolves it", async () => {
    const policy = outboundUrlPolicy({ lookup, allow: ["Receiver.Internal."] });
    expect(await policy.check("http://receiver.internal:8080/hook")).toMatchObject({ allowed: true, addresses: [{ address: "10.0.0.5" }] });
    expect((await policy.check("http://other.internal/")).allowed).toBe(false);
  });

  it("allows IP addresses and CIDRs, IPv4-mapped forms included", async () => {
    const policy = outboundUrlPolicy({ lookup, allow: ["127.0.0.1", "10.0.0.0/8", "[::1]", "fe80::/10"] });
    for (const url of ["http://127.0.0.1:3000/", "http://[::1]/", "http://[fe80::2]/", "http://receiver.internal/", "http://mapped.example.com/", "http://[::ffff:7f00:1]/"]) {
      expect((await policy.check(url)).allowed, url).toBe(true);
    }
    for (const url of ["http://127.0.0.2/", "http://lan.example.com/", "http://169.254.169.254/"]) {
      expect((await policy.check(url)).allowed, url).toBe(false);
    }
  });

  it("allows a metadata host name only by name", async () => {
    expect((await outboundUrlPolicy({ lookup, allow: ["169.254.0.0/16"] }).check("http://metadata.google.internal/")).allowed).toBe(false);
    expect((await outboundUrlPolicy({ lookup, allow: ["metadata.google.internal"] }).check("http://metadata.google.internal/")).allowed).toBe(true);
  });

  it.each(["http://receiver.internal", "receiver.internal:8080", "10.0.0.0/33", "10.0.0.0/x", "10.0.0.0/8/8", "not a host"])("rejects the allow entry %j at construction", (entry) => {
    expect(() => outboundUrlPolicy({ allow: [entry] })).toThrow(/Invalid URL policy allow entry/);
  });
});

describe("outboundUrlPolicy.fetch", () => {
  interface Seen {
    method?: string;
    url?: string;
    headers: IncomingHttpHeaders;
    body: string;
  }
  const seen: Seen[] = [];
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        seen.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString() });
        if (request.url === "/redirect") response.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        else response.writeHead(201, { "content-type": "text/plain", "x-receiver": "yes" }).end(`got ${request.method}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    seen.length = 0;
    vi.restoreAllMocks();
  });

  it("connects to the checked address with the URL's Host header, asking the resolver once", async () => {
    // receiver.test exists only in the fake resolver: the request can only arrive through the pinned address.
    const lookup = fakeLookup({ "receiver.test": ["127.0.0.1"] });
    const policy = outboundUrlPolicy({ lookup, allow: ["127.0.0.1"] });
    const response = await policy.fetch(`http://receiver.test:${port}/hook?x=1`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-receiver")).toBe("yes");
    expect(await response.text()).toBe("got POST");
    expect(seen).toEqual([{ method: "POST", url: "/hook?x=1", headers: expect.objectContaining({ host: `receiver.test:${port}`, "content-type": "application/json", "content-length": "7" }), body: '{"a":1}' }]);
    expect(lookup.calls).toEqual(["receiver.test"]); // no second lookup at connect time: nothing to rebind
  });

  it("rejects a refused URL with UrlRefusedError before opening any connection", async () => {
    const connect = vi.spyOn(Socket.prototype, "connect");
    const policy = outboundUrlPolicy({ lookup: fakeLookup({ "rebind.example.com": ["169.254.169.254"] }) });
    const attempt = policy.fetch("http://rebind.example.com/latest/meta-data/", { method: "POST", body: "{}" });
    await expect(attempt).rejects.toBeInstanceOf(UrlRefusedError);
    await expect(attempt).rejects.toThrow(/169\.254\.169\.254, a link-local/);
    await expect(outboundUrlPolicy().fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(/loopback/);
    expect(connect).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
  });

  it("does not follow redirects", async () => {
    const connect = vi.spyOn(Socket.prototype, "connect");
    const response = await outboundUrlPolicy({ allow: ["127.0.0.1"] }).fetch(`http://127.0.0.1:${port}/redirect`, { method: "POST", body: "x" });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toContain("169.254.169.254");
    expect(seen).toHaveLength(1);
    expect(connect).toHaveBeenCalledTimes(1);
  });
});
