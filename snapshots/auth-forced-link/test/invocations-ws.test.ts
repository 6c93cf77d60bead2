// The invocations WebSocket at `/invocations_ws`, driven by the `ws` client: frames, one conversation
// per connection, error frames, bearer on the upgrade and the close codes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { HostError } from "agent-host";
import { startHost, type TestHost } from "./invocations-helpers.ts";

let server: TestHost;
beforeAll(async () => (server = await startHost()));
afterAll(() => server.close());

type Frame = { type: string; [key: string]: unknown };

/** Opens a socket and collects every frame it receives. */
async function connect(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  socket.on("message", (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise<void>((resolve, reject) => socket.once("open", () => resolve()).once("error", reject));
  /** Resolves the frames up to and including the next `done` or `error`, and forgets them. */
  const nextTurn = async (): Promise<Frame[]> => {
    while (!frames.some((frame) => frame.type === "done" || frame.type === "error")) await new Promise<void>((wake) => waiters.push(wake));
    const end = frames.findIndex((frame) => frame.type === "done" || frame.type === "error");
    return frames.splice(0, end + 1);
  };
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  return { socket, nextTurn, closed, send: (frame: unknown) => socket.send(typeof frame === "string" ? frame : JSON.stringify(frame)) };
}

describe("WebSocket /invocations_ws", () => {
  it("streams deltas then done, and keeps the conversation for the connection", async () => {
    const client = await connect(`${server.url.replace("http", "ws")}/invocations_ws`);
    client.send({ message: "hello there" });
    const first = await client.nextTurn();
    expect(first).toEqual([
      { type: "delta", text: "You " },
      { type: "delta", text: "said: " },
      { type: "delta", text: "hello " },
      { type: "delta", text: "there" },
      { type: "done", session_id: expect.any(String) },
    ]);
    client.send({ message: "again" });
    const second = await client.nextTurn();
    expect(second.map((frame) => frame.text ?? "").join("")).toBe("You said: again (message 2 in this conversation)");
    expect(second.at(-1)).toEqual(first.at(-1));

    client.socket.close(1000);
    expect(await client.closed).toBe(1000);
  });

  it("continues a conversation named by ?agent_session_id", async () => {
    const first = await fetch(`${server.url}/invocations`, { method: "POST", body: JSON.stringify({ message: "over HTTP" }) });
    const session = first.headers.get("x-agent-session-id") as string;
    const client = await connect(`${server.url.replace("http", "ws")}/invocations_ws?agent_session_id=${session}`);
    client.send({ message: "over WebSocket" });
    const frames = await client.nextTurn();
    expect(frames.map((frame) => frame.text ?? "").join("")).toBe("You said: over WebSocket (message 2 in this conversation)");
    expect(frames.at(-1)).toEqual({ type: "done", session_id: session });
    client.socket.close();
  });

  it("answers bad frames and agent failures with an error frame and stays open", async () => {
    const client = await connect(`${server.url.replace("http", "ws")}/invocations_ws`);
    client.send("not json");
    expect(await client.nextTurn()).toEqual([{ type: "error", message: expect.stringMatching(/not valid JSON/) }]);
    client.send({ text: "wrong field" });
    expect(await client.nextTurn()).toEqual([{ type: "error", message: expect.stringMatching(/"message" is required/) }]);
    client.send({ message: "/fail" });
    expect(await client.nextTurn()).toEqual([{ type: "error", message: "The echo agent was asked to fail." }]);
    client.send({ message: "still here" });
    expect((await client.nextTurn()).at(-1)).toMatchObject({ type: "done" });
    client.socket.close();
  });

  it("closes with 1011 when the handler itself fails", async () => {
    // A HostError with status 500 stands for a server fault (a store down, a bug in a hook).
    const broken = await startHost({
      runHook: () => {
        throw new HostError(500, "internal_error", "The session store is unreachable.");
      },
    });
    try {
      const client = await connect(`${broken.url.replace("http", "ws")}/invocations_ws`);
      client.send({ message: "hello" });
      expect(await client.nextTurn()).toEqual([{ type: "error", message: "The invocation failed on the server. See the server log." }]);
      expect(await client.closed).toBe(1011);
    } finally {
      await broken.close();
    }
  });

  it("refuses an over-long agent_session_id with 400 before the handshake", async () => {
    const socket = new WebSocket(`${server.url.replace("http", "ws")}/invocations_ws?agent_session_id=${"a".repeat(300)}`);
    const status = await new Promise<number | undefined>((resolve) => socket.once("unexpected-response", (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(400);
  });

  it("requires the bearer key on the upgrade when apiKey is set", async () => {
    const secured = await startHost({ apiKey: "s3cret" });
    try {
      const wsUrl = `${secured.url.replace("http", "ws")}/invocations_ws`;
      const refused = new WebSocket(wsUrl);
      const status = await new Promise<number | undefined>((resolve) => refused.once("unexpected-response", (_req, res) => resolve(res.statusCode)));
      expect(status).toBe(401);
      const client = await connect(wsUrl, { authorization: "Bearer s3cret" });
      client.send({ message: "let me in" });
      expect((await client.nextTurn()).at(-1)).toMatchObject({ type: "done" });
      client.socket.close();
    } finally {
      await secured.close();
    }
  });
});
