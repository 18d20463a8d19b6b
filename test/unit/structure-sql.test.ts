/**
 * Only electron/store/ writes SQL or knows column names (issue 14: "the store owns SQL"): every
 * other file of electron/, shared/ and renderer/ calls a repository. This test reads the sources
 * and fails on a statement outside the store, naming the file and line.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';

const root = nodePath.resolve(__dirname, '../..');


/** SQL as this code base writes it: upper-case keywords, statements through better-sqlite3. */
const SQL_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'a prepared statement', pattern: /\.prepare\s*\(/ },
  { name: 'a pragma', pattern: /\.pragma\s*\(/ },
  { name: 'SQL run with exec', pattern: /\.exec\s*\(\s*['"`]\s*(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|VACUUM|ATTACH|DETACH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i },
  { name: 'a SELECT … FROM', pattern: /\bSELECT\b[^\n]*?\bFROM\b/ },
  { name: 'an INSERT INTO', pattern: /\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b/ },
  { name: 'an UPDATE … SET', pattern: /\bUPDATE\s+["\w]+\s+SET\b/ },
  { name: 'a DELETE FROM', pattern: /\bDELETE\s+FROM\b/ },
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(nodePath.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

/** Where a text holds SQL: "line N: what". */
function sqlFindings(text: string): string[] {
  const findings: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { name, pattern } of SQL_PATTERNS) if (pattern.test(line)) findings.push(`line ${i + 1}: ${name}`);
  });
  return findings;
}

describe('the store owns SQL', () => {
  it('recognises the statements this code base writes', () => {
    expect(sqlFindings("db.prepare('SELECT 1')")).not.toEqual([]);
    expect(sqlFindings("const q = `SELECT id, name FROM code WHERE id = ?`;")).toEqual(['line 1: a SELECT … FROM']);
    expect(sqlFindings("'INSERT INTO memo (id) VALUES (?)'")).toEqual(['line 1: an INSERT INTO']);
    expect(sqlFindings("'UPDATE note SET editor_state = ? WHERE id = ?'")).toEqual(['line 1: an UPDATE … SET']);
    expect(sqlFindings("copy.exec('DELETE FROM adjudication')")).toEqual(['line 1: SQL run with exec', 'line 1: a DELETE FROM']);
    expect(sqlFindings("db.pragma('user_version', { simple: true })")).toEqual(['line 1: a pragma']);
    // Words that only look like SQL are not findings.
    expect(sqlFindings('const match = /^(\\d+)$/.exec(text); // select the text, then delete it')).toEqual([]);
    expect(sqlFindings('SELECTION_INSERT_CLIPBOARD_NODES_COMMAND')).toEqual([]);
  });

  it('no file in electron/ (outside electron/store/), shared/ or renderer/ holds SQL', () => {
    const files = ['electron', 'shared', 'renderer'].flatMap(sourceFiles).filter((f) => !f.startsWith('electron/store/'));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((f) => sqlFindings(fs.readFileSync(nodePath.join(root, f), 'utf8')).map((finding) => `${f} ${finding}`));
    expect(offenders, 'Move these statements into a repository under electron/store/ and call it.').toEqual([]);
  });
});
