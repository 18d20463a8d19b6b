/**
 * The statistics tables as SPSS users know them. The figures are the ones `toTsv` copies and
 * `fieldnote stats` prints (the same formatting functions), laid out as HTML tables with
 * row and column headers so a screen reader can name every cell.
 */
import {
  CHI_SQUARE_DECIMALS,
  crosstabBody,
  formatNumber,
  formatPercentage,
  P_VALUE_DECIMALS,
  type CrosstabLine,
  type Crosstab,
  type FrequencyTable,
  type SampleDescription,
  type VariableHeading,
} from '../../../shared/stats';

const title = (h: VariableHeading) => h.label || h.name;

export function FrequencyView({ table }: { table: FrequencyTable }) {
  const showSubtotals = table.missing.length > 0;
  return (
    <table className="stats-table" data-testid="frequency-table">
      <caption>
        {title(table.variable)} <span className="var-name">{table.variable.name}</span>
      </caption>
      <thead>
        <tr>
          <td colSpan={2} />
          <th scope="col">Frequency</th>
          <th scope="col">Percent</th>
          <th scope="col">Valid Percent</th>
          <th scope="col">Cumulative Percent</th>
        </tr>
      </thead>
      <tbody>
        {table.valid.map((r, i) => (
          <tr key={`v${String(r.value)}`}>
            {i === 0 ? (
              <th scope="rowgroup" rowSpan={table.valid.length + (showSubtotals ? 1 : 0)} className="section">
                Valid
              </th>
            ) : null}
            <th scope="row">{r.label}</th>
            <td className="num">{r.frequency}</td>
            <td className="num">{formatPercentage(r.percent)}</td>
            <td className="num">{formatPercentage(r.validPercent)}</td>
            <td className="num">{formatPercentage(r.cumulativePercent)}</td>
          </tr>
        ))}
        {showSubtotals && table.valid.length > 0 ? (
          <tr className="subtotal">
            <th scope="row">Total</th>
            <td className="num">{table.validTotal.frequency}</td>
            <td className="num">{formatPercentage(table.validTotal.percent)}</td>
            <td className="num">{formatPercentage(table.validTotal.validPercent)}</td>
            <td />
          </tr>
        ) : null}
        {table.missing.map((r, i) => (
          <tr key={`m${r.kind}${String(r.value)}`} className={`missing missing-${r.kind}`}>
            {i === 0 ? (
              <th scope="rowgroup" rowSpan={table.missing.length + 1} className="section">
                Missing
              </th>
            ) : null}
            <th scope="row">{r.label}</th>
            <td className="num">{r.frequency}</td>
            <td className="num">{formatPercentage(r.percent)}</td>
            <td />
            <td />
          </tr>
        ))}
        {showSubtotals ? (
          <tr className="subtotal missing">
            <th scope="row">Total</th>
            <td className="num">{table.missingTotal.frequency}</td>
            <td className="num">{formatPercentage(table.missingTotal.percent)}</td>
            <td />
            <td />
          </tr>
        ) : null}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            Total
          </th>
          <td className="num">{table.total.frequency}</td>
          <td className="num">{formatPercentage(table.total.percent)}</td>
          <td />
          <td />
        </tr>
      </tfoot>
    </table>
  );
}

