// The answers a project is generated from, validated with zod against the catalog ids. The CLI
// builds them from flags and prompts; fixtures and agent-host.json store them as JSON.
// zod/mini: the same checks as classic zod at a fraction of the load time (the CLI validates every run).
import * as z from "zod/mini";
import { AUTH_IDS, CHANNEL_IDS, MODEL_IDS, STORAGE_IDS, TARGET_IDS } from "./catalog.ts";

// English messages, as classic zod sets them (zod/mini leaves the locale to the application).
z.config(z.locales.en());

export const answersSchema = z.object({
  /** npm package name of the project (the directory's base name by default). */
  name: z.string().check(z.regex(/^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, "use a valid npm package name: lower case, no spaces")),
  target: z.enum(TARGET_IDS),
  /** Only used by the agent target; the workflow target records "none". */
  model: z.enum(MODEL_IDS),
  channels: z.array(z.enum(CHANNEL_IDS)).check(z.minLength(1, "pick at least one channel")),
  auth: z.enum(AUTH_IDS),
  storage: z.enum(STORAGE_IDS),
});

export type Answers = z.infer<typeof answersSchema>;

/** What `--yes` fills in for anything not given. */
export const defaultAnswers: Omit<Answers, "name"> = {
  target: "agent",
  model: "none",
  channels: ["responses", "invocations"],
  auth: "open",
  storage: "file",
};

/** Channels in catalog order, without duplicates, so equal choices generate equal projects. */
export function normalizeAnswers(answers: Answers): Answers {
  const chosen = new Set(answers.channels);
  return {
    ...answers,
    model: answers.target === "agent" ? answers.model : "none",
    channels: CHANNEL_IDS.filter((id) => chosen.has(id)),
  };
}
