/**
 * `npx tsx scripts/make-hostile-files.ts OUT_DIR`: writes the hostile files of the attack pass
 * (issue 17) to a folder, for trying them by hand in the app. They are generated, never committed:
 * some are zip bombs. The tests build the same files in memory (test/support/hostile-files.ts).
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { jsonZipBomb, longNameQdc, manyCodesQdc, manyMembersZip, qdpxBomb, withInvalidUtf8 } from '../test/support/hostile-files';

const out = process.argv[2];
if (!out) {
  console.error('usage: npx tsx scripts/make-hostile-files.ts OUT_DIR');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
const files: Record<string, Uint8Array | string> = {
  'bomb-declares-1.5GB.qdpx': await qdpxBomb(),
  'bomb-declares-1.5GB-json.zip': await jsonZipBomb(),
  '20000-members.zip': await manyMembersZip(20_000),
  '100000-codes.qdc': manyCodesQdc(100_000),
  '20000-codes-nested.qdc': manyCodesQdc(20_000, { depth: 4 }),
  '5MB-code-name.qdc': longNameQdc(5_000_000),
  'invalid-utf8-at-byte-120.qdc': withInvalidUtf8(manyCodesQdc(3), 120),
};
for (const [name, data] of Object.entries(files)) {
  fs.writeFileSync(nodePath.join(out, name), data);
  console.log(`${name}  ${fs.statSync(nodePath.join(out, name)).size} bytes`);
}
