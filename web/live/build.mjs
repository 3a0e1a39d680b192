// Builds ../../assets/live.js from live.js and its dependencies (Yjs, y-protocols, y-websocket,
// lib0), minified, and writes their licences beside it (../../assets/live.LICENSES.txt).
// Run `npm ci && npm run build` here after changing live.js or a dependency; commit both files.
import { build } from "esbuild";
import { readFileSync, writeFileSync, existsSync } from "node:fs";

await build({
  entryPoints: ["live.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  outfile: "../../assets/live.js",
  banner: { js: "// coopwiki live editing. Source: web/live/ (AGPL-3.0-or-later); bundled libraries and their licences: live.LICENSES.txt" },
});

const bundled = ["yjs", "y-protocols", "y-websocket", "lib0", "isomorphic.js"];
let text = "Libraries bundled into live.js, with their licences.\n";
for (const name of bundled) {
  const pkg = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8"));
  const file = ["LICENSE", "LICENSE.md", "license"].map((f) => `node_modules/${name}/${f}`).find(existsSync);
  text += `\n==== ${name} ${pkg.version} (${pkg.license}) ====\n\n`;
  text += file ? readFileSync(file, "utf8") : `${pkg.license}\n`;
}
writeFileSync("../../assets/live.LICENSES.txt", text);
