// The Entra (Microsoft) OAuth IdentityLinker on @azure/msal-node: authorization code with PKCE (S256),
// state and nonce; the callback records the verified `microsoft.oid` claim or links onto its owner.
import { randomBytes, randomUUID } from "node:crypto";
import { ConfidentialClientApplication, CryptoProvider, type Configuration, type INetworkModule } from "@azure/msal-node";
import type { ChannelIdentity } from "../channel/request.ts";
import { ForbiddenError } from "../host/errors.ts";
import type { HostStateStore } from "../stores/types.ts";
import { entraRoutes, type EntraGrant } from "./_entra-routes.ts";
import { LINK_GRANT_NAMESPACE, LinkError } from "./code-linker.ts";
import { getHostIdentity, getIdentityRecord } from "./registry.ts";
import { autoIssueIdentityResolver, type IdentityResolver } from "./resolver.ts";
import type { IdentityLinker, LinkChallenge, LinkPolicy } from "./types.ts";

/** The verified claim the Entra linker records: the user's object id in Microsoft Entra. */
export const MICROSOFT_OID_CLAIM = "microsoft.oid";

export interface EntraLinkerOptions {
  clientId: string;
  clientSecret: string;
  /** Default `"common"` (work, school and personal accounts). */
  tenantId?: string;
  /** Default `https://login.microsoftonline.com/<tenantId>`. Must be https (msal refuses anything else). */
  authority?: string;
  /** Where the host is reachable from the user's browser (`AGENT_HOST_PUBLIC_URL`); the redirect URI hangs off it. */
  publicUrl: string;
  store: HostStateStore;
  /** Default `["openid", "profile"]` (msal adds `offline_access`). */
  scopes?: string[];
  /** The routes' base path. Default `/identity/oauth/microsoft` (redirect URI `<publicUrl>/identity/oauth/microsoft/callback`). */
  path?: string;
  /** Resolves the isolation key of the identity that begins linking. Default: the auto-issuing resolver. */
  resolver?: IdentityResolver;
  /** Decides whether channels may be linked; checked against the channels already on the owning key. */
  policy?: LinkPolicy;
  tiers?: Record<string, string | undefined>;
  /** How long a sign-in link stays valid. Default 15 minutes. */
  ttlMs?: number;
  /** msal `system.networkClient` (tests: the fake provider's, trusting its certificate). */
  networkClient?: INetworkModule;
  /** msal `auth.knownAuthorities`, `authorityMetadata`, `cloudDiscoveryMetadata`, for non-Microsoft or offline authorities. */
  knownAuthorities?: string[];
  authorityMetadata?: string;
  cloudDiscoveryMetadata?: string;
}

export function entraLinker(options: EntraLinkerOptions): IdentityLinker {
  const { store } = options;
  const tenant = options.tenantId ?? "common";
  const authority = options.authority ?? `https://login.microsoftonline.com/${tenant}`;
  const base = (options.path ?? "/identity/oauth/microsoft").replace(/\/+$/, "");
  const redirectUri = `${options.publicUrl.replace(/\/+$/, "")}${base}/callback`;
  const scopes = options.scopes ?? ["openid", "profile"];
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const resolver = options.resolver ?? autoIssueIdentityResolver(store);
  const msal = new ConfidentialClientApplication(msalConfiguration(options, authority));
  const pkce = new CryptoProvider();

  return {
    name: "entra",

    contribute: (context) =>
      ({ routes: entraRoutes({ base, store, msal, redirectUri, scopes, clientId: options.clientId, policy: options.policy, tiers: options.tiers, log: context.log }) }),

    async begin(identity: ChannelIdentity): Promise<LinkChallenge> {
      const isolationKey = await resolver.resolve(identity);
      if (!isolationKey) throw new ForbiddenError("This identity may not link.", "identity_refused");
      const { verifier, challenge } = await pkce.generatePkceCodes();
      const state = `entra_${randomBytes(24).toString("base64url")}`;
      const nonce = randomUUID();
      const url = await msal.getAuthCodeUrl({ scopes, redirectUri, codeChallenge: challenge, codeChallengeMethod: "S256", state, nonce, prompt: "select_account" });
      const expiresAt = new Date(Date.now() + ttlMs).toISOString();
      const who = { channel: identity.channel, nativeId: identity.nativeId, ...(identity.displayName ? { displayName: identity.displayName } : {}) };
      const grant: EntraGrant = { kind: "entra", identity: who, isolationKey, codeVerifier: verifier, nonce, url, expiresAt };
      await store.set(LINK_GRANT_NAMESPACE, state, grant, { ifVersion: 0, ttlMs });
      const start = `${options.publicUrl.replace(/\/+$/, "")}${base}/start?challenge=${state}`;
      const minutes = Math.round(ttlMs / 60_000);
      return { challengeId: state, url, expiresAt, instructions: `Open ${start} to sign in with your Microsoft account (within ${minutes} minutes).` };
    },

    async complete(): Promise<string> {
      throw new LinkError(
        `Microsoft sign-in completes in the browser: the ${base}/callback route links the account. Open the URL from begin() instead of calling complete().`,
        "link_in_browser",
      );
    },

    async isLinked(identity: ChannelIdentity): Promise<boolean> {
      const isolationKey = (await getIdentityRecord(store, identity))?.isolationKey ?? (await resolver.resolve(identity));
      if (!isolationKey) return false;
      return Boolean((await getHostIdentity(store, isolationKey))?.claims[MICROSOFT_OID_CLAIM]);
    },
  };
}

/** msal configuration with only the keys that are set: msal spreads them over its defaults, undefined included. */
function msalConfiguration(options: EntraLinkerOptions, authority: string): Configuration {
  const auth: Configuration["auth"] = { clientId: options.clientId, clientSecret: options.clientSecret, authority };
  if (options.knownAuthorities) auth.knownAuthorities = options.knownAuthorities;
  if (options.authorityMetadata) auth.authorityMetadata = options.authorityMetadata;
  if (options.cloudDiscoveryMetadata) auth.cloudDiscoveryMetadata = options.cloudDiscoveryMetadata;
  return options.networkClient ? { auth, system: { networkClient: options.networkClient } } : { auth };
}
