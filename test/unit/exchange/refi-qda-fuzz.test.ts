/**
 * Arbitrary or damaged input must end in a QdaImportError (or a successful import), never in
 * another exception, a crash or a hang. Inputs are bounded so every run stays fast.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QdaImportError, readQdc, readQde, readQdpx, writeQdc, writeQde, writeQdpx } from '../../../shared/exchange/index';
import { sampleProject } from '../../../shared/exchange/refi-qda/sample-project';
import { parseXml, XmlParseError } from '../../../shared/exchange/xml/xml-parser';

function expectImportErrorOnly(err: unknown): void {
  if (!(err instanceof QdaImportError)) throw err;
  // "unexpected error" means a bug slipped through as a generic exception.
  expect(err.problem).not.toMatch(/^unexpected error/);
}

async function settle(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    expectImportErrorOnly(err);
  }
}

function settleSync(f: () => unknown): void {
  try {
    f();
  } catch (err) {
    expectImportErrorOnly(err);
  }
}

describe('robustness on arbitrary bytes', () => {
  it('readQdpx rejects random bytes with a QdaImportError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        await expect(readQdpx(bytes)).rejects.toBeInstanceOf(QdaImportError);
      }),
      { numRuns: 300 },
    );
  });

  it('readQdpx survives damaged real archives (flipped bytes, truncation)', async () => {
    const good = await writeQdpx(sampleProject());
    const stored = await writeQdpx(sampleProject(), { compression: 'store' });
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat()),
        async (useStored, flips, cut) => {
          const base = useStored ? stored : good;
          const bytes = base.slice(0, cut === null ? base.length : cut % (base.length + 1));
          for (const [at, x] of flips) {
            if (bytes.length === 0) break;
            const k = at % bytes.length;
            bytes[k] = (bytes[k] ?? 0) ^ x;
          }
          await settle(readQdpx(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('readQde survives damaged project XML (stored archives make every XML byte reachable)', async () => {
    const xml = writeQde(sampleProject());
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 5 }), async (edits) => {
        let s = xml;
        for (const [at, del, ins] of edits) {
          const i = at % (s.length + 1);
          s = s.slice(0, i) + ins + s.slice(i + del);
        }
        await settle(readQde(s));
      }),
      { numRuns: 400 },
    );
  });

  it('readQdc survives arbitrary strings and damaged codebooks', () => {
    const qdc = writeQdc({ codes: sampleProject().codes, sets: [] });
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => settleSync(() => readQdc(s))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom('<', '>', '&', '"', '/', '=', 'x', ' ', '<!DOCTYPE', '&#0;', '\uD800', '😀')), { minLength: 1, maxLength: 5 }), (edits) => {
        let s = qdc;
        for (const [at, del, ins] of edits) {
          const i = at % (s.length + 1);
          s = s.slice(0, i) + ins + s.slice(i + del);
        }
        settleSync(() => readQdc(s));
      }),
      { numRuns: 400 },
    );
  });

  it('parseXml only ever throws XmlParseError on XML-like noise', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('<a', '>', '</a>', '<b/>', ' x="1"', '&amp;', '&', '<![CDATA[', ']]>', '<!--', '-->', '<?p', '?>', 'text', '\r\n', 'xmlns:p="u"', 'p:', '"', "'"), { maxLength: 30 }), (parts) => {
        try {
          parseXml(parts.join(''));
        } catch (err) {
          expect(err).toBeInstanceOf(XmlParseError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('deep nesting is refused quickly, not by stack overflow', async () => {
    const deep = `<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes>${'<Code guid="0b1e5c6a-1f2d-4c3b-9a8e-000000000001" name="a" isCodable="true">'.repeat(5000)}`;
    const err = await readQde(deep).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QdaImportError);
    expect((err as QdaImportError).problem).toMatch(/nested deeper/);
  });
});
