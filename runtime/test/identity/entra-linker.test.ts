// The Entra OAuth linker end to end with real @azure/msal-node talking TLS to the fake OpenID provider:
// PKCE + state + nonce, the callback linking by verified oid, and every way a callback must fail.
import { createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelIdentity } from "../../src/channel/request.ts";
import { serveHost, type ServedHost } from "../../src/host/serve.ts";
import { silentLogger } from "../../src/host/logger.ts";
import { LINK_GRANT_NAMESPACE } from "../../src/identity/code-linker.ts";
import { entraLinker, type EntraLinkerOptions } from "../../src/identity/entra-linker.ts";
import { getHostIdentity, getIdentityRecord } from "../../src/identity/registry.ts";
import type { IdentityLinker } from "../../src/identity/types.ts";
import { memoryStore } from "../../src/stores/memory.ts";
import { startFakeOidcProvider, type FakeOidcProvider } from "../../src/testing/fake-oidc.ts";

const telegram: ChannelIdentity = { channel: "telegram", nativeId: "1001", displayName: "Ada" };
const discord: ChannelIdentity = { channel: "discord", nativeId: "u-77" };
const json = { accept: "application/json" };

let fake: FakeOidcProvider;
let served: ServedHost;
let linker: IdentityLinker;
const store = memoryStore();

function linkerOptions(publicUrl: string): EntraLinkerOptions {
  return {
    clientId: fake.clientId, clientSecret: fake.clientSecret, authority: fake.authority, publicUrl, store,
    networkClient: fake.networkClient, knownAuthorities: fake.knownAuthorities,
    authorityMetadata: fake.authorityMetadata, cloudDiscoveryMetadata: fake.cloudDiscoveryMetadata,
  };
}

beforeAll(async () => {
  fake = await startFakeOidcProvider({ claims: { name: "Ada Lovelace" } });
  const app = new Hono();
  served = await serveHost(app, { port: 0 });
  linker = entraLinker(linkerOptions(served.url));
  const routes = linker.contribute?.({ store, log: silentLogger }).routes;
  if (routes) app.route("/", routes);
});
afterAll(async () => {
  await served?.close();
  await fake?.close();
});

/** begin → the user consents at the fake → the browser follows the redirect to the host's callback. */
async function signIn(identity: ChannelIdentity, user?: { oid: string }, headers: Record<string, string> = {}) {
  const challenge = await linker.begin(identity);
  const { location } = await fake.authorize(challenge.url ?? "", user);
  return { challenge, location, response: await fetch(location, { headers }) };
}

