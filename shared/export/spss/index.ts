/** SPSS export: CSV + syntax for GET DATA, and native .sav system files. Pure: bytes in, bytes out. */
export type { MrSet, SpssCell, SpssDataset, SpssMeasure, SpssValueLabel, SpssVariable, SpssVariableType } from './types';
export { SpssExportError } from './types';
export { cleanVariableNames, cleanMrSetName, isValidVariableName, SPSS_RESERVED_WORDS, SPSS_MAX_NAME_BYTES, type NameMapping } from './names';
export { utf8Truncate, utf8ByteLength, sanitizeLabel } from './text';
export { isoDateToSpss } from './spss-date';
export { numberToText } from './number-text';
export { prepareDataset, formatToString, type PreparedDataset, type PreparedVariable, type SpssFormat } from './prepare';
export { writeCsv, writeCsvPrepared, csvField, protectFormula, FORMULA_START, CSV_LINE_END, type CsvOptions } from './csv-writer';
export { writeSps, writeSpsText, writeSpsTextPrepared, stringLiteralTokens, MAX_SYNTAX_LINE_BYTES, type SpsOptions } from './sps-writer';
export { writeSav, writeSavPrepared, type SavOptions } from './sav-writer';
