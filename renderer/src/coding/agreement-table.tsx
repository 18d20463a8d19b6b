/** The agreement figures per code between two coders, weakest first, before and after adjudication. */
import type { AgreementOutput } from '../../../shared/api/agreement';

const fig = (v: number | null) => (v === null ? '–' : v.toFixed(3));
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);

export function AgreementTable({ result }: { result: AgreementOutput }) {
  const after = result.decisions > 0;
  const row = (name: string, f: AgreementOutput['overall'], later: AgreementOutput['overall'] | null, key: string) => (
    <tr key={key} data-code={name}>
      <th scope="row">{name}</th>
      <td>{f.units}</td>
      <td>{f.both}</td>
      <td>{f.onlyA}</td>
      <td>{f.onlyB}</td>
      <td>{f.neither}</td>
      <td>{pct(f.percent)}</td>
      <td data-figure="kappa">{fig(f.kappa)}</td>
      <td data-figure="alpha">{fig(f.alpha)}</td>
      {after ? <td data-figure="kappa-after">{fig(later?.kappa ?? f.kappa)}</td> : null}
      {after ? <td data-figure="alpha-after">{fig(later?.alpha ?? f.alpha)}</td> : null}
    </tr>
  );
  return (
    <table className="data-table agreement-table" data-testid="agreement-table">
      <caption>
        <strong>{result.unitDescription}.</strong> Coders {result.coderA.initials} (A) and {result.coderB.initials} (B), {result.interviews.length} interviews, {result.unitCount} units. Weakest codes first.
      </caption>
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Units</th>
          <th scope="col">Both</th>
          <th scope="col">Only {result.coderA.initials}</th>
          <th scope="col">Only {result.coderB.initials}</th>
          <th scope="col">Neither</th>
          <th scope="col">Agreement</th>
          <th scope="col">Cohen's κ</th>
          <th scope="col">Krippendorff's α</th>
          {after ? <th scope="col">κ after adjudication</th> : null}
          {after ? <th scope="col">α after adjudication</th> : null}
        </tr>
      </thead>
      <tbody>
        {result.codes.map((c) => row(c.codePath.join(' › '), c, c.after, c.codeId))}
        {row('All codes (pooled)', result.overall, result.overallAfter, 'overall')}
      </tbody>
    </table>
  );
}
