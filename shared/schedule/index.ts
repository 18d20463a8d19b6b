/**
 * The interview schedule: model, XLSForm rows ⇄ model, lint, the walk and the XForm
 * writer. Pure TypeScript; the .xlsx bytes are handled by electron/schedule/xlsx.ts.
 */
export * from './model';
export {
  FINDING_GROUPS,
  FINDING_GROUP_TITLES,
  ScheduleError,
  columnLetter,
  findingGroup,
  formatFinding,
  formatLocation,
  groupFindings,
  hasErrors,
  sortFindings,
  type Finding,
  type FindingGroup,
  type Severity,
} from './findings';
export { cellText, parseXlsForm, scheduleToRows, type Cell, type ParseOptions, type ParseResult, type SheetRows, type WorkbookRows } from './xlsform';
export {
  checkWorkbook,
  formatCoverage,
  lintSchedule,
  spssNameProblem,
  stataNameProblem,
  translationCoverage,
  utf8Length,
  SPSS_MAX_NAME_BYTES,
  SPSS_MAX_VALUE_LABEL_BYTES,
  SPSS_RESERVED,
  type CoverageLine,
} from './lint';
export { answerProblem, questionIndex, type AnswerToCheck } from './answer-check';
export { answerText, probeLeftOut, walkSchedule, type AnswerValue, type WalkOptions } from './walk';
export { FIELDNOTE_XFORMS_NS, XFORM_ROOT, XFormError, scheduleToXForm } from './xform';
export { countText, lintReportLines, type ReportOptions } from './lint-report';
export { storedSchedule, upgradeLegacyLanguages } from './stored-schedule';
