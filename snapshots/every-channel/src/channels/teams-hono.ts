// The Teams SDK's HTTP seam for Hono: the App registers its messaging route here instead of starting
// Express; the host's Hono route hands each checked request to it, and the SDK validates its token.
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter } from "@microsoft/teams.apps";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class HonoAdapter implements IHttpServerAdapter {
  readonly #routes = new Map<string, HttpRouteHandler>();

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    this.#routes.set(`${method} ${path}`, handler);
  }

  /** Runs the handler the SDK registered for `path` on a request whose body the caller already parsed. */
  async handle(c: Context, path: string, body: unknown): Promise<Response> {
    const handler = this.#routes.get(`POST ${path}`);
    if (!handler) return c.json({ error: `The Teams app has not registered ${path} yet (is the host started?).` }, 503);
    const reply = await handler({ body, headers: c.req.header() });
    const status = reply.status as ContentfulStatusCode; // the SDK answers 200, 401 or an invoke's own status
    if (reply.body === undefined || reply.body === null) return new Response(null, { status });
    return c.json(reply.body as object, status);
  }
}
