import nodePath from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = nodePath.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: nodePath.join(root, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('layer rules fire', () => {
  it('shared/ may not import node:, electron or native modules, nor use DOM or Node globals', async () => {
    expect(await ruleIds('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', "import fs from 'fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', "import D from 'better-sqlite3-multiple-ciphers';\nexport const a = D;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', 'export const a = document.title;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('shared/x.ts', 'export const a = window.location;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('shared/x.ts', 'export const a = process.env;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('shared/x.ts', "import { z } from 'zod';\nexport const a = z.string();\n")).toEqual([]);
  });

  it('renderer/ may not import electron/, node: or electron', async () => {
    expect(await ruleIds('renderer/src/x.ts', "import { ProjectStore } from '../../electron/store/project-store';\nexport const a = ProjectStore;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/x.ts', "import { api } from '../../shared/api/contract';\nexport const a = api;\n")).toEqual([]);
  });

  it("only the named glue files in electron/ import 'electron'", async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await ruleIds('electron/store/x.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('electron/services/x.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('electron/main/main.ts', code)).toEqual([]);
    expect(await ruleIds('electron/preload/preload.ts', code)).toEqual([]);
  });
});
