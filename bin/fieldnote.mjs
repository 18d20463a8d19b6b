#!/usr/bin/env node
// The `fieldnote` command. Runs the TypeScript sources directly (through tsx), so a fresh
// clone needs no build step after `npm install`.
await import('../scripts/require-node.mjs');
const { register } = await import('tsx/esm/api');
register();
await import('../electron/cli/main.ts');
