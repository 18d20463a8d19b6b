/**
 * Exports must validate against the published REFI-QDA 1.5 schemas (section 6: "the XML files must
 * validate against the XML schemas"): project.qde from writeQdpx against Project.xsd, .qdc from
 * writeQdc against Codebook.xsd, checked with xmllint. Also checks that the .qdpx is a ZIP that
 * `unzip -t` accepts. Skips with a printed reason when a tool or the schemas are missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readQdpx, writeQdc, writeQdpx, type QdaProject } from '../../../shared/exchange/index';
import { sampleProject } from '../../../shared/exchange/refi-qda/sample-project';
import { readZip } from '../../../shared/exchange/zip/zip';
import { tempDir } from '../../support/temp';

const SCHEMAS = join(import.meta.dirname, '../../fixtures/refi-qda');
const PROJECT_XSD = join(SCHEMAS, 'Project.xsd');
const CODEBOOK_XSD = join(SCHEMAS, 'Codebook.xsd');
const HAS_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;
const HAS_SCHEMAS = existsSync(PROJECT_XSD) && existsSync(CODEBOOK_XSD);
const HAS_UNZIP = spawnSync('unzip', ['-v']).status === 0;
if (!HAS_XMLLINT) console.log('refi-qda-xmllint: skipping schema validation: `xmllint` is not installed (apt-get install libxml2-utils)');
if (!HAS_SCHEMAS) console.log(`refi-qda-xmllint: skipping schema validation: schemas not found in ${SCHEMAS}`);
if (!HAS_UNZIP) console.log('refi-qda-xmllint: skipping `unzip -t`: unzip is not installed');
const run = HAS_XMLLINT && HAS_SCHEMAS ? it : it.skip;

function xmllint(schema: string, file: string): { ok: boolean; output: string } {
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

async function unpack(bytes: Uint8Array, dir: string): Promise<void> {
  for (const e of readZip(bytes)) {
    const target = join(dir, e.name);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, await e.read());
  }
}

function minimalProject(): QdaProject {
  return { name: 'Empty', users: [], codes: [], variables: [], cases: [], sources: [], notes: [], sets: [], noteRefs: [] };
}

describe('exports validate against the REFI-QDA XSDs (xmllint)', () => {
  run('project.qde of the sample project validates against Project.xsd', async () => {
    const dir = tempDir('refi-qda-');
    const bytes = await writeQdpx(sampleProject());
    await unpack(bytes, dir);
    const result = xmllint(PROJECT_XSD, join(dir, 'project.qde'));
    expect(result.output).toMatch(/validates/);
    expect(result.ok).toBe(true);
    // The sources the XML points to are in the archive as UTF-8 text.
    for (const s of sampleProject().sources) expect(readFileSync(join(dir, 'sources', `${s.guid}.txt`), 'utf8')).toBe(s.plainText);
    if (HAS_UNZIP) {
      const file = join(dir, 'sample.qdpx');
      writeFileSync(file, bytes);
      expect(spawnSync('unzip', ['-t', file], { encoding: 'utf8' }).stdout).toMatch(/No errors detected/);
    }
  });

  run('a minimal project (all optional parts left out) validates', async () => {
    const dir = tempDir('refi-qda-');
    await unpack(await writeQdpx(minimalProject()), dir);
    expect(xmllint(PROJECT_XSD, join(dir, 'project.qde')).ok).toBe(true);
  });

  run('a re-export of an imported project validates', async () => {
    const dir = tempDir('refi-qda-');
    const again = await writeQdpx(await readQdpx(await writeQdpx(sampleProject())));
    await unpack(again, dir);
    const result = xmllint(PROJECT_XSD, join(dir, 'project.qde'));
    expect(result.output).toMatch(/validates/);
  });

  run('the .qdc codebook validates against Codebook.xsd', () => {
    const dir = tempDir('refi-qda-');
    const codes = sampleProject().codes;
    const file = join(dir, 'codebook.qdc');
    writeFileSync(file, writeQdc({ origin: 'Fieldnote 0.1.0', codes, sets: [{ guid: '00000000-0000-4000-8000-000000000700', name: 'Barriers', description: 'Set of codes', memberCodes: [codes[0]!.children[0]!.guid, codes[1]!.guid], memberSources: [], memberNotes: [] }] }));
    const result = xmllint(CODEBOOK_XSD, file);
    expect(result.output).toMatch(/validates/);
    expect(result.ok).toBe(true);
    writeFileSync(file, writeQdc({ codes: [{ guid: '00000000-0000-4000-8000-000000000001', name: 'Only', isCodable: true, noteRefs: [], children: [] }], sets: [] }));
    expect(xmllint(CODEBOOK_XSD, file).ok).toBe(true);
  });

  run('xmllint itself rejects a broken file (the check has teeth)', () => {
    const dir = tempDir('refi-qda-');
    const file = join(dir, 'bad.qde');
    writeFileSync(file, '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources><TextSource guid="nope"/></Sources></Project>');
    expect(xmllint(PROJECT_XSD, file).ok).toBe(false);
  });
});
