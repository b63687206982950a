import { loadPack } from "../src/node/index.js";
const out = loadPack("/work/main/rules/demo-ppo");
console.log(out.ok, out.diagnostics.slice(0,5));
