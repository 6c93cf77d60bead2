// The Entra linker's browser routes: `start` redirects to the stored sign-in URL; `callback` consumes
// the single-use grant, redeems the code with msal (PKCE, nonce) and links by the verified `oid`.
import { AuthError, type ConfidentialClientApplication } from "@azure/msal-node";
import { Hono } from "hono";
import type { Logger } from "../channel/types.ts";
import type { HostStateStore } from "../stores/types.ts";
import { oauthPage } from "./_oauth-page.ts";
import { LINK_GRANT_NAMESPACE } from "./code-linker.ts";
import { findByClaim, getHostIdentity, getIdentityRecord, linkIdentity, recordClaims } from "./registry.ts";
import type { LinkPolicy } from "./types.ts";

/** The link grant stored under the OAuth `state` until the callback consumes it. */
export interface EntraGrant {
  kind: "entra";
  identity: { channel: string; nativeId: string; displayName?: string };
  /** The beginning identity's own isolation key, used when no one holds the `oid` yet. */
  isolationKey: string;
  codeVerifier: string;
  nonce: string;
  url: string;
  expiresAt: string;
}

export interface EntraRouteOptions {
  base: string;
  store: HostStateStore;
  msal: ConfidentialClientApplication;
  redirectUri: string;
  scopes: string[];
  clientId: string;
  policy?: LinkPolicy;
  tiers?: Record<string, string | undefined>;
  log: Logger;
}

const OID = "microsoft.oid";
const again = "Ask for a new sign-in link in your chat.";
const invalidState = { status: 400, title: "Link expired", code: "invalid_state", message: `This sign-in link is unknown, expired or already used. ${again}` } as const;

export function entraRoutes(options: EntraRouteOptions): Hono {
  const { store, log } = options;
  const app = new Hono();

  app.get(`${options.base}/start`, async (c) => {
    const challenge = c.req.query("challenge") ?? "";
    const grant = challenge.startsWith("entra_") ? (await store.get<EntraGrant>(LINK_GRANT_NAMESPACE, challenge))?.value : undefined;
    if (grant?.kind !== "entra" || Date.parse(grant.expiresAt) < Date.now()) return oauthPage(c, invalidState);
    return c.redirect(grant.url, 302);
  });

  app.get(`${options.base}/callback`, async (c) => {
    const { code, state, error, error_description: description } = c.req.query();
    // Only this linker's grants: a state must never consume another linker's record in the shared namespace.
    const record = state?.startsWith("entra_") ? await store.consume<EntraGrant>(LINK_GRANT_NAMESPACE, state) : undefined;
    const grant = record?.value;
    if (grant?.kind !== "entra" || Date.parse(grant.expiresAt) < Date.now()) return oauthPage(c, invalidState);
    if (error || !code) {
      const reason = error ? `${error}${description ? `: ${description}` : ""}` : "no authorization code in the redirect";
      return oauthPage(c, { status: 400, title: "Sign-in not completed", code: error ?? "missing_code", message: `Microsoft sign-in did not complete (${reason}). ${again}` });
    }
    let claims: Record<string, unknown>;
    try {
      const result = await options.msal.acquireTokenByCode({ code, redirectUri: options.redirectUri, scopes: options.scopes, codeVerifier: grant.codeVerifier, nonce: grant.nonce });
      claims = (result.idTokenClaims ?? {}) as Record<string, unknown>;
      if (result.account) await options.msal.getTokenCache().removeAccount(result.account).catch(() => undefined); // tokens are not kept
    } catch (cause) {
      log.warn("entra: the authorization code could not be redeemed", { error: cause instanceof Error ? cause.message : String(cause) });
      if (cause instanceof AuthError && cause.errorCode !== "network_error") {
        return oauthPage(c, { status: 400, title: "Sign-in rejected", code: cause.errorCode, message: `Microsoft rejected the sign-in (${cause.errorCode}: ${describe(cause)}). ${again}` });
      }
      return oauthPage(c, { status: 502, title: "Microsoft unreachable", code: "idp_unreachable", message: `Could not reach Microsoft to finish the sign-in (${cause instanceof Error ? cause.message : String(cause)}). ${again}` });
    }
    const oid = typeof claims.oid === "string" ? claims.oid : undefined;
    if (!oid || claims.aud !== options.clientId) {
      return oauthPage(c, { status: 400, title: "Sign-in rejected", code: "invalid_id_token", message: `The Microsoft ID token has no object id (oid) or is for another application. ${again}` });
    }
    let owner = await findByClaim(store, OID, oid);
    if (owner && owner !== grant.isolationKey && !(await allowed(options, owner, grant.identity.channel))) {
      return oauthPage(c, { status: 400, title: "Link not allowed", code: "link_refused", message: `This Microsoft account is linked to channels that ${grant.identity.channel} may not be linked with here.` });
    }
    if (!owner) {
      const own = (await getIdentityRecord(store, grant.identity))?.isolationKey ?? grant.isolationKey; // it may have moved since begin
      owner = (await recordClaims(store, own, { [OID]: oid }))[OID] ?? own; // a racing sign-in may win the claim
    }
    await linkIdentity(store, grant.identity, owner);
    log.info("entra: identity linked", { channel: grant.identity.channel, tid: claims.tid });
    return oauthPage(c, { status: 200, title: "Linked", code: "linked", message: "Linked. You can close this window." });
  });

  return app;
}

/** msal's ServerError message packs "Error(s): … - Description: <text> - Correlation ID: …"; keep the text. */
function describe(error: AuthError): string {
  return /Description: (.*?)(?: - Correlation ID:|$)/s.exec(error.errorMessage)?.[1]?.trim() || error.errorMessage || error.message;
}

async function allowed(options: EntraRouteOptions, owner: string, channel: string): Promise<boolean> {
  const policy = options.policy;
  if (!policy) return true;
  const members = (await getHostIdentity(options.store, owner))?.members ?? [];
  return members.every((member) =>
    policy({ source: { name: member.channel, confidentialityTier: options.tiers?.[member.channel] }, destination: { name: channel, confidentialityTier: options.tiers?.[channel] }, operation: "link" }),
  );
}
