// The data the handlebars wiring templates render from: the chosen catalog entries, their env vars
// (merged in catalog order, first wins) and dependencies (merged, sorted by name, versions.ts only).
import type { Answers } from "./answers.ts";
import { catalog, type ChannelProbe, type ChannelSpec, type EnvVar, type StorageSpec, type TargetSpec } from "./catalog.ts";
import { envAssignment, envComment, joinWords, objectLiteral, readFragment, summarize } from "./project-text.ts";
import { comparePaths } from "./tree.ts";
import { versions, type PackageName } from "./versions.ts";

type Parts = Pick<TargetSpec, "dependencies" | "devDependencies" | "env">;

/** What every project gets, whatever the answers: its tooling and the server's own settings. */
export const baseParts = {
  dependencies: [],
  devDependencies: ["@types/node", "typescript", "vitest"],
  env: [
    { name: "PORT", required: false, secret: false, help: "Port the server listens on.", example: "8787" },
    { name: "HOST", required: false, secret: false, help: "Interface to listen on; 0.0.0.0 accepts other machines (containers).", example: "127.0.0.1" },
    { name: "AGENT_HOST_LOG", required: false, secret: false, help: "Log level of the host on stderr: info, warn (default) or error." },
  ],
} as const satisfies Parts;

/** Node 22.18 strips TypeScript types by default, so `node src/main.ts` needs no flag. */
export const NODE_ENGINE = ">=22.18";

/** The catalog entries an answer set picks, in the order their parts are merged. */
export function chosenEntries(answers: Answers) {
  const target = catalog.targets[answers.target];
  const model = target.usesModel ? catalog.models[answers.model] : undefined;
  const channels = answers.channels.map((id) => ({ id, ...catalog.channels[id] }));
  const auth = catalog.authProfiles[answers.auth];
  const storage = catalog.storages[answers.storage];
  const parts: Parts[] = [baseParts, target, ...(model ? [model] : []), ...channels, auth, storage];
  return { target, model, channels, auth, storage, parts };
}

export interface TemplateDataOptions {
  repoRoot: string;
  runtimeSpec: string;
  generator: string;
  /** Files copied verbatim (absolute source, project path): AGENTS.md lists those in src/ and test/. */
  copies: ReadonlyArray<{ from: string; to: string }>;
}

export async function templateData(answers: Answers, options: TemplateDataOptions) {
  const { target, model, channels, auth, storage, parts } = chosenEntries(answers);
  const readme = (path: string) => readFragment(options.repoRoot, path);
  const titles = channels.map((channel) => channel.title);
  const width = Math.max("Health".length, ...titles.map((title) => title.length));
  const channelData = await Promise.all(
    channels.map(async (channel) => ({
      ...channel,
      padded: channel.title.padEnd(width),
      readme: await readme(channel.readme),
      probeInit: probeInit(channel.probe),
      curl: "example" in channel ? curlLine(channel.example) : undefined,
    })),
  );
  const nodeEngine = strictestEngine([NODE_ENGINE, ...[storage, ...channels].flatMap((entry) => ("nodeEngine" in entry ? [entry.nodeEngine] : []))]);
  return {
    name: answers.name,
    generator: options.generator,
    nodeEngine,
    /** The docs' "Node.js 22.18 or newer". */
    nodeMinimum: nodeEngine.replace(/^>=/, ""),
    description: `One ${target.title.toLowerCase()} on ${joinWords(titles)}, hosted by agent-host.`,
    target: { id: answers.target, title: target.title, hint: target.hint },
    model: model && { id: answers.model, title: model.title, hint: model.hint },
    targetNote: targetNote(answers),
    editNote: editNote(answers),
    channels: channelData,
    curlChannels: channelData.filter((channel) => channel.curl !== undefined),
    platformNote: platformNote(channelData.filter((channel) => channel.curl === undefined).map((channel) => channel.title)),
    channelScripts: channels.flatMap((channel) => Object.entries("scripts" in channel ? channel.scripts : {}).map(([name, command]) => ({ name, command }))),
    probeEnv: probeEnv(channels.map((channel) => channel.probe)),
    healthPadded: "Health".padEnd(width),
    auth: { ...auth, readme: await readme(auth.readme) },
    storage: { ...storage, readme: "readme" in storage ? await readme(storage.readme) : undefined },
    runtimeImports: ["createAgentHost", ...(storage.storeModule === "agent-host" ? [storage.storeImport] : []), ...auth.runtimeImports, "type AgentHost", "type AgentHostOptions"].join(", "),
    moduleImports: moduleImports(storage),
    env: mergeEnv(parts).map((envVar) => ({ ...envVar, assignment: envAssignment(envVar), comment: envComment(envVar), tableHelp: envVar.help.replaceAll("|", "\\|") })),
    dependencies: mergeDependencies(parts.flatMap((part) => part.dependencies), { "agent-host": options.runtimeSpec }),
    devDependencies: mergeDependencies(parts.flatMap((part) => part.devDependencies)),
    files: await summarize(options.copies.filter((copy) => /^(src|test)\/.*\.ts$/.test(copy.to))),
  };
}

