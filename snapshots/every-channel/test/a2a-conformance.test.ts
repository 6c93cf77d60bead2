// The a2a channel passes the channel conformance suite every channel runs. A refused turn is A2A's
// in-band answer: a task in state REJECTED whose status message says why (HTTP 200, as the protocol has it).
import { describeChannelConformance } from "agent-host/testing";
import { a2aChannel } from "../src/channels/a2a.ts";

interface SendMessageBody {
  result?: { task?: { status?: { state?: string; message?: { parts: { text?: string }[] } }; artifacts?: { parts: { text?: string }[] }[] } };
}

describeChannelConformance("a2a", {
  // "" keeps a stray AGENT_HOST_API_KEY / AGENT_HOST_PUBLIC_URL in the environment out of the suite.
  create: (options) => a2aChannel({ apiKey: "", publicUrl: "", ...options }),
  defaultRoot: "/",
  request: (root, text) => ({
    method: "POST",
    path: `${root.replace(/\/+$/, "")}/a2a`,
    headers: { "A2A-Version": "1.0" },
    body: { jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "m1", role: "ROLE_USER", parts: [{ text }] } } },
  }),
  answerText: async (response) => {
    const { result } = (await response.json()) as SendMessageBody;
    return (result?.task?.artifacts ?? []).flatMap((artifact) => artifact.parts.map((part) => part.text ?? "")).join("");
  },
  rejectionText: async (response) => {
    const { result } = (await response.json()) as SendMessageBody;
    const status = result?.task?.status;
    return status?.state === "TASK_STATE_REJECTED" ? (status.message?.parts ?? []).map((part) => part.text ?? "").join("") : "";
  },
});
