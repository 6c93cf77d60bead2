// Group-conversation rules: session keys per scope (with fast-check properties), which messages a group
// or 1:1 chat accepts under each rule, and that link challenges never go to a group.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acceptsMessage, challengeDelivery, groupSessionKey, type AcceptInGroup, type ConversationScope } from "../../src/session/conversation.ts";

const group = { channel: "tg", userKey: "person-alice", conversationId: "-100:7", isGroup: true };
const scopes: ConversationScope[] = ["per_user", "per_user_per_conversation", "per_conversation"];

describe("groupSessionKey", () => {
  it("keys groups by scope, defaulting to per_user_per_conversation", () => {
    expect(groupSessionKey("per_user", group)).toBeUndefined();
    expect(groupSessionKey("per_user_per_conversation", group)).toBe("person-alice:-100:7");
    expect(groupSessionKey("per_conversation", group)).toBe("_conv:tg:-100:7");
    expect(groupSessionKey(undefined, group)).toBe("person-alice:-100:7");
  });

  it("always uses the host-tracked user key in 1:1 chats", () => {
    for (const scope of [...scopes, undefined]) expect(groupSessionKey(scope, { ...group, isGroup: false })).toBeUndefined();
  });

  it("per_conversation keys never contain the user key; per_user_per_conversation keys of two users differ", () => {
    const id = fc.string({ minLength: 1 });
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ minLength: 8 }), fc.string({ minLength: 8 }), id, (channel, userA, userB, conversationId) => {
        fc.pre(userA !== userB && !`_conv:${channel}:${conversationId}`.includes(userA));
        const key = (userKey: string, scope: ConversationScope) => groupSessionKey(scope, { channel, userKey, conversationId, isGroup: true });
        expect(key(userA, "per_conversation")).toBe(key(userB, "per_conversation"));
        expect(key(userA, "per_conversation")!.includes(userA)).toBe(false);
        expect(key(userA, "per_user_per_conversation")).not.toBe(key(userB, "per_user_per_conversation"));
      }),
    );
  });
});

describe("acceptsMessage", () => {
  const cases: Array<[AcceptInGroup, boolean, boolean, boolean]> = [
    // rule, mentioned, isCommand, accepted in a group
    ["mention_only", true, false, true], ["mention_only", false, true, false],
    ["command_only", false, true, true], ["command_only", true, false, false],
    ["mention_or_command", true, false, true], ["mention_or_command", false, true, true], ["mention_or_command", false, false, false],
    ["all", false, false, true],
  ];
  it.each(cases)("%s (mentioned %s, command %s) in a group → %s", (rule, mentioned, isCommand, accepted) => {
    expect(acceptsMessage(rule, { isGroup: true, mentioned, isCommand })).toBe(accepted);
  });

  it("defaults to mention_only in groups and all in 1:1 chats", () => {
    expect(acceptsMessage(undefined, { isGroup: true, mentioned: false, isCommand: true })).toBe(false);
    expect(acceptsMessage(undefined, { isGroup: true, mentioned: true, isCommand: false })).toBe(true);
    expect(acceptsMessage(undefined, { isGroup: false, mentioned: false, isCommand: false })).toBe(true);
  });
});

describe("challengeDelivery", () => {
  it("replies in a 1:1 chat and sends the challenge by direct message from a group", () => {
    expect(challengeDelivery({ isGroup: false })).toBe("reply");
    expect(challengeDelivery({ isGroup: true })).toBe("direct_message");
  });
});
