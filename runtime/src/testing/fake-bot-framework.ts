// agent-host/testing: a fake Azure Bot Service on 127.0.0.1 for offline tests of Bot Framework bots with
// the real SDKs (@microsoft/agents-hosting, @microsoft/teams.apps) — token issuer and Bot Connector.
//
// Identity (HTTPS, self-signed, because msal refuses http authorities): Entra OpenID metadata, JWKS and
// a client-credentials token endpoint at `authorityEndpoint`, plus Bot Framework OpenID metadata for
// Teams. The RS256 key is made at start; `signToken` signs inbound tokens as the Bot Service would, or
// with a forger's flaws (no `exp`, no `kid`, an unpublished `kid`, another `serviceurl`); `keyRequests`
// records every JWKS fetch and `keyDelayMs` makes the key endpoints slow.
// Connector (HTTP): `serviceUrl` takes `/v3/conversations/...` calls carrying a token from the token
// endpoint, and records every activity (`activities`, `messages(id)`), applying edits and stream chunks.
// While it runs, Node trusts its certificate and msal's Entra instance discovery for its host is answered
// locally (see _fake-bot-framework-network.ts); `close()` undoes both. Needs the `selfsigned` package.
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { connectorHandler, type ConnectorActivity, type ConnectorCall } from "./_fake-bot-framework-connector.ts";
import { identityHandler, type FakeTokenRequest } from "./_fake-bot-framework-identity.ts";
import { inboundActivity, type FakeInboundMessage } from "./_fake-bot-framework-activity.ts";
import { answerInstanceDiscovery, trustCertificate } from "./_fake-bot-framework-network.ts";
import { createSigningKeyPair, selfSignedCertificate, signJwt, type SigningKeyPair } from "./_fake-oidc-crypto.ts";

export type { ConnectorActivity, ConnectorCall } from "./_fake-bot-framework-connector.ts";
export type { FakeTokenRequest } from "./_fake-bot-framework-identity.ts";
export type { FakeInboundMessage } from "./_fake-bot-framework-activity.ts";

/** The issuer real Bot Framework tokens carry (Teams validates it; its keys come from `botFrameworkOpenIdMetadataUrl`). */
export const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";

export interface FakeBotFrameworkOptions {
  /** The bot's app (client) id. Default: a random GUID. */
  appId?: string;
  appPassword?: string;
  /** The bot's Entra tenant. Default: a random GUID. */
  tenantId?: string;
  /** The bot's display name in `recipient.name` and mentions. Default "Agent". */
  botName?: string;
  /** How long the JWKS endpoints take to answer (a slow key service). Default 0. */
  keyDelayMs?: number;
}

export interface FakeTokenOptions {
  /** "entra" (default): `<authorityEndpoint>/<tenantId>/v2.0`; "botframework": BOT_FRAMEWORK_ISSUER; or any issuer. */
  issuer?: "entra" | "botframework" | (string & {});
  /** Default: the app id. */
  audience?: string;
  /** Default 3600; negative makes an expired token (beyond the SDKs' 5-minute clock tolerance); null leaves `exp` out. */
  expiresInSeconds?: number | null;
  /** The header's key id. Default: the published key's; null leaves `kid` out; any other names a key the JWKS does not publish. */
  kid?: string | null;
  /** The `serviceurl` claim. Default: the fake connector's `serviceUrl`. */
  serviceUrl?: string;
  /** Merged over the standard claims. */
  claims?: Record<string, unknown>;
}

/** A `CloudEnvironment` (@microsoft/teams.api) pointing the Teams SDK at the fake. */
export interface FakeTeamsCloud {
  loginEndpoint: string;
  loginTenant: string;
  botScope: string;
  tokenServiceUrl: string;
  openIdMetadataUrl: string;
  tokenIssuer: string;
  graphScope: string;
  agenticIdentityBotScope: string;
}

export interface FakeBotFramework {
  appId: string;
  appPassword: string;
  tenantId: string;
  botName: string;
  /** `https://127.0.0.1:<port>`: agents-hosting's `authorityEndpoint`, Teams' `cloud.loginEndpoint`. */
  authorityEndpoint: string;
  /** The Entra v2 issuer of this tenant, `<authorityEndpoint>/<tenantId>/v2.0`. */
  entraIssuer: string;
  /** Where Bot Framework tokens' keys are published (Teams: `cloud.openIdMetadataUrl`). */
  botFrameworkOpenIdMetadataUrl: string;
  teamsCloud: FakeTeamsCloud;
  /** `http://127.0.0.1:<port>/`: the fake Bot Connector; inbound activities carry it as `serviceUrl`. */
  serviceUrl: string;
  /** Every activity bots sent, oldest first (updates applied in place). */
  activities: ConnectorActivity[];
  /** Every connector call, also refused ones. */
  calls: ConnectorCall[];
  tokenRequests: FakeTokenRequest[];
  /** The path of every JWKS request (Entra tenant keys or Bot Framework keys), oldest first. */
  keyRequests: string[];
  keyPair: SigningKeyPair;
  /** The text of each visible message in a conversation, oldest first (typing and deleted ones left out). */
  messages(conversationId: string): string[];
  /** The visible activities of a conversation, of one type or all. */
  conversation(conversationId: string, type?: string): ConnectorActivity[];
  /** A token as the Bot Service signs it for an inbound request. */
  signToken(options?: FakeTokenOptions): string;
  /** The same claims with `alg: none` and no signature. */
  unsignedToken(options?: FakeTokenOptions): string;
  /** The same claims signed by a key the JWKS does not publish. */
  foreignToken(options?: FakeTokenOptions): string;
  /** An inbound activity as the Bot Service delivers it (serviceUrl, recipient, tenant, mention entity). */
  activity(message: FakeInboundMessage): Record<string, unknown>;
  /** POSTs `body` (an activity, or a raw string) to `url` with `Authorization: Bearer <token>`; null sends none. */
  send(url: string, body: unknown, token?: string | null): Promise<Response>;
  close(): Promise<void>;
}

