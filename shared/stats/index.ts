/** Descriptive statistics shown in the app, computed the way SPSS and PSPP print them. Pure: data in, tables out. */
export { StatsError, SYSTEM_MISSING_LABEL, type CategoryValue, type VariableHeading } from './categories';
export { formatNumber, formatPercentage, percentage, roundHalfAwayFromZero, PERCENT_DECIMALS, type Percentage } from './format';
export { chiSquareSurvival, logGamma, regularizedGammaP, regularizedGammaQ } from './gamma';
export { frequencyTable, type FrequencyMissingRow, type FrequencyTable, type FrequencyValidRow } from './frequency-table';
export {
  crosstab,
  expectedCountFootnote,
  CHI_SQUARE_DECIMALS,
  EXPECTED_DECIMALS,
  P_VALUE_DECIMALS,
  type ChiSquareTest,
  type Crosstab,
  type CrosstabCases,
  type CrosstabCategory,
  type CrosstabPercentages,
} from './crosstab';
export { sampleDescription, footnoteLetter, type SampleAttribute, type SampleAttributeInput, type SampleCategory, type SampleDescription } from './sample-description';
export { crosstabBody, tableRows, toHtml, toTsv, TSV_LINE_END, type CrosstabLine, type StatsTable } from './tsv';
export { BREAKDOWNS, column, crosstabOf, frequencyOf, sampleOf, SAMPLE_ATTRIBUTES, type Breakdown } from './project-tables';
