// The address ranges an outbound URL policy refuses (loopback, link-local, private, CGNAT, multicast, …)
// as node:net BlockLists, one per kind so a refusal can say which kind of address it hit.
import { BlockList, isIP } from "node:net";

interface Range {
  kind: string;
  /** What a refusal says about it. */
  description: string;
  ipv4: [string, number][];
  ipv6: [string, number][];
}

const RANGES: Range[] = [
  { kind: "unspecified", description: "unspecified / this-network (0.0.0.0/8, ::)", ipv4: [["0.0.0.0", 8]], ipv6: [["::", 128]] },
  { kind: "loopback", description: "loopback (127.0.0.0/8, ::1)", ipv4: [["127.0.0.0", 8]], ipv6: [["::1", 128]] },
  {
    kind: "link-local",
    description: "link-local (169.254.0.0/16, fe80::/10; cloud metadata services answer at 169.254.169.254)",
    ipv4: [["169.254.0.0", 16]],
    ipv6: [["fe80::", 10]],
  },
  {
    kind: "private",
    description: "private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7)",
    ipv4: [["10.0.0.0", 8], ["172.16.0.0", 12], ["192.168.0.0", 16]],
    // fc00::/7 unique local (AWS metadata: fd00:ec2::254), fec0::/10 old site-local, 64:ff9b:1::/48 local-use NAT64.
    ipv6: [["fc00::", 7], ["fec0::", 10], ["64:ff9b:1::", 48]],
  },
  { kind: "shared (CGNAT)", description: "shared / carrier-grade NAT (100.64.0.0/10)", ipv4: [["100.64.0.0", 10]], ipv6: [] },
  { kind: "multicast", description: "multicast (224.0.0.0/4, ff00::/8)", ipv4: [["224.0.0.0", 4]], ipv6: [["ff00::", 8]] },
  {
    kind: "reserved",
    description: "reserved or broadcast (240.0.0.0/4 incl. 255.255.255.255, 192.0.0.0/24, 198.18.0.0/15, ::/96)",
    ipv4: [["240.0.0.0", 4], ["192.0.0.0", 24], ["198.18.0.0", 15]],
    ipv6: [["::", 96]],
  },
];

export interface RefusedRange {
  kind: string;
  description: string;
}

const LISTS = RANGES.map((range) => {
  const list = new BlockList();
  for (const [address, prefix] of range.ipv4) {
    // IPv4-mapped IPv6 (::ffff:a.b.c.d) matches the IPv4 rules by itself; NAT64 and 6to4 embed IPv4 too.
    list.addSubnet(address, prefix, "ipv4");
    const [high, low] = hexWords(address);
    list.addSubnet(`64:ff9b::${high}:${low}`, 96 + prefix, "ipv6");
    list.addSubnet(`2002:${high}:${low}::`, 16 + prefix, "ipv6");
  }
  for (const [address, prefix] of range.ipv6) list.addSubnet(address, prefix, "ipv6");
  return { range, list };
});

/** The refused range an IP address falls in, or undefined for a public address. */
export function refusedRange(address: string): RefusedRange | undefined {
  const family = familyOf(address);
  const hit = LISTS.find(({ list }) => list.check(address, family));
  return hit && { kind: hit.range.kind, description: hit.range.description };
}

export function familyOf(address: string): "ipv4" | "ipv6" {
  return isIP(address) === 4 ? "ipv4" : "ipv6";
}

/** "169.254.1.2" → ["a9fe", "102"]: an IPv4 address as the two 16-bit words of an IPv6 address. */
function hexWords(ipv4: string): [string, string] {
  const [a = 0, b = 0, c = 0, d = 0] = ipv4.split(".").map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
