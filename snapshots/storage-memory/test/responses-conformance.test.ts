// The responses channel passes the channel conformance suite every channel runs: answers, bad input,
// path, run hook and API key behave like every other channel's.
import { describeChannelConformance } from "agent-host/testing";
import { responsesChannel } from "../src/channels/responses.ts";

describeChannelConformance("responses", {
  create: (options) => responsesChannel(options),
  defaultRoot: "/responses",
  request: (root, text) => ({ method: "POST", path: `${root}/v1/responses`, body: { model: "echo", input: text } }),
  answerText: async (response) => ((await response.json()) as { output_text?: string; output: { content: { text: string }[] }[] }).output[0]?.content[0]?.text ?? "",
});
