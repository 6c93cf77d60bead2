// Edits src/host.ts with ts-morph: adds or removes a channel's import declaration and its `factory()`
// element of the `channels: [...]` array in the createAgentHost call; every other character stays.
// A file it cannot edit safely is refused with the exact lines to change by hand — never half-edited.
import type { ArrayLiteralExpression, CallExpression, Identifier, ImportDeclaration, SourceFile } from "ts-morph";

/** How a catalog channel is wired: `import { <factory> } from "./channels/<module>"` and `<factory>()`. */
export interface ChannelWiring {
  id: string;
  factory: string;
  module: string;
}

export interface HostChange {
  add?: readonly ChannelWiring[];
  remove?: readonly ChannelWiring[];
  /** Every catalog channel in catalog order: where a new import and array element go. */
  order: readonly ChannelWiring[];
}

export type HostEdit = { ok: true; text: string } | { ok: false; message: string };

type Morph = typeof import("ts-morph");

export const HOST_PATH = "src/host.ts";
const importLine = (wiring: ChannelWiring) => `import { ${wiring.factory} } from "./channels/${wiring.module}";`;
const withoutExtension = (specifier: string) => specifier.replace(/\.(ts|js|mts|mjs)$/, "");

/** The one `channels: [...]` array literal passed to createAgentHost({ … }), if there is exactly one. */
function channelsArray(morph: Morph, file: SourceFile): ArrayLiteralExpression | undefined {
  const { Node, SyntaxKind } = morph;
  const arrays = file.getDescendantsOfKind(SyntaxKind.CallExpression).flatMap((call) => {
    const options = call.getArguments()[0];
    if (call.getExpression().getText() !== "createAgentHost" || !Node.isObjectLiteralExpression(options)) return [];
    const property = options.getProperty("channels");
    const value = Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
    return Node.isArrayLiteralExpression(value) ? [value] : [];
  });
  return arrays.length === 1 ? arrays[0] : undefined;
}

function importsOf(file: SourceFile, wiring: ChannelWiring): ImportDeclaration[] {
  const specifier = withoutExtension(`./channels/${wiring.module}`);
  return file.getImportDeclarations().filter((decl) => withoutExtension(decl.getModuleSpecifierValue()) === specifier);
}

/** Uses of `name` outside import declarations. */
function references(morph: Morph, file: SourceFile, name: string): Identifier[] {
  return file
    .getDescendantsOfKind(morph.SyntaxKind.Identifier)
    .filter((identifier) => identifier.getText() === name && !identifier.getFirstAncestorByKind(morph.SyntaxKind.ImportDeclaration));
}

const lineOf = (text: string, line: number) => `  line ${line}: ${text.split(/\r?\n/)[line - 1]?.trim() ?? ""}`;

function addOne(morph: Morph, file: SourceFile, array: ArrayLiteralExpression, wiring: ChannelWiring, order: readonly ChannelWiring[]): void {
  const rank = (name: string) => order.findIndex((entry) => entry.factory === name);
  const mine = rank(wiring.factory);
  const elements = array.getElements();
  const before = elements.findIndex((element) => {
    const callee = morph.Node.isCallExpression(element) ? element.getExpression().getText() : "";
    return rank(callee) > mine;
  });
  // Keep the array's own layout: one line or one element per line, with or without a trailing comma.
  file.getProject().manipulationSettings.set({ useTrailingCommas: /,\s*]$/.test(array.getText()) });
  array.insertElement(before === -1 ? elements.length : before, `${wiring.factory}()`, { useNewLines: array.getText().includes("\n") });

  const existing = importsOf(file, wiring)[0];
  if (existing) {
    if (!existing.getNamedImports().some((named) => named.getName() === wiring.factory)) existing.addNamedImport(wiring.factory);
    return;
  }
  const present = order.map((entry) => ({ entry, decl: importsOf(file, entry)[0] }));
  const index = order.findIndex((entry) => entry.id === wiring.id);
  const previous = present.slice(0, index).reverse().find((item) => item.decl)?.decl;
  const next = present.slice(index + 1).find((item) => item.decl)?.decl;
  const last = file.getImportDeclarations().at(-1);
  const at = previous ? previous.getChildIndex() + 1 : next ? next.getChildIndex() : last ? last.getChildIndex() + 1 : 0;
  file.insertStatements(at, importLine(wiring));
}

