// agent-host/testing: a fake Microsoft identity platform (OpenID provider) on HTTPS 127.0.0.1 for
// offline OAuth tests with real @azure/msal-node — discovery, JWKS, authorize (PKCE S256) and token.
//
// msal-node refuses non-https authorities, so the fake serves TLS with a self-signed certificate made
// at start (needs the `selfsigned` devDependency) and hands out `networkClient`, an msal INetworkModule
// that trusts only that certificate: pass it as `system.networkClient` (nothing process-wide changes).
// Pass `knownAuthorities`, `authorityMetadata` and `cloudDiscoveryMetadata` too, so msal never asks
// login.microsoftonline.com for instance discovery. `authorize(url)` plays the user: it opens the
// authorization URL and returns the redirect (code + state) the browser would follow.
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { INetworkModule } from "@azure/msal-node";
import { createSigningKeyPair, selfSignedCertificate, signJwt, type SigningKeyPair } from "./_fake-oidc-crypto.ts";
import { fakeOidcHandler, type FakeOidcClaims, type FakeOidcRequest } from "./_fake-oidc-routes.ts";
import { send, tlsNetworkClient } from "./_tls-network-client.ts";

export type { FakeOidcClaims, FakeOidcRequest } from "./_fake-oidc-routes.ts";
export type { SigningKeyPair } from "./_fake-oidc-crypto.ts";

export interface FakeOidcOptions {
  /** The tenant in the authority path and the default `tid`. Default: a random GUID. */
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** The default signed-in user; `authorize(url, user)` overrides it per sign-in. */
  claims?: Partial<FakeOidcClaims>;
}

export interface FakeOidcProvider {
  /** `https://127.0.0.1:<port>/<tenantId>`: use as msal's `auth.authority`. */
  authority: string;
  /** The id token issuer, `https://127.0.0.1:<port>/<tid>/v2.0`. */
  issuer: string;
  tenantId: string;
  clientId: string;
  /** The default signed-in user (its `oid` is what a linker records). */
  user: FakeOidcClaims;
  clientSecret: string;
  /** PEM of the self-signed TLS certificate (its own CA). */
  caCert: string;
  /** msal `system.networkClient` that trusts `caCert` only. */
  networkClient: INetworkModule;
  /** msal `auth.knownAuthorities`: the fake's host and port. */
  knownAuthorities: string[];
  /** msal `auth.authorityMetadata` (the OpenID configuration as a JSON string). */
  authorityMetadata: string;
  /** msal `auth.cloudDiscoveryMetadata` (an instance discovery response as a JSON string). */
  cloudDiscoveryMetadata: string;
  /** The RS256 key the tokens are signed with (its public half is served as the JWKS). */
  keyPair: SigningKeyPair;
  /** Every request the fake received, in order (`endpoint` is discovery, keys, authorize or token). */
  requests: FakeOidcRequest[];
  /** A signed id token for the default user, with `claims` merged over the standard ones. */
  issueIdToken(claims?: Record<string, unknown>): string;
  /** Plays the user's consent: GETs the authorization URL over TLS and returns the redirect it answers. */
  authorize(url: string, user?: Partial<FakeOidcClaims>): Promise<{ location: string; code: string; state: string }>;
  close(): Promise<void>;
}

export async function startFakeOidcProvider(options: FakeOidcOptions = {}): Promise<FakeOidcProvider> {
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = options.clientId ?? "00000000-0000-0000-0000-00000000c11e";
  const clientSecret = options.clientSecret ?? "fake-client-secret";
  const defaultUser: FakeOidcClaims = { oid: randomUUID(), tid: tenantId, name: "Ada Lovelace", preferred_username: "ada@example.com", ...options.claims };
  const users = new Map<string, FakeOidcClaims>();
  const [tls, key] = [await selfSignedCertificate(), createSigningKeyPair()];
  const requests: FakeOidcRequest[] = [];
  const server = createServer({ key: tls.key, cert: tls.cert });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const origin = `https://${host}`;
  const issuerOf = (tid: string) => `${origin}/${tid}/v2.0`;
  const openIdConfiguration = (tenant: string) => ({
    // Multi-tenant authorities publish a templated issuer, as Entra does.
    issuer: issuerOf(["common", "organizations", "consumers"].includes(tenant) ? "{tenantid}" : tenant),
    authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
    token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
    jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
    end_session_endpoint: `${origin}/${tenant}/oauth2/v2.0/logout`,
    response_types_supported: ["code"],
    code_challenge_methods_supported: ["S256"],
    id_token_signing_alg_values_supported: ["RS256"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
  });
  const issueIdToken = (claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const user = { ...defaultUser, ...claims };
    const standard = { ver: "2.0", iss: issuerOf(String(user.tid)), aud: clientId, sub: `sub-${user.oid}`, iat: now, nbf: now, exp: now + 3600 };
    return signJwt(key, { ...standard, ...user });
  };
  server.on(
    "request",
    fakeOidcHandler({
      origin, clientId, clientSecret, key, requests, openIdConfiguration,
      userFor: (state) => users.get(state) ?? defaultUser,
      tokenResponse: ({ user, nonce, scope }) => ({
        token_type: "Bearer",
        scope: scope || "openid profile",
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: signJwt(key, { aud: clientId, iss: issuerOf(user.tid), oid: user.oid, tid: user.tid, scp: scope, exp: Math.floor(Date.now() / 1000) + 3600 }),
        id_token: issueIdToken({ ...user, ...(nonce ? { nonce } : {}) }),
        client_info: Buffer.from(JSON.stringify({ uid: user.oid, utid: user.tid })).toString("base64url"),
      }),
    }),
  );
  return {
    authority: `${origin}/${tenantId}`, issuer: issuerOf(tenantId), tenantId, clientId, clientSecret, user: defaultUser, caCert: tls.cert, keyPair: key, requests, issueIdToken,
    networkClient: tlsNetworkClient(tls.cert),
    knownAuthorities: [host],
    authorityMetadata: JSON.stringify(openIdConfiguration(tenantId)),
    cloudDiscoveryMetadata: JSON.stringify({ tenant_discovery_endpoint: `${origin}/${tenantId}/v2.0/.well-known/openid-configuration`, "api-version": "1.1", metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }] }),
    async authorize(url, user) {
      const state = new URL(url).searchParams.get("state") ?? "";
      if (user) users.set(state, { ...defaultUser, ...user });
      const response = await send<Record<string, unknown>>("GET", url, tls.cert);
      const location = response.headers.location;
      if (response.status !== 302 || !location) throw new Error(`The fake refused the authorization request (${response.status}): ${JSON.stringify(response.body)}`);
      const redirect = new URL(location).searchParams;
      return { location, code: redirect.get("code") ?? "", state: redirect.get("state") ?? "" };
    },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
