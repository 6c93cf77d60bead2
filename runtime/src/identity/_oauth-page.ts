// The small result pages OAuth linker routes answer a browser with: HTML by default, JSON when the
// client asks for it. Every message is escaped; no stack trace ever reaches the page.
import type { Context } from "hono";

export interface OAuthPage {
  status: 200 | 400 | 502;
  title: string;
  message: string;
  /** Machine-readable outcome for JSON clients, e.g. `linked`, `invalid_state`, `invalid_grant`. */
  code: string;
}

export function oauthPage(c: Context, page: OAuthPage): Response {
  c.header("cache-control", "no-store");
  if ((c.req.header("accept") ?? "").includes("application/json")) {
    const body = page.status === 200 ? { status: page.code, message: page.message } : { error: { code: page.code, message: page.message } };
    return c.json(body, page.status);
  }
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(page.title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto">` +
    `<h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p></body></html>`;
  c.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
  return c.html(html, page.status);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
