// The `whatsapp` channel: your agent on the WhatsApp Cloud API. Meta calls `<path>/webhook` (GET to verify
// it, POST with signed notifications); answers go out through `POST /{version}/{phone_number_id}/messages`.
import { answerText, hmacSignature, splitMessage, type Channel, type RunHook } from "agent-host";
import { Hono, type Context } from "hono";
import { createHash, timingSafeEqual } from "node:crypto";
import { graphClient } from "./whatsapp-graph.ts";
import { whatsappPush } from "./whatsapp-push.ts";
import { answerMessage, LIMIT, type TurnDeps } from "./whatsapp-turn.ts";
import { parseNotification, WebhookPayloadError, type InboundMessage, type WebhookNotification } from "./whatsapp-webhook.ts";

export interface WhatsAppChannelOptions {
  /** The channel's name in requests, identities and logs. Default "whatsapp". */
  name?: string;
  /** Mount root; the webhook is `<path>/webhook`. Default "/whatsapp". */
  path?: string;
  /** Sends the answers. Default `WHATSAPP_ACCESS_TOKEN` (a permanent system-user token). */
  accessToken?: string;
  /** Verifies `X-Hub-Signature-256` on every notification. Default `WHATSAPP_APP_SECRET`. */
  appSecret?: string;
  /** What you typed as "Verify token" in the app's webhook settings. Default `WHATSAPP_VERIFY_TOKEN`. */
  verifyToken?: string;
  /** The business number's id. When set, messages to other numbers of the account are ignored. Default `WHATSAPP_PHONE_NUMBER_ID`. */
  phoneNumberId?: string;
  /** Default `WHATSAPP_API_BASE`, else https://graph.facebook.com (tests point it at a fake). */
  apiBase?: string;
  /** Graph API version. Default `WHATSAPP_API_VERSION`, else "v25.0". */
  apiVersion?: string;
  /** The answer to images, voice notes, stickers, …; "" ignores them. */
  nonTextReply?: string;
  /** Rewrites or rejects each request before it runs (a rejection is told to the user). */
  runHook?: RunHook;
}

const NON_TEXT_REPLY = "Sorry, I can only read text messages. Please type your question.";

export function whatsappChannel(options: WhatsAppChannelOptions = {}): Channel {
  const name = options.name ?? "whatsapp";
  return {
    name,
    path: options.path ?? "/whatsapp",
    runHook: options.runHook,
    contribute(ctx) {
      const env = process.env;
      const accessToken = options.accessToken ?? env.WHATSAPP_ACCESS_TOKEN ?? "";
      const appSecret = options.appSecret ?? env.WHATSAPP_APP_SECRET ?? "";
      const verifyToken = options.verifyToken ?? env.WHATSAPP_VERIFY_TOKEN ?? "";
      const phoneNumberId = (options.phoneNumberId ?? env.WHATSAPP_PHONE_NUMBER_ID) || undefined;
      const app = new Hono();

      // Not set up yet: say so once, answer 503 on our routes, and let the host's other channels run.
      const missing = Object.entries({ WHATSAPP_ACCESS_TOKEN: accessToken, WHATSAPP_APP_SECRET: appSecret, WHATSAPP_VERIFY_TOKEN: verifyToken })
        .filter(([, value]) => !value)
        .map(([variable]) => variable);
      if (missing.length > 0) {
        const message = `${name} is not configured: set ${missing.join(" and ")} (see README, "Connect a WhatsApp number")`;
        ctx.log.warn(message);
        app.all("*", (c) => c.json({ error: message }, 503));
        return { routes: app };
      }

      const graph = graphClient({
        base: options.apiBase || env.WHATSAPP_API_BASE || "https://graph.facebook.com",
        version: options.apiVersion || env.WHATSAPP_API_VERSION || "v25.0",
        accessToken,
      });
      const deps: TurnDeps = { ctx, name, graph, phoneNumberId, nonTextReply: options.nonTextReply ?? NON_TEXT_REPLY };

      // Turns run after the 200 (Meta retries slow webhooks); close() waits for those in flight.
      const inFlight = new Set<Promise<void>>();
      const inBackground = (message: InboundMessage) => {
        const turn = answerMessage(deps, message)
          .catch((error: unknown) => ctx.log.error(`${name}: could not answer message ${message.id}: ${error instanceof Error ? error.message : String(error)}`))
          .finally(() => inFlight.delete(turn));
        inFlight.add(turn);
      };

      // Verification handshake: Meta sends the verify token you chose and expects the challenge back.
      app.get("/webhook", (c) => {
        const [mode, token, challenge] = ["hub.mode", "hub.verify_token", "hub.challenge"].map((key) => c.req.query(key));
        if (mode !== "subscribe" || token === undefined || !sameSecret(token, verifyToken)) {
          return c.json({ error: "Webhook verification failed: hub.mode must be subscribe and hub.verify_token must equal WHATSAPP_VERIFY_TOKEN." }, 403);
        }
        if (!challenge) return c.json({ error: "hub.challenge is missing: Meta sends it with every verification request." }, 400);
        return c.text(challenge, 200);
      });

      // Notifications: signature first (over the raw bytes), then parse, answer 200 at once, work after.
      app.post("/webhook", requireSignatureHeader, hmacSignature({
        secret: appSecret,
        header: "X-Hub-Signature-256",
        prefix: "sha256=",
        onInvalid: (c, message) => c.json({ error: `${message} (${name} checks it with WHATSAPP_APP_SECRET)` }, 403),
      }), async (c) => {
        let notification: WebhookNotification;
        try {
          notification = parseNotification(JSON.parse(await c.req.text()));
        } catch (error) {
          const message = error instanceof WebhookPayloadError ? error.message : "The body is not valid JSON.";
          return c.json({ error: message }, 400);
        }
        for (const status of notification.statuses) {
          // Delivery receipts: only failures are worth a log line (e.g. 131047, outside the 24-hour window).
          if (status.status !== "failed") continue;
          const why = status.errors.map((error) => `(${error.code}) ${error.message}`).join("; ") || "no reason given";
          ctx.log.warn(`${name}: WhatsApp could not deliver message ${status.id}: ${why}`);
        }
        for (const message of notification.messages) {
          if (phoneNumberId && message.phoneNumberId && message.phoneNumberId !== phoneNumberId) continue; // another number of the account
          inBackground(message);
        }
        return c.json({ received: true });
      });

      return {
        routes: app,
        push: whatsappPush({ ctx, name, graph, phoneNumberId }),
        format: (result) => splitMessage(answerText(result), LIMIT),
        onShutdown: [async () => void (await Promise.allSettled([...inFlight]))],
      };
    },
  };
}

/** No signature at all is 401 (who are you?); a wrong one is 403 (hmacSignature's onInvalid above). */
async function requireSignatureHeader(c: Context, next: () => Promise<void>) {
  if (!c.req.header("x-hub-signature-256")) {
    return c.json({ error: "Missing X-Hub-Signature-256 header: this webhook accepts only notifications signed by Meta." }, 401);
  }
  return next();
}

/** Compares secrets in constant time (hashing first, so the length does not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
