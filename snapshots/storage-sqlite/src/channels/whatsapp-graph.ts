// The WhatsApp Cloud API over fetch (the Graph API is the SDK): send a text message, mark a message
// read with the typing indicator, and Graph's error JSON turned into errors that say what to fix.

export interface GraphClientOptions {
  /** `https://graph.facebook.com`, or a fake Graph server in tests. */
  base: string;
  /** The Graph API version in the path, e.g. `v25.0`. */
  version: string;
  accessToken: string;
}

/** A request the Graph API refused (or could not be sent). `code` is Graph's error code, e.g. `graph_190`. */
export class GraphApiError extends Error {
  override name = "GraphApiError";
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** What to do about the Graph errors people meet first (by code, or `code/subcode`). */
const HINTS: Record<string, string> = {
  "190": "the access token is invalid or expired: set WHATSAPP_ACCESS_TOKEN to a permanent system-user token (the API Setup page's token lasts 24 hours)",
  "100/33": "no such business number: check WHATSAPP_PHONE_NUMBER_ID (the phone number *id* from API Setup, not the phone number)",
  "131030": "the recipient is not on the test number's allowed list: add it under API Setup → To",
  "131047": "more than 24 hours passed since the user's last message: only approved templates may be sent now",
  "130429": "the throughput limit was reached: send less often",
  "131056": "too many messages to this user in a short time: slow down",
};

export interface GraphClient {
  /** Sends `body` to `to` from the business number `phoneNumberId`; resolves the new message id. */
  sendText(phoneNumberId: string, to: string, body: string): Promise<string | undefined>;
  /** Marks the user's message read (blue ticks) and shows "typing…" for up to 25 s or until we answer. */
  markRead(phoneNumberId: string, messageId: string, options?: { typing?: boolean }): Promise<void>;
}

export function graphClient(options: GraphClientOptions): GraphClient {
  const base = options.base.replace(/\/+$/, "");
  const post = async (phoneNumberId: string, payload: Record<string, unknown>): Promise<unknown> => {
    const path = `/${options.version}/${encodeURIComponent(phoneNumberId)}/messages`;
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ messaging_product: "whatsapp", ...payload }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new GraphApiError(0, "graph_unreachable", `Could not reach the Graph API at ${base} (${String(error)}). Check WHATSAPP_API_BASE and the network.`);
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw graphError(response.status, json, `POST ${path}`);
    return json;
  };
  return {
    async sendText(phoneNumberId, to, body) {
      const json = await post(phoneNumberId, { recipient_type: "individual", to, type: "text", text: { body, preview_url: false } });
      const id = (json as { messages?: Array<{ id?: unknown }> } | undefined)?.messages?.[0]?.id;
      return typeof id === "string" ? id : undefined;
    },
    async markRead(phoneNumberId, messageId, { typing = false } = {}) {
      await post(phoneNumberId, { status: "read", message_id: messageId, ...(typing ? { typing_indicator: { type: "text" } } : {}) });
    },
  };
}

/** `{ error: { message, type, code, error_subcode, error_data: { details }, fbtrace_id } }` → GraphApiError. */
function graphError(status: number, json: unknown, what: string): GraphApiError {
  const error = (json as { error?: Record<string, unknown> } | undefined)?.error ?? {};
  const code = typeof error.code === "number" || typeof error.code === "string" ? String(error.code) : `http_${status}`;
  const details = (error.error_data as { details?: unknown } | undefined)?.details;
  const said = [error.message, details].filter((part) => typeof part === "string" && part).join(" — ") || "no error details";
  const hint = HINTS[`${code}/${String(error.error_subcode)}`] ?? HINTS[code];
  const advice = hint ? `; ${hint}` : "";
  const trace = typeof error.fbtrace_id === "string" ? ` (fbtrace_id ${error.fbtrace_id})` : "";
  return new GraphApiError(status, `graph_${code}`, `Graph API refused ${what} with HTTP ${status}, code ${code}: ${said}${advice}${trace}.`);
}
