// The invocations channel passes the channel conformance suite every channel runs: answers, bad input,
// path, run hook and API key behave like every other channel's.
import { describeChannelConformance } from "agent-host/testing";
import { invocationsChannel } from "../src/channels/invocations.ts";

describeChannelConformance("invocations", {
  create: (options) => invocationsChannel(options),
  defaultRoot: "/invocations",
  request: (root, text) => ({ method: "POST", path: `${root}/invoke`, body: { message: text } }),
  answerText: async (response) => ((await response.json()) as { response: string }).response,
});
