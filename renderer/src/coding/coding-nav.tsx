/** The way between the coding screens and back to the project, the same on each of them. */
export type CodingScreen = 'workbench' | 'analysis' | 'quotes' | 'agreement';

export function CodingNav({ current, onWorkbench, onAnalysis, onQuotes, onAgreement, onHome }: { current: CodingScreen; onWorkbench?: () => void; onAnalysis?: () => void; onQuotes?: () => void; onAgreement?: () => void; onHome: () => void }) {
  return (
    <>
      {current !== 'workbench' && onWorkbench ? (
        <button type="button" onClick={onWorkbench}>
          Code the notes
        </button>
      ) : null}
      {current !== 'analysis' && onAnalysis ? (
        <button type="button" onClick={onAnalysis}>
          Analysis
        </button>
      ) : null}
      {current !== 'quotes' && onQuotes ? (
        <button type="button" onClick={onQuotes}>
          Quotes and codebook
        </button>
      ) : null}
      {current !== 'agreement' && onAgreement ? (
        <button type="button" onClick={onAgreement}>
          Second coder
        </button>
      ) : null}
      <button type="button" onClick={onHome}>
        Project home
      </button>
    </>
  );
}