describe("entraLinker", () => {
  it("begins with an msal authorization URL at the provider: PKCE S256, state, nonce, a 15-minute grant", async () => {
    const challenge = await linker.begin(telegram);
    const url = new URL(challenge.url ?? "");
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.authority}/oauth2/v2.0/authorize`);
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBe(challenge.challengeId);
    expect(url.searchParams.get("nonce")).toBeTruthy();
    expect(url.searchParams.get("redirect_uri")).toBe(`${served.url}/identity/oauth/microsoft/callback`);
    expect(challenge.instructions).toContain(`${served.url}/identity/oauth/microsoft/start?challenge=${challenge.challengeId}`);
    const grant = await store.get(LINK_GRANT_NAMESPACE, challenge.challengeId);
    expect(grant?.expiresAt).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(Date.parse(challenge.expiresAt)).toBeLessThanOrEqual(Date.now() + 15 * 60_000);

    const start = await fetch(`${served.url}/identity/oauth/microsoft/start?challenge=${challenge.challengeId}`, { redirect: "manual" });
    expect(start.status).toBe(302);
    expect(start.headers.get("location")).toBe(challenge.url);
    expect((await fetch(`${served.url}/identity/oauth/microsoft/start?challenge=nope`)).status).toBe(400);
  });

  it("links on the callback: msal redeems the code over TLS and the verified oid lands on the host identity", async () => {
    expect(await linker.isLinked(telegram)).toBe(false);
    const before = fake.requests.length;
    const { location, response } = await signIn(telegram);
    expect(location.startsWith(`${served.url}/identity/oauth/microsoft/callback?code=`)).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(await response.text()).toContain("Linked. You can close this window.");

    const seen = fake.requests.slice(before);
    expect(seen.map((r) => r.endpoint)).toEqual(["authorize", "token"]); // metadata from config: no discovery traffic
    const token = seen[1]?.params ?? {};
    expect(token).toMatchObject({ grant_type: "authorization_code", client_id: fake.clientId, client_secret: fake.clientSecret, redirect_uri: `${served.url}/identity/oauth/microsoft/callback` });
    expect(token.code_verifier).toMatch(/^[A-Za-z0-9_~.-]{43,128}$/);

    const record = await getIdentityRecord(store, telegram);
    const host = await getHostIdentity(store, record?.isolationKey ?? "");
    expect(host?.claims["microsoft.oid"]).toBe(fake.user.oid);
    expect(host?.members.map((m) => m.channel)).toEqual(["telegram"]);
    expect(await linker.isLinked(telegram)).toBe(true);
  });

  it("links a second channel presenting the same Microsoft account onto the same isolation key", async () => {
    const { response } = await signIn(discord);
    expect(response.status).toBe(200);
    const first = (await getIdentityRecord(store, telegram))?.isolationKey;
    expect((await getIdentityRecord(store, discord))?.isolationKey).toBe(first);
    expect((await getHostIdentity(store, first ?? ""))?.members.map((m) => m.channel).sort()).toEqual(["discord", "telegram"]);
    expect(await linker.isLinked(discord)).toBe(true);

    const other: ChannelIdentity = { channel: "discord", nativeId: "u-88" };
    expect((await signIn(other, { oid: "another-person" })).response.status).toBe(200);
    expect((await getIdentityRecord(store, other))?.isolationKey).not.toBe(first);
  });

  it("refuses a reused state with 400", async () => {
    const { location, response } = await signIn({ channel: "whatsapp", nativeId: "+15550001" }, undefined, json);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "linked", message: "Linked. You can close this window." });
    const again = await fetch(location, { headers: json });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: { code: "invalid_state", message: expect.stringMatching(/unknown, expired or already used/) } });
  });

  it("answers msal's reason with 400 when the PKCE verifier is wrong (tampered grant)", async () => {
    const identity = { channel: "telegram", nativeId: "2002" };
    const challenge = await linker.begin(identity);
    const stored = await store.get<{ codeVerifier: string }>(LINK_GRANT_NAMESPACE, challenge.challengeId);
    await store.set(LINK_GRANT_NAMESPACE, challenge.challengeId, { ...stored?.value, codeVerifier: "x".repeat(43) });
    const { location } = await fake.authorize(challenge.url ?? "");
    const response = await fetch(location);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain("invalid_grant");
    expect(page).toContain("AADSTS501481");
    expect(page).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(fake.requests.at(-1)?.endpoint).toBe("token");
    expect(await linker.isLinked(identity)).toBe(false);
  });

  it("refuses an expired grant with 400", async () => {
    const shortLived = entraLinker({ ...linkerOptions("http://host.test"), ttlMs: 40 });
    const routes = shortLived.contribute?.({ store, log: silentLogger }).routes ?? new Hono();
    const challenge = await shortLived.begin({ channel: "telegram", nativeId: "3003" });
    const { location } = await fake.authorize(challenge.url ?? "");
    await new Promise((resolve) => setTimeout(resolve, 80));
    const response = await routes.request(location, { headers: json });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_state" } });
  });

  it("shows a declined sign-in as 400, consumes the grant and escapes the provider's text", async () => {
    const challenge = await linker.begin({ channel: "telegram", nativeId: "4004" });
    const query = new URLSearchParams({ state: challenge.challengeId, error: "access_denied", error_description: "<script>x</script>" });
    const response = await fetch(`${served.url}/identity/oauth/microsoft/callback?${query}`);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain("access_denied");
    expect(page).not.toContain("<script>");
    expect(await store.get(LINK_GRANT_NAMESPACE, challenge.challengeId)).toBeUndefined();
  });

  it("completes only through the callback", async () => {
    await expect(linker.complete(telegram, "anything")).rejects.toThrow(/callback/);
  });
});

describe("startFakeOidcProvider", () => {
  it("refuses an authorization request without PKCE and serves discovery and JWKS over TLS", async () => {
    const bare = `${fake.authority}/oauth2/v2.0/authorize?client_id=${fake.clientId}&response_type=code&redirect_uri=http://x/cb&state=s`;
    await expect(fake.authorize(bare)).rejects.toThrow(/PKCE/);
    const config = await fake.networkClient.sendGetRequestAsync<{ issuer: string; jwks_uri: string }>(`${fake.authority}/v2.0/.well-known/openid-configuration`);
    expect(config.body.issuer).toBe(fake.issuer);
    const keys = await fake.networkClient.sendGetRequestAsync<{ keys: Array<{ kid: string; kty: string }> }>(config.body.jwks_uri);
    expect(keys.body.keys[0]).toMatchObject({ kid: fake.keyPair.kid, kty: "RSA", alg: "RS256" });
    const [header, payload, signature] = fake.issueIdToken({ nonce: "n" }).split(".") as [string, string, string];
    const publicKey = createPublicKey({ key: keys.body.keys[0] as JsonWebKey, format: "jwk" });
    expect(verify("sha256", Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, "base64url"))).toBe(true);
    expect(JSON.parse(Buffer.from(payload, "base64url").toString())).toMatchObject({ iss: fake.issuer, aud: fake.clientId, oid: fake.user.oid, tid: fake.tenantId, nonce: "n" });
  });
});
