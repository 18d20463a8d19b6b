/**
 * REFI-QDA 1.5 exchange (.qdpx projects, .qdc codebooks) for NVivo, ATLAS.ti, MAXQDA and
 * QualCoder. Pure TypeScript: XML through saxes with a small tree builder (xml/xml-parser.ts), ZIP
 * through fflate, both wrapped with our limits and located errors. See README.md.
 */
export type {
  QdaCase,
  QdaCode,
  QdaCodebook,
  QdaCoding,
  QdaImportWarning,
  QdaLocation,
  QdaNote,
  QdaProject,
  QdaSelection,
  QdaSet,
  QdaTextSource,
  QdaUser,
  QdaVariable,
  QdaVariableType,
  QdaVariableValue,
} from './refi-qda/model';
export { QdaExportError, QdaImportError, formatLocation } from './refi-qda/model';
export { readQdc, readQde, readQdpx, type QdaLimits, type QdaReadOptions } from './refi-qda/read';
export { writeQdc, writeQde, writeQdpx, PROJECT_NAMESPACE, CODEBOOK_NAMESPACE, type QdpxWriteOptions } from './refi-qda/write';
export { canonicalGuid, isGuid, isCanonicalGuid } from './refi-qda/guid';
export { codePointLength, codePointToUtf16, utf16ToCodePoint, CodePointIndex } from './text/code-points';
export { normaliseLineEndings, type NormalisedText } from './text/line-endings';
export { decodeUtf8, encodeUtf8, Utf8Error } from './text/utf8';
export { parseXml, XmlParseError, childElements, directText, getAttribute, type XmlDocument, type XmlElement, type XmlNode, type XmlAttribute } from './xml/xml-parser';
export { readZip, writeZip, ZipError, DEFAULT_ZIP_LIMITS, type ZipEntry, type ZipInput, type ZipLimits } from './zip/zip';
export { crc32 } from './zip/crc32';
