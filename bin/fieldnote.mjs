#!/usr/bin/env node
// The `fieldnote` command. Runs the TypeScript sources directly (through tsx), so a fresh
// clone needs no build step after `npm install`.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 14)) {
  console.error(`Fieldnote needs Node.js 22.14 or newer (this is ${process.versions.node}). See README.md.`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../electron/cli/main.ts');
