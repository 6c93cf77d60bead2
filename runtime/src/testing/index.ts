// agent-host/testing: the conformance suites every seam implementation runs (stores, runners,
// channels), for this repository and for users who write their own. Requires vitest.
export * from "./store-conformance.ts";
export * from "./runner-conformance.ts";
export * from "./channel-conformance.ts";
export * from "./chat-conformance.ts";
export * from "./fake-oidc.ts";
export * from "./fake-whatsapp.ts";
export * from "./fake-telegram.ts";
export * from "./fake-bot-framework.ts";
export * from "./require-service.ts";
export * from "./fake-discord.ts";
