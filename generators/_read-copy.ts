// The bytes of a verbatim-copied template file, read once per generation: the AGENTS.md file summary
// and the copy itself share the read (keyed by the action object, so nothing outlives a generation).
import { readFile } from "node:fs/promises";

const reads = new WeakMap<object, Promise<Buffer>>();

export function readCopySource(copy: { from: string }): Promise<Buffer> {
  let read = reads.get(copy);
  if (!read) {
    read = readFile(copy.from);
    reads.set(copy, read);
  }
  return read;
}
