// The commands of `edict`, in the order `edict --help` lists them. Adding a command is one file
// `src/cli/<name>-command.ts` exporting a `defineCommand({...})` (see ./args.ts) and one entry
// here; dispatch, --help, the usage text and the did-you-mean for a mistyped name follow.
import type { Command } from "./args.js";
import { checkCommand } from "./check-command.js";
import { adjudicateCommand } from "./adjudicate-command.js";
import { explainCommand } from "./explain-command.js";
import { diffCommand } from "./diff-command.js";
import { estimateCommand } from "./estimate-command.js";
import { testCommand } from "./test-command.js";
import { fmtCommand } from "./fmt-command.js";
import { buildCommand } from "./build-command.js";
import { exportCommand } from "./export-command.js";
import { importCommand } from "./import-command.js";
import { tablesImportCommand } from "./tables-command.js";
import { x12ReadCommand } from "./x12-command.js";
import { serveCommand } from "./serve-command.js";
import { postCommand } from "./post-command.js";
import { batchResultsCommand, batchStatusCommand, submitCommand, workerCommand } from "./distributed-command.js";
import { tokenAddCommand, tokenHashCommand, tokenRevokeCommand } from "./token-command.js";

export const COMMANDS: readonly Command[] = [
  checkCommand,
  adjudicateCommand,
  explainCommand,
  diffCommand,
  estimateCommand,
  testCommand,
  fmtCommand,
  buildCommand,
  exportCommand,
  importCommand,
  tablesImportCommand,
  x12ReadCommand,
  serveCommand,
  postCommand,
  submitCommand,
  workerCommand,
  batchStatusCommand,
  batchResultsCommand,
  tokenAddCommand,
  tokenRevokeCommand,
  tokenHashCommand,
];
