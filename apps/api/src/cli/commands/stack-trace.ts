import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";

/** `file:///…/dist/main.js:12:34` or `/…/dist/main.js:12:34` inside a stack frame. */
const FRAME = /((?:file:\/\/)?\/[^\s():]+\.m?js):(\d+):(\d+)/g;

/**
 * Rewrites every frame of `text` that points into a bundle with a `.map` beside it to the
 * TypeScript source line. Production runs without `--enable-source-maps` (parsing the maps costs
 * the API ~140 MB of heap, README "Memory"), so logged and reported stacks point into dist/*.js;
 * this maps them back offline. Frames without a map, or outside it, are left as they are.
 */
export function mapStackTrace(text: string, readMap: (bundle: string) => string | undefined = readMapBeside): string {
  const maps = new Map<string, SourceMap | null>();
  const mapFor = (bundle: string) => {
    if (!maps.has(bundle)) {
      const payload = readMap(bundle);
      maps.set(bundle, payload ? new SourceMap(JSON.parse(payload)) : null);
    }
    return maps.get(bundle)!;
  };
  return text.replace(FRAME, (frame, location: string, line: string, column: string) => {
    const bundle = location.startsWith("file://") ? fileURLToPath(location) : location;
    const map = mapFor(bundle);
    const origin = map?.findOrigin(Number(line), Number(column));
    if (!origin || !("fileName" in origin)) return frame;
    const source = path.resolve(path.dirname(bundle), origin.fileName);
    return `${path.relative(process.cwd(), source) || source}:${origin.lineNumber}:${origin.columnNumber}`;
  });
}

function readMapBeside(bundle: string): string | undefined {
  const file = `${bundle}.map`;
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** `agency stack-trace [file]`: a stack from a log or an error report, mapped to the sources (stdin when no file). */
export function registerStackTrace(program: Command) {
  program
    .command("stack-trace")
    .description(
      "map a stack trace that points into dist/*.js back to the TypeScript sources (reads stdin without a file)",
    )
    .argument("[file]", "a file holding the stack trace")
    .action((file?: string) => {
      const text = readFileSync(file ?? 0, "utf8");
      process.stdout.write(mapStackTrace(text));
    });
}
