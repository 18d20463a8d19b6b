import type { ReactNode } from 'react';

export function ErrorMessage({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert" data-testid="error">
      {message}
    </p>
  );
}

/** What a long step did or is doing, read out by screen readers; nothing when there is nothing to say. */
export function StatusMessage({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="muted" role="status">
      {message}
    </p>
  );
}

export function Field({ label, hint, children, htmlFor }: { label: string; hint?: ReactNode; children: ReactNode; htmlFor: string }) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint ? <div className="hint">{hint}</div> : null}
    </div>
  );
}