function addChannels(morph: Morph, file: SourceFile, change: HostChange): string | undefined {
  const missing = (change.add ?? []).filter((wiring) => references(morph, file, wiring.factory).length === 0);
  if (missing.length === 0) return undefined;
  const array = channelsArray(morph, file);
  if (!array) {
    return [
      `${HOST_PATH} has no \`channels: [...]\` array in a createAgentHost({ … }) call (was it restructured?), so ${missing.map((wiring) => wiring.id).join(", ")} cannot be wired automatically. Nothing was written.`,
      `Add these lines to ${HOST_PATH} by hand, then run the same command again: it sees the channel wired and adds the rest (files, settings, dependencies, docs).`,
      ...missing.flatMap((wiring) => [`  ${importLine(wiring)}`, `  ${wiring.factory}()   ← one more of the channels you pass to createAgentHost`]),
    ].join("\n");
  }
  // In catalog order, so several channels added at once land where a fresh project has them.
  for (const wiring of change.order.filter((entry) => missing.some((other) => other.id === entry.id))) addOne(morph, file, array, wiring, change.order);
  return undefined;
}

function removeChannels(morph: Morph, file: SourceFile, text: string, change: HostChange): string | undefined {
  const array = channelsArray(morph, file);
  const manual: string[] = [];
  const plans: Array<{ elements: CallExpression[]; decls: ImportDeclaration[] }> = [];
  for (const wiring of change.remove ?? []) {
    const decls = importsOf(file, wiring).filter((decl) => decl.getNamedImports().some((named) => named.getName() === wiring.factory));
    const local = decls[0]?.getNamedImports().find((named) => named.getName() === wiring.factory)?.getAliasNode()?.getText() ?? wiring.factory;
    const refs = references(morph, file, local);
    const elements = (array?.getElements() ?? []).filter((element): element is CallExpression => morph.Node.isCallExpression(element) && element.getExpression().getText() === local);
    const callees = new Set(elements.map((element) => element.getExpression().getStart()));
    const stray = refs.filter((ref) => !callees.has(ref.getStart()));
    const sharedImport = decls.some((decl) => decl.getNamedImports().length > 1 || decl.getDefaultImport() || decl.getNamespaceImport());
    if (stray.length > 0 || sharedImport || (refs.length > 0 && decls.length === 0)) {
      const lines = new Set([...decls.map((decl) => decl.getStartLineNumber()), ...refs.map((ref) => ref.getStartLineNumber())]);
      manual.push(...[...lines].sort((a, b) => a - b).map((line) => lineOf(text, line)));
      continue;
    }
    plans.push({ elements, decls });
  }
  if (manual.length > 0) {
    return [
      `${HOST_PATH} uses the channel beyond its own import line and its element of the one \`channels: [...]\` array, so it cannot be unwired safely. Nothing was written.`,
      `Remove the channel from ${HOST_PATH} by hand (these lines), then run the same command again: it sees the channel unwired and removes the rest.`,
      ...manual,
    ].join("\n");
  }
  const trailingComma = array !== undefined && /,\s*]$/.test(array.getText());
  for (const plan of plans) for (const element of plan.elements) array!.removeElement(element);
  for (const plan of plans) for (const decl of plan.decls) decl.remove();
  // ts-morph drops the trailing comma with the last element; the array keeps its style. (Last: insertText forgets nodes.)
  const last = array?.getElements().at(-1);
  if (trailingComma && last && !/,\s*]$/.test(array!.getText())) file.insertText(last.getEnd(), ",");
  return undefined;
}

/** Applies `change` to the text of src/host.ts. Loads ts-morph (and its TypeScript) on first use. */
export async function editHost(text: string, change: HostChange): Promise<HostEdit> {
  const morph = await import("ts-morph");
  const indent = /^( +|\t)[^\s*]/m.exec(text)?.[1] ?? "  ";
  const project = new morph.Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: {
      indentationText: indent === "\t" ? morph.IndentationText.Tab : indent.length >= 4 ? morph.IndentationText.FourSpaces : morph.IndentationText.TwoSpaces,
      newLineKind: text.includes("\r\n") ? morph.NewLineKind.CarriageReturnLineFeed : morph.NewLineKind.LineFeed,
    },
  });
  const file = project.createSourceFile("host.ts", text);
  const problem = removeChannels(morph, file, text, change) ?? addChannels(morph, file, change);
  return problem ? { ok: false, message: problem } : { ok: true, text: file.getFullText() };
}
