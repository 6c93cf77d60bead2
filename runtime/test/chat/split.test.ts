// splitMessage: every chunk within the limit, text preserved up to the whitespace at cuts, breaks at
// paragraphs/lines/words when near, no split surrogate pairs, and code fences closed and reopened.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitMessage } from "../../src/chat/split.ts";

const squash = (text: string) => text.replace(/\s+/g, "");

describe("splitMessage", () => {
  it("keeps a short text as one message", () => {
    expect(splitMessage("hello", 4096)).toEqual(["hello"]);
    expect(splitMessage("", 100)).toEqual([]);
  });

  it("cuts at a paragraph break before a line break or a space", () => {
    const text = `${"a".repeat(70)}\n\n${"b ".repeat(10)}\n${"c".repeat(40)}`;
    const [first, ...rest] = splitMessage(text, 100);
    expect(first).toBe("a".repeat(70));
    expect(rest.join("\n")).toContain("b b");
  });

  it("closes a code fence cut in two and reopens it with its language", () => {
    const code = Array.from({ length: 30 }, (_, i) => `const x${i} = ${i};`).join("\n");
    const chunks = splitMessage(`Here:\n\`\`\`ts\n${code}\n\`\`\`\nDone.`, 200);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(200);
      expect((chunk.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(chunks[1]?.startsWith("```ts\n")).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    const chunks = splitMessage("😀".repeat(100), 33);
    for (const chunk of chunks) expect(chunk).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/);
    expect(chunks.join("")).toBe("😀".repeat(100));
  });

  it("rejects a limit too small to hold a fence", () => {
    expect(() => splitMessage("x", 8)).toThrow(/limit must be an integer ≥ 16/);
  });

  it("property: chunks fit the limit and keep every non-space character in order", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "é", "😀", "`", "x"), maxLength: 2000 });
    fc.assert(
      fc.property(text, fc.integer({ min: 16, max: 300 }), (input, limit) => {
        const chunks = splitMessage(input, limit);
        for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(limit);
        // Fences added at cuts are the only extra characters.
        expect(squash(chunks.join("")).replace(/`/g, "")).toBe(squash(input).replace(/`/g, ""));
      }),
    );
  });
});
