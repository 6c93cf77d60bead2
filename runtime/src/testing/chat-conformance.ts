// THE conformance suite for chat channels (Telegram, Discord, WhatsApp, Bot Service, Teams): a real host
// and the channel's own fake platform; the bot must answer in the chat and refuse forged or bad input.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Channel, RunHook } from "../channel/types.ts";
import { createAgentHost, type AgentHost } from "../host/create-host.ts";
import { silentLogger } from "../host/logger.ts";
import { memoryStore } from "../stores/memory.ts";
import { ResponseTargets } from "../channel/request.ts";
import { conformanceAgent, type ConformanceAgent } from "./_conformance-agent.ts";

/** One inbound chat message, as the fake platform delivers it. */
export interface FakeChatMessage {
  userId: string;
  chatId: string;
  text: string;
  /** A group chat (not 1:1). */
  group?: boolean;
  /** The bot is @-mentioned (group chats). */
  mention?: boolean;
}

/** A channel's fake platform, driven by the suite. Every method talks HTTP to `host.url`. */
export interface ChatConformanceHarness {
  /** Builds the channel under test, wired to this fake platform. */
  channel(options: { path?: string; runHook?: RunHook }): Channel;
  /** Delivers a text message as the platform does (signed), under the channel's mount root `root`. */
  sendMessage(hostUrl: string, root: string, message: FakeChatMessage): Promise<Response>;
  /** The same message with a wrong signature, secret or token. */
  sendForged(hostUrl: string, root: string, message: FakeChatMessage): Promise<Response>;
  /** A correctly signed body that is not a valid update (bad JSON or wrong shape). */
  sendMalformed(hostUrl: string, root: string): Promise<Response>;
  /** What the bot shows in `chatId` now, one string per message (after edits), oldest first. */
  messages(chatId: string): string[];
  /** The platform's message length limit. */
  limit: number;
  close(): Promise<void>;
}

export interface ChatConformanceSpec {
  /** The channel's default mount root, e.g. "/telegram". */
  defaultRoot: string;
  /** Whether the platform has group chats in which the bot answers mentions only (adds the mention check). */
  groups: boolean;
  /** Starts the fake platform (once for the suite). */
  start(): Promise<ChatConformanceHarness>;
  /** How long to wait for the bot's messages. Default 3000 ms. */
  timeoutMs?: number;
}

