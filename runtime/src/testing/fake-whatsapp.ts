// agent-host/testing: a fake WhatsApp Cloud API (Graph) on 127.0.0.1 for offline tests of WhatsApp
// channels — it records what the bot sends, refuses bad tokens and bodies like Graph, and posts signed webhooks.
//
// ```ts
// const whatsapp = await startFakeWhatsApp();
// const host = createAgentHost({ target: echoAgent(), channels: [whatsappChannel(whatsapp.channelOptions)] });
// const { url } = await host.serve({ port: 0 });
// await whatsapp.deliver(`${url}/whatsapp/webhook`, whatsapp.textMessage({ from: "15551234567", text: "Hi" }));
// expect(await whatsapp.waitForMessages("15551234567", 1)).toEqual(["You said: Hi"]);
// ```
// The chat id is the user's phone number: WhatsApp chats with a business are always one to one.
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { signHmac } from "../auth/hmac.ts";
import {
  inboundMessage,
  mediaFields,
  notification,
  statusFields,
  textFields,
  type FakeInboundBase,
  type FakeStatusUpdate,
  type WhatsAppNotification,
} from "./_fake-whatsapp-payloads.ts";
import { fakeGraphApp, type FakeGraphRequest, type FakeGraphState, type FakeWhatsAppRead, type FakeWhatsAppSend } from "./_fake-whatsapp-routes.ts";

export type { FakeGraphRequest, FakeWhatsAppRead, FakeWhatsAppSend } from "./_fake-whatsapp-routes.ts";
export type { FakeInboundBase, FakeStatusUpdate, WhatsAppNotification } from "./_fake-whatsapp-payloads.ts";

export interface FakeWhatsAppOptions {
  /** The bearer token the fake accepts. Default "fake-whatsapp-token". */
  accessToken?: string;
  /** The app secret webhooks are signed with. Default "fake-app-secret". */
  appSecret?: string;
  /** The verify token of the GET handshake (the fake only hands it out). Default "fake-verify-token". */
  verifyToken?: string;
  /** The business phone number id sends must use. Default "100000000000001". */
  phoneNumberId?: string;
  /** The Graph version the channel should call. Default "v25.0" (the fake accepts any `vN.M`). */
  apiVersion?: string;
}

export interface FakeWhatsApp {
  /** The Graph base URL (`WHATSAPP_API_BASE`): `http://127.0.0.1:<port>`. */
  url: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  phoneNumberId: string;
  apiVersion: string;
  /** Options for a WhatsApp channel that talks to this fake (`whatsappChannel(fake.channelOptions)`). */
  channelOptions: { accessToken: string; appSecret: string; verifyToken: string; phoneNumberId: string; apiBase: string; apiVersion: string };
  /** The same as `WHATSAPP_*` environment variables. */
  env: Record<string, string>;
  /** Every request the fake received, accepted or refused, in order. */
  requests: FakeGraphRequest[];
  /** Every text message the fake accepted, in order. */
  sends: FakeWhatsAppSend[];
  /** Every "mark as read" (with or without typing indicator) the fake accepted. */
  reads: FakeWhatsAppRead[];
  /** The texts the bot sent to `phone`, oldest first (WhatsApp cannot edit, so this is the chat). */
  messages(phone: string): string[];
  /** Waits until the bot sent at least `count` messages to `phone` (default within 3 s); resolves them all. */
  waitForMessages(phone: string, count: number, timeoutMs?: number): Promise<string[]>;
  /** A notification with one text message from `message.from`. */
  textMessage(message: FakeInboundBase & { text: string }): WhatsAppNotification;
  /** A notification with one media message (`image`, `audio` voice note, `video`, `document`, `sticker`). */
  mediaMessage(message: FakeInboundBase & { type?: string }): WhatsAppNotification;
  /** A notification with a reaction (emoji) to the message `messageId`. */
  reactionMessage(message: FakeInboundBase & { messageId: string; emoji?: string }): WhatsAppNotification;
  /** A notification with a delivery status (receipt) for a message the business sent. */
  statusUpdate(update: FakeStatusUpdate): WhatsAppNotification;
  /** The notification envelope around any `value` (for odd shapes). */
  notification(value: Record<string, unknown>): WhatsAppNotification;
  /** `sha256=<hex>` for `body`, signed with the app secret (or `secret`). */
  sign(body: string, secret?: string): string;
  /**
   * POSTs `payload` (an object, sent as JSON, or a raw string) to the webhook URL, signed like Meta
   * signs it. `secret` signs with another secret; `signature` sends that header value; `null` none.
   */
  deliver(webhookUrl: string, payload: WhatsAppNotification | string, options?: { secret?: string; signature?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export async function startFakeWhatsApp(options: FakeWhatsAppOptions = {}): Promise<FakeWhatsApp> {
  const accessToken = options.accessToken ?? "fake-whatsapp-token";
  const appSecret = options.appSecret ?? "fake-app-secret";
  const verifyToken = options.verifyToken ?? "fake-verify-token";
  const phoneNumberId = options.phoneNumberId ?? "100000000000001";
  const apiVersion = options.apiVersion ?? "v25.0";
  const state: FakeGraphState = { accessToken, phoneNumberIds: [phoneNumberId], requests: [], sends: [], reads: [] };
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: fakeGraphApp(state).fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
    started.once("error", reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const messages = (phone: string) => state.sends.filter((send) => send.to === phone.replace(/^\+/, "")).map((send) => send.text);
  const sign = (body: string, secret = appSecret) => signHmac({ secret, body, prefix: "sha256=" });

  return {
    url, accessToken, appSecret, verifyToken, phoneNumberId, apiVersion,
    channelOptions: { accessToken, appSecret, verifyToken, phoneNumberId, apiBase: url, apiVersion },
    env: {
      WHATSAPP_ACCESS_TOKEN: accessToken,
      WHATSAPP_APP_SECRET: appSecret,
      WHATSAPP_VERIFY_TOKEN: verifyToken,
      WHATSAPP_PHONE_NUMBER_ID: phoneNumberId,
      WHATSAPP_API_BASE: url,
      WHATSAPP_API_VERSION: apiVersion,
    },
    requests: state.requests,
    sends: state.sends,
    reads: state.reads,
    messages,
    async waitForMessages(phone, count, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (messages(phone).length < count) {
        if (Date.now() > deadline) throw new Error(`The bot sent ${JSON.stringify(messages(phone))} to ${phone}, not ${count} message(s), within ${timeoutMs} ms.`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return messages(phone);
    },
    textMessage: (message) => inboundMessage(phoneNumberId, message, "text", textFields(message.text)),
    mediaMessage: (message) => inboundMessage(phoneNumberId, message, message.type ?? "image", mediaFields(message.type ?? "image")),
    reactionMessage: (message) => inboundMessage(phoneNumberId, message, "reaction", { reaction: { message_id: message.messageId, emoji: message.emoji ?? "👍" } }),
    statusUpdate: (update) => notification(phoneNumberId, statusFields(update)),
    notification: (value) => notification(phoneNumberId, value),
    sign,
    deliver(webhookUrl, payload, deliverOptions = {}) {
      const body = typeof payload === "string" ? payload : JSON.stringify(payload);
      const signature = deliverOptions.signature === undefined ? sign(body, deliverOptions.secret) : deliverOptions.signature;
      const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "facebookexternalua" };
      if (signature !== null) headers["x-hub-signature-256"] = signature;
      return fetch(webhookUrl, { method: "POST", headers, body });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
