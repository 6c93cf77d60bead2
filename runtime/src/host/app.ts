// The host's Hono app shell: body limit, host middleware, health probes (liveness; readiness pings the
// store), JSON 404/500/503 (+ Retry-After), and each channel's routes under its own root and middleware.
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ChannelContribution } from "../channel/types.ts";
import type { Logger } from "../channel/types.ts";
import { StoreUnavailableError, toHostError } from "./errors.ts";

/** The body limit (and WebSocket message limit) when AgentHostOptions.maxBodyBytes is not set: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  middleware: MiddlewareHandler[];
  maxBodyBytes: number;
  log: Logger;
  ready: () => Promise<void>;
  /** Resolves when the state store answers (HostStateStore.ping); `/readiness` gives it READINESS_TIMEOUT_MS. */
  ping?: () => Promise<void>;
}

/** How long `/readiness` waits for start-up and a store ping before it answers 503. */
export const READINESS_TIMEOUT_MS = 2000;
/** Retry-After (seconds) on a 503 whose renderer did not set one (a channel's own error shape). */
const RETRY_AFTER_SECONDS = 5;

export function createHostApp(options: AppOptions): Hono {
  const app = new Hono();
  // Every 503 (store unavailable, from the host or a channel's own error renderer) tells clients when to retry.
  app.use(async (c, next) => {
    await next();
    if (c.res.status === 503 && !c.res.headers.has("retry-after")) c.header("Retry-After", String(RETRY_AFTER_SECONDS));
  });
  // Liveness starts the host (like any first request) but answers without waiting for it or the store;
  // readiness waits for both, briefly.
  app.get("/healthz", (c) => {
    options.ready().catch(() => {}); // a failed start-up shows in /readiness and the requests that need it
    return c.json({ status: "ok" });
  });
  app.get("/readiness", async (c) => {
    try {
      await withTimeout(options.ready().then(() => options.ping?.()), READINESS_TIMEOUT_MS);
      return c.json({ status: "ready" });
    } catch (error) {
      options.log.warn("not ready", { error: String(error) });
      return c.json({ status: "unavailable" }, 503);
    }
  });
  // Waits for the host's start-up; once it is done, requests go straight on (no await, no extra promise).
  let started = false;
  app.use((_c, next) => {
    if (started) return next();
    return options.ready().then(() => {
      started = true;
      return next();
    });
  });
  app.use(
    bodyLimitFast({
      maxSize: options.maxBodyBytes,
      onError: (c) => {
        // The unread rest of the body is still on the socket: close it rather than reuse it.
        c.header("Connection", "close");
        return c.json({ error: { message: `Request body is larger than ${options.maxBodyBytes} bytes.`, type: "invalid_request_error", code: "body_too_large", param: null } }, 413);
      },
    }),
  );
  for (const middleware of options.middleware) app.use(middleware);
  app.notFound((c) => c.json({ error: { message: `No route for ${c.req.method} ${c.req.path}.`, type: "not_found", code: "not_found", param: null } }, 404));
  app.onError((error, c) => {
    const hostError = toHostError(error);
    if (hostError.status >= 500) options.log.error("unhandled error", { path: c.req.path, error: String(error) });
    if (hostError instanceof StoreUnavailableError) c.header("Retry-After", String(hostError.retryAfterSeconds));
    return c.json({ error: { message: hostError.message, type: hostError.code, code: hostError.code, param: null } }, hostError.status);
  });
  return app;
}

/**
 * hono's bodyLimit with a fast path: a request whose Content-Length is within the limit goes straight on.
 * hono's own check reads `c.req.raw.body`, which makes @hono/node-server build a full web Request (with a
 * web stream over the socket) for every request, and the body is then read through that stream: ~30 % of
 * the host's CPU per request in `npm run bench`. No length, chunked, or too long → hono's path as before.
 */
function bodyLimitFast(options: Parameters<typeof bodyLimit>[0]): MiddlewareHandler {
  const limit = bodyLimit(options);
  return (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next(); // never carry a body
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined && Number.parseInt(length, 10) <= options.maxSize) {
      return next();
    }
    return limit(c, next);
  };
}

/** Mounts one channel's contribution under its root: `path` + the channel's own suffixes. */
export function mountChannel(app: Hono, path: string, contribution: ChannelContribution): void {
  if (!contribution.routes) return;
  const root = normalizeRoot(path);
  const scoped = new Hono();
  // Middleware runs on the channel's own route paths only: a channel mounted at "/" (A2A's well-known
  // card) must not put its bearer check in front of /healthz or another channel's routes.
  const paths = [...new Set(contribution.routes.routes.map((route) => route.path))];
  for (const middleware of contribution.middleware ?? []) for (const routePath of paths) scoped.use(routePath, middleware);
  scoped.route("/", contribution.routes);
  app.route(root, scoped);
}

function normalizeRoot(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, "");
  if (trimmed === "") return "/";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** `promise`, or a rejection after `ms` (the timer does not keep the process alive). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