export type TemplateData = Awaited<ReturnType<typeof templateData>>;

/** Env vars of all parts, de-duplicated by name; the first entry (in catalog order) wins. */
export function mergeEnv(parts: readonly Parts[]): EnvVar[] {
  const byName = new Map<string, EnvVar>();
  for (const envVar of parts.flatMap((part) => part.env)) if (!byName.has(envVar.name)) byName.set(envVar.name, envVar);
  return [...byName.values()];
}

/** `{ name, version }` pairs sorted by name, versions from versions.ts (plus `extra` specs). */
export function mergeDependencies(names: readonly PackageName[], extra: Record<string, string> = {}) {
  const specs = new Map<string, string>(Object.entries(extra));
  for (const name of names) specs.set(name, versions[name]);
  return [...specs].map(([name, version]) => ({ name, version })).sort((a, b) => comparePaths(a.name, b.name));
}

/** `import { … } from "agent-host/<subpath>"` lines a storage needs (its store, its runner), one per module. */
function moduleImports(storage: StorageSpec): Array<{ names: string; module: string }> {
  const byModule = new Map<string, string[]>();
  const add = (name: string, module: string) => byModule.set(module, [...(byModule.get(module) ?? []), name]);
  if (storage.storeModule !== "agent-host") add(storage.storeImport, storage.storeModule);
  if (storage.runner) add(storage.runner.import, storage.runner.module);
  return [...byModule].map(([module, names]) => ({ module, names: names.join(", ") }));
}

/** For chat channels, which answer only once their platform knows the bot: where to start. */
function platformNote(titles: string[]): string | undefined {
  if (titles.length === 0) return undefined;
  const one = titles.length === 1;
  return [
    `${joinWords(titles)} ${one ? "answers once its platform knows" : "answer once their platforms know"} your bot: follow ${one ? "its" : "their"} set-up steps under **Channels**.`,
    "Until a channel's settings are in `.env`, it logs what is missing and answers 503; the other channels keep working.",
  ].join("\n");
}

/** The highest of `>=22.x.y` ranges (every entry's `nodeEngine` is a plain lower bound). */
function strictestEngine(ranges: readonly string[]): string {
  const version = (range: string) => range.replace(/^>=/, "").split(".").map(Number);
  const newer = (a: string, b: string) => {
    const [x, y] = [version(a), version(b)];
    for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
    return false;
  };
  return ranges.reduce((best, range) => (newer(range, best) ? range : best));
}

/** The README's one-line curl example for a JSON POST. */
function curlLine(example: NonNullable<ChannelSpec["example"]>): string {
  const headers = Object.entries({ "content-type": "application/json", ...example.headers }).map(([name, value]) => ` -H '${name}: ${value}'`);
  return `curl -s http://127.0.0.1:8787${example.path}${headers.join("")} -d '${JSON.stringify(example.body)}'`;
}

/** The smoke test's request options for a probe (`{ headers: …, body: … }`), or "" when it needs none. */
function probeInit(probe: ChannelProbe): string {
  const fields = [
    ...(probe.headers ? [`headers: ${objectLiteral(probe.headers)}`] : []),
    ...(probe.body ? [`body: ${objectLiteral(probe.body)}`] : []),
  ];
  return fields.length > 0 ? `{ ${fields.join(", ")} }` : "";
}

/** Every probe's placeholder settings, first value per name wins, in catalog order. */
function probeEnv(probes: readonly ChannelProbe[]): Array<{ name: string; value: string }> {
  const env = new Map<string, string>();
  for (const [name, value] of probes.flatMap((probe) => Object.entries(probe.env ?? {}))) if (!env.has(name)) env.set(name, value);
  return [...env].map(([name, value]) => ({ name, value }));
}

function targetNote(answers: Answers): string {
  if (answers.target === "workflow") return "Every channel runs the example workflow in `src/agent.ts`.";
  if (answers.model === "none") return "The offline echo agent answers: no key needed.";
  const key = catalog.models[answers.model].env[0]?.name ?? "the model key";
  return `Until \`${key}\` is set (in \`.env\`), the offline echo agent answers.`;
}

function editNote(answers: Answers): string {
  if (answers.target === "workflow") return "Edit or add steps; each step gets the previous step's output.";
  if (answers.model === "none") return "It is the echo agent; the comment in the file shows how to host an AI SDK model instead.";
  return "Change the system prompt, the model, or add AI SDK `tools`.";
}
