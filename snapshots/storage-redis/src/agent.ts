// The workflow this project hosts: turn a topic into an outline, then the outline into a paragraph.
// Edit the steps (or add more); every channel streams their progress and shows the final paragraph.
import { defineWorkflow } from "agent-host";
import { z } from "zod";

/**
 * The input: `{ "topic": "..." }` from API callers, or plain text from chat channels.
 * Chat channels send the user's message as a string, so the schema turns a string into `{ topic }`.
 * (A run hook in the host setup could do this adaptation instead, and keep this schema strict.)
 */
const TopicInput = z.union([
  z.object({ topic: z.string().trim().min(1, "Give a topic to write about.") }),
  z
    .string()
    .trim()
    .min(1, "Give a topic to write about.")
    .transform((topic) => ({ topic })),
]);

type TopicInput = z.infer<typeof TopicInput>;

const listFormat = new Intl.ListFormat("en", { style: "long", type: "conjunction" });

export const target = defineWorkflow({
  name: "topic-writer",
  description: "Writes a short paragraph about a topic: first an outline, then the draft.",
  // Invalid input throws here (a ZodError), and the host answers the caller with a 422.
  parseInput: (input) => TopicInput.parse(input),
  steps: [
    {
      name: "outline",
      run({ topic }: TopicInput, { emit }) {
        emit(`Outlining "${topic}"…\n`);
        // Deterministic and offline; a real project would call a model or an API here.
        return [`What ${topic} is`, `Why ${topic} matters`, `How to take a first step with ${topic}`];
      },
    },
    {
      name: "draft",
      // Each step gets the previous step's output: here, the outline's three points.
      run(outline: string[], { emit }) {
        emit("Drafting from the outline…\n\n");
        const points = listFormat.format(outline.map((point) => point.charAt(0).toLowerCase() + point.slice(1)));
        // The last step's return value is the result: chat channels show it as the reply.
        return `This short note covers ${points}. Each point builds on the one before it, so by the end you know enough to begin.`;
      },
    },
  ],
});