export async function startFakeBotFramework(options: FakeBotFrameworkOptions = {}): Promise<FakeBotFramework> {
  const appId = options.appId ?? randomUUID();
  const appPassword = options.appPassword ?? "fake-app-password";
  const tenantId = options.tenantId ?? randomUUID();
  const botName = options.botName ?? "Agent";
  const [tls, key, foreignKey] = [await selfSignedCertificate(), createSigningKeyPair(), createSigningKeyPair()];
  const issuedTokens = new Set<string>();
  const tokenRequests: FakeTokenRequest[] = [];
  const keyRequests: string[] = [];
  const activities: ConnectorActivity[] = [];
  const calls: ConnectorCall[] = [];

  const identityServer = createHttpsServer({ key: tls.key, cert: tls.cert });
  const connectorServer = createHttpServer();
  await Promise.all([listen(identityServer), listen(connectorServer)]);
  const identityHost = `127.0.0.1:${(identityServer.address() as AddressInfo).port}`;
  const origin = `https://${identityHost}`;
  const serviceUrl = `http://127.0.0.1:${(connectorServer.address() as AddressInfo).port}/`;
  identityServer.on("request", identityHandler({ origin, tenantId, appId, appPassword, key, botFrameworkIssuer: BOT_FRAMEWORK_ISSUER, tokenRequests, issuedTokens, keyRequests, keyDelayMs: options.keyDelayMs ?? 0 }));
  connectorServer.on("request", connectorHandler({ origin: serviceUrl, activities, calls, issuedTokens }));
  const undo = [trustCertificate(tls.cert), answerInstanceDiscovery(identityHost, origin)];

  const entraIssuer = `${origin}/${tenantId}/v2.0`;
  const claimsFor = (token: FakeTokenOptions = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = token.expiresInSeconds === undefined ? 3600 : token.expiresInSeconds;
    const issuer = token.issuer === undefined || token.issuer === "entra" ? entraIssuer : token.issuer === "botframework" ? BOT_FRAMEWORK_ISSUER : token.issuer;
    const issuedAt = now + Math.min(0, expiresIn ?? 0) - 60;
    return {
      iss: issuer, aud: token.audience ?? appId, serviceurl: token.serviceUrl ?? serviceUrl, ver: "2.0",
      ...(issuer === entraIssuer ? { tid: tenantId } : {}),
      iat: issuedAt, nbf: issuedAt, ...(expiresIn === null ? {} : { exp: now + expiresIn }),
      ...token.claims,
    };
  };
  // undefined drops the field from the JSON header; a kid other than the key's names an unpublished key.
  const headerFor = (token: FakeTokenOptions = {}) => (token.kid === undefined ? {} : { kid: token.kid ?? undefined });
  const visible = (conversationId: string, type?: string) =>
    activities.filter((entry) => entry.conversationId === conversationId && !entry.deleted && (type === undefined || entry.type === type));
  const botFrameworkOpenIdMetadataUrl = `${origin}/botframework/v1/.well-known/openidconfiguration`;

  return {
    appId, appPassword, tenantId, botName, authorityEndpoint: origin, entraIssuer, botFrameworkOpenIdMetadataUrl, serviceUrl,
    activities, calls, tokenRequests, keyRequests, keyPair: key,
    teamsCloud: {
      loginEndpoint: origin,
      loginTenant: "botframework.com",
      botScope: "https://api.botframework.com/.default",
      tokenServiceUrl: `${origin}/token-service`,
      openIdMetadataUrl: botFrameworkOpenIdMetadataUrl,
      tokenIssuer: BOT_FRAMEWORK_ISSUER,
      graphScope: "https://graph.microsoft.com/.default",
      agenticIdentityBotScope: "5a807f24-c9de-44ee-a3a7-329e88a00ffc/.default",
    },
    messages: (conversationId) => visible(conversationId, "message").map((entry) => entry.text ?? ""),
    conversation: visible,
    signToken: (token) => signJwt(key, claimsFor(token), headerFor(token)),
    unsignedToken: (token) => {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
      return `${encode({ typ: "JWT", alg: "none", kid: key.kid, ...headerFor(token) })}.${encode(claimsFor(token))}.`;
    },
    foreignToken: (token) => signJwt({ ...foreignKey, kid: key.kid }, claimsFor(token), headerFor(token)),
    activity: (message) => inboundActivity({ appId, tenantId, botName, serviceUrl }, message),
    send: (url, body, token) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      const bearer = token === undefined ? signJwt(key, claimsFor()) : token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      return fetch(url, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
    },
    close: async () => {
      for (const step of undo.reverse()) step();
      await Promise.all([identityServer, connectorServer].map((server) => new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })));
    },
  };
}

function listen(server: { listen(port: number, host: string, callback: () => void): unknown; once(event: "error", listener: (error: Error) => void): unknown }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
}
