#!/usr/bin/env node
// The `fieldnote` command. Runs the TypeScript sources directly (through tsx), so a fresh
// clone needs no build step after `npm install`. main() returns the exit status.
await import('../scripts/require-node.mjs');
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
