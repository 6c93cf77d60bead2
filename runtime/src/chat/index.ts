// Building blocks for chat channels (Telegram, Discord, WhatsApp, Bot Service, Teams): answering a
// turn in a chat, splitting long replies, parsing commands, ignoring platform retries.
export * from "./reply.ts";
export * from "./split.ts";
export * from "./command.ts";
export * from "./dedupe.ts";