/** Registers the chat-channel conformance tests: a real host on 127.0.0.1 against the fake platform. */
export function describeChatChannelConformance(name: string, spec: ChatConformanceSpec): void {
  describe(`Chat channel conformance: ${name}`, () => {
    let harness: ChatConformanceHarness;
    let host: AgentHost | undefined;
    let agent: ConformanceAgent;
    let chatCounter = 0;
    const timeoutMs = spec.timeoutMs ?? 3000;
    const chat = () => `${900_000 + ++chatCounter}`;

    const start = async (options: { path?: string; runHook?: RunHook } = {}) => {
      agent = conformanceAgent();
      const channel = harness.channel(options);
      host = createAgentHost({ target: agent.target, channels: [channel], store: memoryStore(), logger: silentLogger });
      return { host, channel: channel.name, url: (await host.serve({ port: 0 })).url };
    };
    const waitFor = async (chatId: string, predicate: (messages: string[]) => boolean) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(harness.messages(chatId))) {
        if (Date.now() > deadline) throw new Error(`${name}: chat ${chatId} shows ${JSON.stringify(harness.messages(chatId))} after ${timeoutMs} ms.`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return harness.messages(chatId);
    };
    /** Gives a wrongly accepted message time to reach the agent and the chat. */
    const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

    beforeAll(async () => {
      harness = await spec.start();
    });
    afterAll(() => harness?.close());
    afterEach(async () => {
      await host?.close({ timeoutMs: 2000 });
      host = undefined;
    });

    it("answers a text message in the same chat, through the target", async () => {
      const { url } = await start();
      const chatId = chat();
      const response = await harness.sendMessage(url, spec.defaultRoot, { userId: "u1", chatId, text: "hello there" });
      expect(response.status).toBeLessThan(300);
      const [answer] = await waitFor(chatId, (messages) => messages.some((m) => m.includes("You said: hello there")));
      expect(answer).toContain("You said: hello there");
      expect(agent.calls).toHaveLength(1);
    });

    it("refuses a forged message with 401/403 and never calls the agent", async () => {
      const { url } = await start();
      const chatId = chat();
      const response = await harness.sendForged(url, spec.defaultRoot, { userId: "u1", chatId, text: "forged" });
      expect([401, 403]).toContain(response.status);
      await settle();
      expect(agent.calls).toHaveLength(0);
      expect(harness.messages(chatId)).toEqual([]);
    });

    it("answers a signed but malformed body without a 5xx and without calling the agent", async () => {
      const { url } = await start();
      const response = await harness.sendMalformed(url, spec.defaultRoot);
      expect(response.status).toBeLessThan(500);
      await settle();
      expect(agent.calls).toHaveLength(0);
    });

    it("runs /new as a command, not as a message to the agent", async () => {
      const { url } = await start();
      const chatId = chat();
      await harness.sendMessage(url, spec.defaultRoot, { userId: "u2", chatId, text: "/new" });
      const [reply] = await waitFor(chatId, (messages) => messages.length > 0);
      expect(reply).toMatch(/new conversation|no conversation/i);
      expect(agent.calls).toHaveLength(0);
    });

    it("splits a long answer into messages within the platform's limit", async () => {
      const { url } = await start();
      const chatId = chat();
      const length = Math.floor(harness.limit * 1.6);
      await harness.sendMessage(url, spec.defaultRoot, { userId: "u3", chatId, text: `long ${length}` });
      const expected = agent.longAnswer(length);
      const messages = await waitFor(chatId, (shown) => shown.join(" ").replace(/\s+/g, " ").length >= expected.length);
      expect(messages.length).toBeGreaterThan(1);
      for (const message of messages) expect(message.length).toBeLessThanOrEqual(harness.limit);
      expect(messages.join(" ").replace(/\s+/g, " ")).toBe(expected);
    });

    it("moves its routes with the path option", async () => {
      const { url } = await start({ path: "/moved/chat" });
      const chatId = chat();
      expect((await harness.sendMessage(url, spec.defaultRoot, { userId: "u4", chatId, text: "old root" })).status).toBe(404);
      await harness.sendMessage(url, "/moved/chat", { userId: "u4", chatId, text: "moved" });
      await waitFor(chatId, (messages) => messages.some((m) => m.includes("You said: moved")));
    });

    it("tells the user when the run hook rejects the message, without calling the agent", async () => {
      const { url } = await start({ runHook: () => { throw new Error("not on weekends"); } });
      const chatId = chat();
      const response = await harness.sendMessage(url, spec.defaultRoot, { userId: "u5", chatId, text: "hi" });
      expect(response.status).toBeLessThan(500);
      await waitFor(chatId, (messages) => messages.some((m) => m.includes("not on weekends")));
      expect(agent.calls).toHaveLength(0);
    });

    it("pushes a proactive message to the chat it last saw the user in", async () => {
      const { host, channel, url } = await start();
      const chatId = chat();
      await harness.sendMessage(url, spec.defaultRoot, { userId: "u6", chatId, text: "remember me" });
      await waitFor(chatId, (messages) => messages.length > 0);
      const isolationKey = agent.calls[0]?.isolationKey;
      expect(isolationKey).toBeTruthy();
      const records = await host.deliver(isolationKey as string, "A proactive hello", ResponseTargets.channel(channel));
      expect(records.map((record) => record.status)).toEqual(["delivered"]);
      await waitFor(chatId, (messages) => messages.some((m) => m.includes("A proactive hello")));
    });

    // Registered only where groups exist, so it never passes without checking anything.
    if (spec.groups) it("ignores group messages that do not mention the bot", async () => {
      const { url } = await start();
      const chatId = chat();
      const response = await harness.sendMessage(url, spec.defaultRoot, { userId: "u7", chatId, text: "chatter", group: true, mention: false });
      expect(response.status).toBeLessThan(300);
      await settle();
      expect(agent.calls).toHaveLength(0);
      await harness.sendMessage(url, spec.defaultRoot, { userId: "u7", chatId, text: "answer me", group: true, mention: true });
      await waitFor(chatId, (messages) => messages.some((m) => m.includes("answer me")));
    });
  });
}
