// Stops with one line when this Node.js is older than package.json `engines.node` (a ">=x.y" range).
// Plain JavaScript, so old Node versions run it; npm scripts load it before any TypeScript.
import { readFileSync } from "node:fs";

const engines = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).engines || {};
const range = engines.node || ">=0";
const needed = range.replace(">=", "").split(".").map(Number);
const found = process.versions.node.split(".").map(Number);
const index = needed.findIndex((part, i) => found[i] !== part);

if (index !== -1 && found[index] < needed[index]) {
  console.error(`This project needs Node.js ${range} (found v${process.versions.node}). Install Node.js ${range.slice(2)} or newer: https://nodejs.org, or run \`nvm install\` (reads .nvmrc).`);
  process.exit(1);
}
