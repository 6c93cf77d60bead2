// Identity through the host: one person on two channels continues one conversation once linked,
// requireLink answers with the challenge, the allowlist keeps strangers from the agent, verified
// claims link silently, unlink splits, and the registry survives a restart.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import {
  autoIssueIdentityResolver, codeLinker, createAgentHost, sameTier, createChannelRequest, echoAgent, fileStore, memoryStore, silentLogger,
  type AgentHost, type AgentTarget, type ChannelContext, type HostStateStore,
} from "agent-host";
import { responsesChannel } from "../templates/channels/responses/src/channels/responses.ts";
import { jsonChannel } from "../runtime/test/host/_json-channel.ts";

let host: AgentHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

function linkedHost(store: HostStateStore, extra: Partial<Parameters<typeof createAgentHost>[0]> = {}) {
  return createAgentHost({
    target: echoAgent(),
    channels: [responsesChannel({ name: "web", path: "/web" }), responsesChannel({ name: "app", path: "/app" })],
    store,
    logger: silentLogger,
    identityLinker: codeLinker({ store, resolver: autoIssueIdentityResolver(store) }),
    ...extra,
  });
}

const client = (url: string, root: string) => new OpenAI({ apiKey: "unused", baseURL: `${url}${root}/v1`, maxRetries: 0 });

describe("identity across channels", () => {
  it("continues one conversation on a second channel once the person linked it", async () => {
    const store = memoryStore();
    host = linkedHost(store);
    const { url } = await host.serve({ port: 0 });
    const first = await client(url, "/web").responses.create({ model: "echo", input: "remember the blue door", conversation: "trip", safety_identifier: "alice" });
    expect(first.output_text).toBe("You said: remember the blue door");

    const before = await client(url, "/app").responses.create({ model: "echo", input: "what door?", conversation: "trip", safety_identifier: "alice-phone" });
    expect(before.output_text).toBe("You said: what door?"); // not linked yet: another person's conversation

    const { code } = await host.identityLinker!.begin({ channel: "web", nativeId: "alice" });
    await host.identityLinker!.complete({ channel: "app", nativeId: "alice-phone" }, code!);
    const after = await client(url, "/app").responses.create({ model: "echo", input: "what door?", conversation: "trip", safety_identifier: "alice-phone" });
    expect(after.output_text).toBe("You said: what door? (message 2 in this conversation)");
  });

  it("starts a fresh thread when a caller-supplied channel names no conversation, even for a known user", async () => {
    host = linkedHost(memoryStore());
    const { url } = await host.serve({ port: 0 });
    const web = client(url, "/web");
    await web.responses.create({ model: "echo", input: "first", safety_identifier: "erin" });
    const second = await web.responses.create({ model: "echo", input: "second", safety_identifier: "erin" });
    expect(second.output_text).toBe("You said: second");
  });

  it("answers an unlinked identity with the link challenge when linking is required, and the agent after", async () => {
    const store = memoryStore();
    host = linkedHost(store, { requireLink: true });
    const { url } = await host.serve({ port: 0 });
    const web = client(url, "/web");
    const refused = await web.responses.create({ model: "echo", input: "hi", safety_identifier: "bob" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const code = /\/link (\d{6})/.exec(String((refused as Error).message))?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await host.identityLinker!.complete({ channel: "app", nativeId: "bob-phone" }, code!);
    expect((await web.responses.create({ model: "echo", input: "hi", safety_identifier: "bob" })).output_text).toBe("You said: hi");
  });

  it("keeps identities off the allowlist away from the agent", async () => {
    let calls = 0;
    const counting: AgentTarget = { ...echoAgent(), run: (input, context) => (calls++, echoAgent().run(input, context)) };
    host = createAgentHost({
      target: counting, store: memoryStore(), logger: silentLogger,
      channels: [responsesChannel()],
      allowlist: { nativeIds: ["responses:carol"] },
    });
    const { url } = await host.serve({ port: 0 });
    const api = client(url, "/responses");
    expect((await api.responses.create({ model: "echo", input: "hi", safety_identifier: "carol" })).output_text).toBe("You said: hi");
    await expect(api.responses.create({ model: "echo", input: "hi", safety_identifier: "mallory" })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(calls).toBe(1);
    expect(await host.store.get("identities", "responses:mallory")).toBeUndefined(); // refused traffic stores nothing
  });

  it("links silently when a second channel presents the same verified claim, and unlink splits it off", async () => {
    let ctxA!: ChannelContext;
    let ctxB!: ChannelContext;
    host = createAgentHost({
      target: echoAgent(), store: memoryStore(), logger: silentLogger,
      channels: [jsonChannel({ name: "teams", path: "/teams", onContext: (c) => (ctxA = c) }), jsonChannel({ name: "activity", path: "/activity", onContext: (c) => (ctxB = c) })],
    });
    const claims = { verifiedClaims: { "microsoft.oid": "oid-123" } };
    const a = await ctxA.run(createChannelRequest({ channel: "teams", input: "one", identity: { channel: "teams", nativeId: "t-1", attributes: claims } }));
    const b = await ctxB.run(createChannelRequest({ channel: "activity", input: "two", identity: { channel: "activity", nativeId: "a-9", attributes: claims } }));
    expect(b.session?.isolationKey).toBe(a.session?.isolationKey);
    expect(b.result?.text).toBe("You said: two (message 2 in this conversation)");

    const fresh = await host.unlink({ channel: "activity", nativeId: "a-9" });
    const c = await ctxB.run(createChannelRequest({ channel: "activity", input: "three", identity: { channel: "activity", nativeId: "a-9" } }));
    expect(c.session?.isolationKey).toBe(fresh);
    expect(c.result?.text).toBe("You said: three");
  });

  it("keeps links in the file store across a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "agent-host-identity-"));
    try {
      const first = linkedHost(fileStore({ dir }));
      const { code } = await first.identityLinker!.begin({ channel: "web", nativeId: "dana" });
      const key = await first.identityLinker!.complete({ channel: "app", nativeId: "dana-2" }, code!);
      await first.close();
      const store = fileStore({ dir });
      const resolver = autoIssueIdentityResolver(store);
      expect(await resolver.resolve({ channel: "web", nativeId: "dana" })).toBe(key);
      expect(await resolver.resolve({ channel: "app", nativeId: "dana-2" })).toBe(key);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("hands the host's linkPolicy and channel tiers to a linker factory", async () => {
    const store = memoryStore();
    host = createAgentHost({
      target: echoAgent(), store, logger: silentLogger,
      channels: [
        { ...responsesChannel({ name: "web", path: "/web" }), confidentialityTier: "public" },
        { ...responsesChannel({ name: "app", path: "/app" }), confidentialityTier: "corporate" },
      ],
      identityLinker: codeLinker,
      linkPolicy: sameTier,
    });
    const { code } = await host.identityLinker!.begin({ channel: "web", nativeId: "frank" });
    await expect(host.identityLinker!.complete({ channel: "app", nativeId: "frank-2" }, code!)).rejects.toMatchObject({ code: "link_refused" });
  });

  it("refuses to require linking without a linker", () => {
    expect(() => createAgentHost({ target: echoAgent(), channels: [responsesChannel()], store: memoryStore(), requireLink: true })).toThrow(/identityLinker/);
  });
});
