// The fake OpenID provider's endpoints (discovery, JWKS, authorize, token) as one node request
// handler; errors use Entra's `{ error, error_description, error_codes }` shape and AADSTS codes.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { jwks, pkceS256, type SigningKeyPair } from "./_fake-oidc-crypto.ts";

export interface FakeOidcClaims {
  oid: string;
  tid: string;
  name: string;
  preferred_username: string;
}

export interface FakeOidcRequest {
  method: string;
  /** `discovery`, `keys`, `authorize`, `token` or `unknown`. */
  endpoint: string;
  path: string;
  /** Query parameters (GET) or form fields (POST). */
  params: Record<string, string>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
  scope: string;
  user: FakeOidcClaims;
}

export interface FakeOidcState {
  origin: string;
  clientId: string;
  clientSecret: string;
  key: SigningKeyPair;
  requests: FakeOidcRequest[];
  /** The signed-in user for an authorize request, by its `state` (set by `authorize`), else the default. */
  userFor(state: string): FakeOidcClaims;
  openIdConfiguration(tenant: string): Record<string, unknown>;
  tokenResponse(code: { user: FakeOidcClaims; nonce?: string; scope: string }): Record<string, unknown>;
}

type Reply = { status: number; body?: unknown; location?: string };
const oauthError = (status: number, error: string, code: number, description: string): Reply => ({
  status,
  body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: new Date().toISOString() },
});

export function fakeOidcHandler(state: FakeOidcState): (req: IncomingMessage, res: ServerResponse) => void {
  const codes = new Map<string, PendingCode>();
  const route = (method: string, path: string, params: Record<string, string>): Reply & { endpoint: string } => {
    const match = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/authorize|oauth2\/v2\.0\/token)$/.exec(path);
    const tenant = match?.[1] ?? "";
    const endpoint = { "v2.0/.well-known/openid-configuration": "discovery", "discovery/v2.0/keys": "keys", "oauth2/v2.0/authorize": "authorize", "oauth2/v2.0/token": "token" }[match?.[2] ?? ""] ?? "unknown";
    if (endpoint === "discovery" && method === "GET") return { endpoint, status: 200, body: state.openIdConfiguration(tenant) };
    if (endpoint === "keys" && method === "GET") return { endpoint, status: 200, body: jwks(state.key) };
    if (endpoint === "authorize" && method === "GET") return { endpoint, ...authorize(params) };
    if (endpoint === "token" && method === "POST") return { endpoint, ...token(params) };
    return { endpoint, status: 404, body: { error: "not_found", error_description: `The fake OpenID provider has no ${method} ${path}.` } };
  };
  const authorize = (p: Record<string, string>): Reply => {
    if (p.client_id !== state.clientId) return oauthError(400, "unauthorized_client", 700016, `Application with identifier '${p.client_id}' was not found.`);
    if (!p.redirect_uri) return oauthError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'redirect_uri'.");
    if (p.response_type !== "code") return oauthError(400, "unsupported_response_type", 70000, `response_type must be 'code', got '${p.response_type}'.`);
    if (!p.state) return oauthError(400, "invalid_request", 900144, "The fake requires a 'state' parameter (CSRF protection).");
    if (!p.code_challenge || p.code_challenge_method !== "S256") {
      return oauthError(400, "invalid_request", 501491, "The fake requires PKCE: 'code_challenge' with code_challenge_method 'S256'.");
    }
    const code = randomBytes(24).toString("base64url");
    const pending: PendingCode = { clientId: p.client_id, redirectUri: p.redirect_uri, codeChallenge: p.code_challenge, scope: p.scope ?? "", user: state.userFor(p.state) };
    if (p.nonce) pending.nonce = p.nonce;
    codes.set(code, pending);
    const location = new URL(p.redirect_uri);
    location.searchParams.set("code", code);
    location.searchParams.set("state", p.state);
    return { status: 302, location: location.toString() };
  };
  const token = (p: Record<string, string>): Reply => {
    if (p.client_id !== state.clientId) return oauthError(400, "unauthorized_client", 700016, `Application with identifier '${p.client_id}' was not found.`);
    if (p.client_secret !== state.clientSecret) return oauthError(401, "invalid_client", 7000215, "Invalid client secret provided.");
    if (p.grant_type !== "authorization_code") return oauthError(400, "unsupported_grant_type", 70003, `The fake supports only authorization_code, got '${p.grant_type}'.`);
    const pending = codes.get(p.code ?? "");
    codes.delete(p.code ?? ""); // single use, even when the rest of the request is wrong
    if (!pending) return oauthError(400, "invalid_grant", 70008, "The provided authorization code has expired or was already redeemed.");
    if (p.redirect_uri !== pending.redirectUri) return oauthError(400, "invalid_grant", 50148, "The redirect_uri does not match the one used in the authorization request.");
    if (!p.code_verifier || pkceS256(p.code_verifier) !== pending.codeChallenge) {
      return oauthError(400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
    }
    return { status: 200, body: state.tokenResponse(pending) };
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", state.origin);
      const source = req.method === "POST" ? new URLSearchParams(Buffer.concat(chunks).toString("utf8")) : url.searchParams;
      const params = Object.fromEntries(source.entries());
      const reply = route(req.method ?? "GET", url.pathname, params);
      state.requests.push({ method: req.method ?? "GET", endpoint: reply.endpoint, path: url.pathname, params });
      const headers: Record<string, string> = { "cache-control": "no-store" };
      if (reply.location) headers.location = reply.location;
      if (reply.body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
      res.writeHead(reply.status, headers).end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    });
  };
}
