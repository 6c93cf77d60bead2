// The `discord` channel: your agent as a Discord bot over HTTP interactions (slash commands). Every request's
// Ed25519 signature is checked on the raw body; /ask answers through a deferred response, /new, /link, … are commands.
import { answerText, claimOnce, splitMessage, type Channel, type ConversationScope, type RunHook } from "agent-host";
import { InteractionResponseFlags, InteractionResponseType } from "discord-interactions";
import { Hono } from "hono";
import { ASK, rememberRegistration, slashCommands } from "./discord-commands.ts";
import { decodeJson, DiscordInputError, parseInteraction, type DiscordInteraction } from "./discord-interaction.ts";
import { discordPush } from "./discord-reply.ts";
import { DISCORD_API, discordRest, MESSAGE_LIMIT } from "./discord-rest.ts";
import { askAgent, runCommand, type TurnDeps } from "./discord-turn.ts";
import { MAX_TIMESTAMP_AGE_SECONDS, refuseUnsigned } from "./discord-verify.ts";

export interface DiscordChannelOptions {
  /** The channel's name in requests, identities and logs. Default "discord". */
  name?: string;
  /** Mount root; Discord calls `<path>/interactions`. Default "/discord". */
  path?: string;
  /** The application's Public Key (64 hex characters). Default `DISCORD_PUBLIC_KEY`. */
  publicKey?: string;
  /** Default `DISCORD_APPLICATION_ID`. */
  applicationId?: string;
  /** For pushes and command registration. Default `DISCORD_BOT_TOKEN`. */
  botToken?: string;
  /** Default `DISCORD_API_BASE`, else https://discord.com/api/v10 (tests point it at a fake). */
  apiBase?: string;
  /** Requests signed longer ago than this are refused as replays. Default 300 (5 minutes). */
  maxTimestampAgeSeconds?: number;
  /** Sessions in server channels (default: one per user and channel). */
  conversationScope?: ConversationScope;
  /** Least time between two edits of a streamed answer. Default 1000 ms. */
  editIntervalMs?: number;
  /** Rewrites or rejects each request before it runs (the user is told why). */
  runHook?: RunHook;
}

/** Interaction ids are remembered this long (the token's lifetime), so a replayed request is refused. */
const REPLAY_WINDOW_MS = 15 * 60_000;

export function discordChannel(options: DiscordChannelOptions = {}): Channel {
  const name = options.name ?? "discord";
  return {
    name,
    path: options.path ?? "/discord",
    runHook: options.runHook,
    contribute(ctx) {
      const config = configure(name, options);
      const commands = slashCommands(ctx.commands);
      const unconfigured = "error" in config ? config.error : undefined;
      const settings = "error" in config ? undefined : config;
      if (unconfigured) ctx.log.warn(unconfigured); // once; the route answers 503, other channels keep working
      rememberRegistration(name, settings && { ...settings, commands }); // for discord-register.ts
      const rest = settings && discordRest(settings);
      const deps: TurnDeps | undefined = rest && { ctx, rest, name, conversationScope: options.conversationScope, editIntervalMs: options.editIntervalMs };

      // Turns run after the HTTP answer (Discord waits 3 seconds at most); close() waits for them.
      const running = new Set<Promise<void>>();
      const inBackground = (turn: Promise<void>) => {
        const tracked: Promise<void> = turn
          .catch((error: unknown) => ctx.log.error(`${name}: a turn failed`, { error: String(error) }))
          .finally(() => running.delete(tracked));
        running.add(tracked);
      };

      const app = new Hono();
      app.post("/interactions", async (c) => {
        if (!settings || !deps) return c.json({ error: unconfigured }, 503);
        // Verify the raw bytes before anything is parsed.
        const body = new Uint8Array(await c.req.arrayBuffer());
        const maxAge = options.maxTimestampAgeSeconds ?? MAX_TIMESTAMP_AGE_SECONDS;
        const refusal = await refuseUnsigned(body, c.req.header("X-Signature-Ed25519"), c.req.header("X-Signature-Timestamp"), settings.publicKey, maxAge);
        if (refusal) return c.json({ error: refusal }, 401);

        let interaction: DiscordInteraction;
        try {
          interaction = parseInteraction(decodeJson(body));
        } catch (error) {
          if (error instanceof DiscordInputError) return c.json({ error: error.message }, 400);
          throw error;
        }
        if (interaction.kind === "ping") return c.json({ type: InteractionResponseType.PONG });
        if (!(await claimOnce(ctx.store, name, interaction.id, REPLAY_WINDOW_MS))) {
          return c.json({ error: `Interaction ${interaction.id} was already handled.` }, 409);
        }
        if (!commands.some((command) => command.name === interaction.name)) {
          return c.json(ephemeral(`/${interaction.name} is no longer available. (Bot owner: run the registration script again, see README.)`));
        }
        if (interaction.name === ASK) {
          const prompt = interaction.options.prompt?.trim();
          if (!prompt) return c.json(ephemeral("Tell me what to ask: /ask prompt:<your message>"));
          inBackground(askAgent(deps, interaction, prompt));
          return c.json({ type: InteractionResponseType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE });
        }
        // Command replies (a link code!) are only shown to the user in server channels.
        inBackground(runCommand(deps, interaction));
        const flags = interaction.isGroup ? InteractionResponseFlags.EPHEMERAL : 0;
        return c.json({ type: InteractionResponseType.DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, ...(flags ? { data: { flags } } : {}) });
      });

      return {
        routes: app,
        push: discordPush(rest),
        format: (result) => splitMessage(answerText(result), MESSAGE_LIMIT),
        onShutdown: [async () => void (await Promise.allSettled(running))],
      };
    },
  };
}

/** An immediate answer only the user sees. */
function ephemeral(content: string) {
  return { type: InteractionResponseType.CHANNEL_MESSAGE_WITH_SOURCE, data: { content, flags: InteractionResponseFlags.EPHEMERAL } };
}

type Config = { publicKey: string; applicationId: string; botToken: string; apiBase: string } | { error: string };

function configure(name: string, options: DiscordChannelOptions): Config {
  const env = process.env;
  const publicKey = (options.publicKey ?? env.DISCORD_PUBLIC_KEY ?? "").trim();
  const applicationId = (options.applicationId ?? env.DISCORD_APPLICATION_ID ?? "").trim();
  const botToken = (options.botToken ?? env.DISCORD_BOT_TOKEN ?? "").trim();
  const apiBase = options.apiBase || env.DISCORD_API_BASE || DISCORD_API;
  const missing = Object.entries({ DISCORD_PUBLIC_KEY: publicKey, DISCORD_APPLICATION_ID: applicationId, DISCORD_BOT_TOKEN: botToken }).filter(([, value]) => !value);
  if (missing.length > 0) {
    const names = missing.map(([variable]) => variable);
    return { error: `${name} is not configured: set ${names.slice(0, -1).join(", ")}${names.length > 1 ? " and " : ""}${names.at(-1)} (see README)` };
  }
  if (!/^[0-9a-f]{64}$/iu.test(publicKey)) return { error: `${name} is not configured: DISCORD_PUBLIC_KEY must be the 64 hex characters of the application's Public Key (see README)` };
  if (!/^\d{1,20}$/u.test(applicationId)) return { error: `${name} is not configured: DISCORD_APPLICATION_ID must be the numeric Application ID (see README)` };
  return { publicKey, applicationId, botToken, apiBase };
}
