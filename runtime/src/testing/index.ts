// agent-host/testing: the conformance suites every seam implementation runs (stores, runners, HTTP and
// chat channels) and fake platforms on 127.0.0.1, for users' tests. Imports vitest (a devDependency of yours).
export { describeStoreConformance } from "./store-conformance.ts";
export type { StoreConformanceOptions, StoreProcessSpec } from "./store-conformance.ts";
export { describeTaskRunnerConformance } from "./runner-conformance.ts";
export type { RunnerConformanceOptions } from "./runner-conformance.ts";
export { describeChannelConformance } from "./channel-conformance.ts";
export type { ChannelConformanceSpec, ConformanceChannelOptions } from "./channel-conformance.ts";
export { describeChatChannelConformance } from "./chat-conformance.ts";
export type { ChatConformanceHarness, ChatConformanceSpec, FakeChatMessage } from "./chat-conformance.ts";
export { requireService } from "./require-service.ts";
export type { RequireServiceOptions } from "./require-service.ts";
export { startFakeTelegram, checkTelegramText } from "./fake-telegram.ts";
export type { FakeTelegram, FakeTelegramCall, FakeTelegramOptions, FakeTelegramSentMessage, FakeTelegramTextUpdate, FakeTelegramWebhook, TelegramApiError, TelegramBotCommand, TelegramChat, TelegramEntity, TelegramMessage, TelegramUpdate, TelegramUser } from "./fake-telegram.ts";
export { startFakeDiscord } from "./fake-discord.ts";
export type { FakeDiscord, FakeDiscordCommand, FakeDiscordMessage, FakeDiscordOptions, FakeDiscordRequest, FakeDiscordSendOptions } from "./fake-discord.ts";
export { startFakeWhatsApp } from "./fake-whatsapp.ts";
export type { FakeGraphRequest, FakeInboundBase, FakeStatusUpdate, FakeWhatsApp, FakeWhatsAppOptions, FakeWhatsAppRead, FakeWhatsAppSend, WhatsAppNotification } from "./fake-whatsapp.ts";
export { startFakeBotFramework } from "./fake-bot-framework.ts";
export type { ConnectorActivity, ConnectorCall, FakeBotFramework, FakeBotFrameworkOptions, FakeInboundMessage, FakeTeamsCloud, FakeTokenOptions, FakeTokenRequest } from "./fake-bot-framework.ts";
export { startFakeOidcProvider } from "./fake-oidc.ts";
export type { FakeOidcClaims, FakeOidcOptions, FakeOidcProvider, FakeOidcRequest, SigningKeyPair } from "./fake-oidc.ts";
