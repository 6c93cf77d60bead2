// The identity half of the fake Bot Framework (HTTPS): Entra tenant metadata, JWKS and the token
// endpoint the SDKs' msal asks for outbound app tokens, plus Bot Framework-style OpenID metadata.
import type { IncomingMessage, ServerResponse } from "node:http";
import { jwks, signJwt, type SigningKeyPair } from "./_fake-oidc-crypto.ts";

export interface FakeTokenRequest {
  clientId: string;
  scope: string;
  grantType: string;
  /** The access token handed out, or undefined when the request was refused. */
  accessToken?: string;
}

export interface IdentityState {
  origin: string;
  tenantId: string;
  appId: string;
  appPassword: string;
  key: SigningKeyPair;
  /** The issuer Bot Framework tokens carry (what `/botframework/v1/.well-known/openidconfiguration` names). */
  botFrameworkIssuer: string;
  tokenRequests: FakeTokenRequest[];
  /** Every access token the token endpoint issued: the fake connector accepts only these. */
  issuedTokens: Set<string>;
  /** The path of every JWKS request (Entra or Bot Framework keys), oldest first. */
  keyRequests: string[];
  /** How long the JWKS endpoints take to answer. */
  keyDelayMs: number;
}

type Reply = { status: number; body: unknown };
const oauthError = (status: number, error: string, code: number, description: string): Reply => ({
  status,
  body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: new Date().toISOString() },
});

/** Entra's OpenID configuration for one tenant of the fake (what msal reads before the token call). */
export function entraConfiguration(origin: string, tenant: string): Record<string, unknown> {
  return {
    issuer: `${origin}/${tenant}/v2.0`,
    authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
    token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
    jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
    response_types_supported: ["code", "token"],
    id_token_signing_alg_values_supported: ["RS256"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
  };
}

export function identityHandler(state: IdentityState): (req: IncomingMessage, res: ServerResponse) => void {
  const route = (method: string, path: string, form: URLSearchParams): Reply => {
    if (method === "GET" && path === "/botframework/v1/.well-known/openidconfiguration") {
      return {
        status: 200,
        body: {
          issuer: state.botFrameworkIssuer,
          authorization_endpoint: `${state.origin}/botframework/v1/authorize`,
          jwks_uri: `${state.origin}/botframework/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["private_key_jwt"],
        },
      };
    }
    if (method === "GET" && path === "/botframework/v1/.well-known/keys") return { status: 200, body: jwks(state.key) };
    const match = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/token)$/.exec(path);
    const [, tenant = "", endpoint = ""] = match ?? [];
    if (method === "GET" && endpoint === "v2.0/.well-known/openid-configuration") return { status: 200, body: entraConfiguration(state.origin, tenant) };
    if (method === "GET" && endpoint === "discovery/v2.0/keys") return { status: 200, body: jwks(state.key) };
    if (method === "POST" && endpoint === "oauth2/v2.0/token") return token(tenant, form);
    return { status: 404, body: { error: "not_found", error_description: `The fake Bot Framework identity service has no ${method} ${path}.` } };
  };

  // Client credentials, as the Bot Service requires for outbound calls: the app id and secret buy a
  // token for the connector (scope `https://api.botframework.com/.default`).
  const token = (tenant: string, form: URLSearchParams): Reply => {
    const request: FakeTokenRequest = { clientId: form.get("client_id") ?? "", scope: form.get("scope") ?? "", grantType: form.get("grant_type") ?? "" };
    state.tokenRequests.push(request);
    if (tenant !== state.tenantId) return oauthError(400, "invalid_request", 90002, `Tenant '${tenant}' not found. The fake knows only ${state.tenantId}.`);
    if (request.clientId !== state.appId) return oauthError(400, "unauthorized_client", 700016, `Application with identifier '${request.clientId}' was not found in the directory.`);
    if (form.get("client_secret") !== state.appPassword) return oauthError(401, "invalid_client", 7000215, "Invalid client secret provided.");
    if (request.grantType !== "client_credentials") return oauthError(400, "unsupported_grant_type", 70003, `The fake supports only client_credentials, got '${request.grantType}'.`);
    const resource = request.scope.split(" ")[0]?.replace(/\/\.default$/, "") ?? "";
    if (!resource) return oauthError(400, "invalid_scope", 70011, "The request must name a scope such as https://api.botframework.com/.default.");
    const now = Math.floor(Date.now() / 1000);
    const accessToken = signJwt(state.key, {
      aud: resource, iss: `${state.origin}/${tenant}/v2.0`, appid: request.clientId, azp: request.clientId, tid: tenant, ver: "2.0", iat: now, nbf: now, exp: now + 3600,
    });
    request.accessToken = accessToken;
    state.issuedTokens.add(accessToken);
    return { status: 200, body: { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: accessToken } };
  };

  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", state.origin);
      const reply = route(req.method ?? "GET", url.pathname, new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      const isKeys = /\/(discovery\/v2\.0|v1\/\.well-known)\/keys$/.test(url.pathname);
      if (isKeys) state.keyRequests.push(url.pathname);
      const answer = () => res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(JSON.stringify(reply.body));
      if (isKeys && state.keyDelayMs > 0) setTimeout(answer, state.keyDelayMs);
      else answer();
    });
  };
}
