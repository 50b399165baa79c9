// Writes the licence of every npm package the charts' bundle holds into one file beside the bundle.
// Usage: node licenses.mjs META OUT, where META is esbuild's --metafile of the bundle.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [meta, out] = process.argv.slice(2);
// The files with bytes in some output; stylesheets are loaded as empty (--loader:.css=empty: MapLibre's).
const outputs = Object.values(JSON.parse(readFileSync(meta, "utf8")).outputs);
const inputs = outputs.flatMap((output) =>
  Object.entries(output.inputs)
    .filter(([path, about]) => about.bytesInOutput > 0 && !path.endsWith(".css"))
    .map(([path]) => path),
);
const packages = new Map(); // name -> folder, for each package a bundled file comes from
for (const input of inputs) {
  const found = input.match(/^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//);
  if (found) packages.set(found[2], found[1]);
}
const sections = [...packages.keys()].sort().map((name) => {
  const folder = packages.get(name);
  const about = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  const file = readdirSync(folder).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
  const text = file ? readFileSync(join(folder, file), "utf8").trim() : `License: ${about.license ?? "not stated"}`;
  return `${name} ${about.version} (${about.license ?? "licence not stated"})\n\n${text}\n`;
});
writeFileSync(
  out,
  `Licences of the npm packages bundled in this folder (make charts-bundle, frontend/).\n\n` +
    sections.join(`\n${"-".repeat(78)}\n\n`),
);
console.log(`${out}: ${packages.size} packages`);
