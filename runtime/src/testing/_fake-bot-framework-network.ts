// The two process-wide hooks the fake Bot Framework needs while it runs, both undone by `close()`:
// trust its self-signed certificate, and answer msal's Entra instance discovery for its host.
//
// Why: the SDKs build their own msal clients (no way to pass a network client or knownAuthorities),
// msal refuses non-https authorities, and for an authority it does not know msal first asks
// https://login.microsoftonline.com/common/discovery/instance — Entra answers that for any custom
// host, so the fake answers it the same way for its own host. Every other request passes through.
import tls from "node:tls";

const INSTANCE_DISCOVERY = "https://login.microsoftonline.com/common/discovery/instance";

/** Adds `cert` to the CAs Node trusts by default (fetch, https); returns the undo. Needs Node ≥ 22.19. */
export function trustCertificate(cert: string): () => void {
  if (typeof tls.setDefaultCACertificates !== "function") {
    throw new Error(`The fake Bot Framework needs Node ≥ 22.19 (tls.setDefaultCACertificates) to trust its TLS certificate; this is ${process.version}.`);
  }
  tls.setDefaultCACertificates([...tls.getCACertificates("default"), cert]);
  return () => tls.setDefaultCACertificates(tls.getCACertificates("default").filter((known) => known !== cert));
}

/**
 * Wraps `globalThis.fetch` so msal's instance discovery for an authority on `host` (e.g.
 * "127.0.0.1:4431") gets Entra's custom-domain answer; returns the undo (safe in any order).
 */
export function answerInstanceDiscovery(host: string, origin: string): () => void {
  const original = globalThis.fetch;
  let active = true;
  const wrapped: typeof fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (active && url.startsWith(INSTANCE_DISCOVERY)) {
      const authorizationEndpoint = new URL(url).searchParams.get("authorization_endpoint") ?? "";
      if (authorizationEndpoint.startsWith(`${origin}/`)) {
        const tenant = new URL(authorizationEndpoint).pathname.split("/")[1] ?? "common";
        const body = {
          tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
          "api-version": "1.1",
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        };
        return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } }));
      }
    }
    return original(input, init);
  };
  globalThis.fetch = wrapped;
  return () => {
    active = false;
    if (globalThis.fetch === wrapped) globalThis.fetch = original;
  };
}
