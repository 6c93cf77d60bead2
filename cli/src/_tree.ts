// Renders posix paths as a tree (directories first, then files, each sorted byte-wise), with an
// optional marker before every file name, for --dry-run.
interface Node {
  dirs: Map<string, Node>;
  files: string[];
}

function build(paths: string[]): Node {
  const root: Node = { dirs: new Map(), files: [] };
  for (const path of paths) {
    const parts = path.split("/");
    const file = parts.pop()!;
    let node = root;
    for (const part of parts) {
      let next = node.dirs.get(part);
      if (!next) node.dirs.set(part, (next = { dirs: new Map(), files: [] }));
      node = next;
    }
    node.files.push(file);
  }
  return root;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function render(node: Node, prefix: string, base: string, mark: (path: string) => string, out: string[]): void {
  const dirs = [...node.dirs.keys()].sort(byteOrder);
  const files = [...node.files].sort(byteOrder);
  const total = dirs.length + files.length;
  dirs.forEach((name, index) => {
    const last = index === total - 1;
    out.push(`${prefix}${last ? "└── " : "├── "}${name}/`);
    render(node.dirs.get(name)!, `${prefix}${last ? "    " : "│   "}`, `${base}${name}/`, mark, out);
  });
  files.forEach((name, index) => {
    const last = dirs.length + index === total - 1;
    out.push(`${prefix}${last ? "└── " : "├── "}${mark(`${base}${name}`)}${name}`);
  });
}

/** Tree lines for the paths; `mark(path)` is printed before each file name. */
export function renderTree(paths: string[], mark: (path: string) => string = () => ""): string[] {
  const out: string[] = [];
  render(build(paths), "", "", mark, out);
  return out;
}
