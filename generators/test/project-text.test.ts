// The text helpers behind the wiring templates: nested README fragments, .env.example lines, word
// lists and TypeScript literals.
import { describe, expect, it } from "vitest";
import { demoteHeadings, envAssignment, joinWords, objectLiteral } from "../project-text.ts";

describe("project text helpers", () => {
  it("demotes headings outside code fences only", () => {
    const markdown = "# Title\ntext #1\n```sh\n# a shell comment\n```\n## Part";
    expect(demoteHeadings(markdown, 2)).toBe("### Title\ntext #1\n```sh\n# a shell comment\n```\n#### Part");
  });

  it("writes .env.example lines: secrets empty, defaults filled, the rest commented out", () => {
    const base = { name: "X", help: "", required: false, secret: false };
    expect(envAssignment({ ...base, secret: true, example: "leak" })).toBe("X=");
    expect(envAssignment({ ...base, example: "8787" })).toBe("X=8787");
    expect(envAssignment(base)).toBe("# X=");
    expect(envAssignment({ ...base, required: true })).toBe("X=");
  });

  it("joins words and writes object literals the same on every machine", () => {
    expect([[], ["a"], ["a", "b"], ["a", "b", "c"]].map((words) => joinWords(words))).toEqual(["", "a", "a and b", "a, b and c"]);
    expect(objectLiteral({ model: "agent", "x-y": 1, nested: { a: [1] } })).toBe('{ model: "agent", "x-y": 1, nested: {"a":[1]} }');
    expect(objectLiteral({})).toBe("{}");
  });
});
