#!/usr/bin/env node
// `ajel`, the newsroom's command line (README, "CLI"). The commands are TypeScript modules, loaded
// through tsx's API so this file runs with plain node.
import { tsImport } from 'tsx/esm/api';

const { run } = await tsImport('./cli/main.ts', import.meta.url);
process.exitCode = await run(process.argv.slice(2), process.env);
