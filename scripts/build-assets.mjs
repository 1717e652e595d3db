// Compiles static/scss/application.scss with GOV.UK Frontend and copies its fonts, images
// and JavaScript into static/build/ (git-ignored), where Django's static files find them.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static", "build");

mkdirSync(out, { recursive: true });
const result = sass.compile(join(root, "static", "scss", "application.scss"), {
  importers: [new sass.NodePackageImporter(root)],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "application.css"), result.css);
cpSync(join(govuk, "assets"), join(out, "assets"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
console.log(`built ${out}`);