export function CrosstabView({ table }: { table: Crosstab }) {
  const chi = table.chiSquare;
  const missing = table.cases.missing.count;
  // Count, then the chosen Row % / Column % lines, per category; the Total group last.
  const groups = groupLines(crosstabBody(table));
  return (
    <div className="crosstab" data-testid="crosstab">
      <table className="stats-table">
        <caption>
          {title(table.rowVariable)} by {title(table.columnVariable)}
        </caption>
        <thead>
          <tr>
            <td colSpan={2} />
            <th scope="colgroup" colSpan={table.columns.length} className="group-head">
              {title(table.columnVariable)}
            </th>
            <td />
          </tr>
          <tr>
            <td colSpan={2} />
            {table.columns.map((c) => (
              <th scope="col" key={String(c.value)}>
                {c.label}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {groups.slice(0, -1).map((group, i) => (
            <RowGroup key={String(table.rows[i]?.value)} lines={group} />
          ))}
        </tbody>
        <tfoot>{groups.length > 0 ? <RowGroup lines={groups[groups.length - 1]!} /> : null}</tfoot>
      </table>

      {chi.available ? (
        <table className="stats-table chi" data-testid="chi-square">
          <caption>Chi-Square Tests</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">Value</th>
              <th scope="col">df</th>
              <th scope="col">Asymptotic Sig. (2-sided)</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Pearson Chi-Square</th>
              <td className="num">{formatNumber(chi.value, CHI_SQUARE_DECIMALS)}</td>
              <td className="num">{chi.df}</td>
              <td className="num">{formatNumber(chi.pValue, P_VALUE_DECIMALS)}</td>
            </tr>
            <tr>
              <th scope="row">N of Valid Cases</th>
              <td className="num">{table.total}</td>
              <td />
              <td />
            </tr>
          </tbody>
        </table>
      ) : (
        <p className="notice" data-testid="chi-square-unavailable">
          {chi.reason}
        </p>
      )}
      {chi.available && chi.warning ? (
        <p className="caution" role="note" data-testid="expected-warning">
          <strong>Read the test with care:</strong> {chi.warning} With expected counts below 5 the chi-square p-value is not reliable.
        </p>
      ) : chi.available ? (
        <p className="hint">{chi.footnote}</p>
      ) : null}
      {missing > 0 ? (
        <p className="hint" data-testid="crosstab-missing">
          {missing} of {table.cases.total} cases ({formatPercentage(table.cases.missing)}%) are left out as missing on {title(table.rowVariable)} or{' '}
          {title(table.columnVariable)}.
        </p>
      ) : null}
    </div>
  );
}

/** Lines of one category (a count line, then its percentage lines). */
function groupLines(lines: CrosstabLine[]): CrosstabLine[][] {
  const groups: CrosstabLine[][] = [];
  for (const line of lines) {
    if (line.first) groups.push([line]);
    else groups.at(-1)?.push(line);
  }
  return groups;
}

function RowGroup({ lines }: { lines: CrosstabLine[] }) {
  const total = lines[0]?.label === 'Total';
  return (
    <>
      {lines.map((line, k) => (
        <tr key={line.stat} className={`${line.stat === 'Count' ? 'count-row' : 'percent-row'}${total ? ' total-row' : ''}`}>
          {k === 0 ? (
            <th scope="rowgroup" rowSpan={lines.length}>
              {line.label}
            </th>
          ) : null}
          <th scope="row" className="stat-name">
            {line.stat}
          </th>
          {line.cells.map((c, j) => (
            <td className="num" key={j}>
              {c}
            </td>
          ))}
          <td className="num total">{line.total}</td>
        </tr>
      ))}
    </>
  );
}

export function SampleView({ table }: { table: SampleDescription }) {
  const withValid = table.attributes.some((a) => a.missing > 0);
  return (
    <div data-testid="sample-table">
      <table className="stats-table sample">
        <caption>Table 1. Sample of key stakeholders (N={table.n})</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">n</th>
            <th scope="col">%</th>
            {withValid ? <th scope="col">Valid %</th> : null}
          </tr>
        </thead>
        {table.attributes.map((a) => (
          <tbody key={a.name}>
            <tr className="attribute">
              <th scope="rowgroup" colSpan={withValid ? 4 : 3}>
                {a.label}
                {a.noteMark ? <sup>{a.noteMark}</sup> : null}
              </th>
            </tr>
            {a.categories.map((c) => (
              <tr key={String(c.value)}>
                <th scope="row" className="category">
                  {c.label}
                </th>
                <td className="num">{c.count}</td>
                <td className="num">{formatPercentage(c.percent)}</td>
                {withValid ? <td className="num">{a.missing > 0 ? formatPercentage(c.validPercent) : ''}</td> : null}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      {table.notes.length > 0 ? (
        <ul className="table-notes">
          {table.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
