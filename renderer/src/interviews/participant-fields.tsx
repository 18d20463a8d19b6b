/** One participant's intake (or the whole focus group's): ID numbers and attributes, never names, and consent. */
import type { ProjectSettings } from '../../../shared/api/contract';

export interface ParticipantDraft {
  organisationNumber: string;
  locationNumber: string;
  agencyGroup: string;
  organisationType: string;
  focusOfWork: string;
  consentGiven: boolean;
  consentMode: '' | 'written' | 'verbal';
  quoteConsent: '' | 'yes' | 'no';
}

export const EMPTY_PARTICIPANT: ParticipantDraft = {
  organisationNumber: '',
  locationNumber: '',
  agencyGroup: '',
  organisationType: '',
  focusOfWork: '',
  consentGiven: false,
  consentMode: '',
  quoteConsent: '',
};

/** What is missing before this participant may be interviewed, in plain words; [] when ready. */
export function consentProblems(p: ParticipantDraft): string[] {
  const out: string[] = [];
  if (!p.consentGiven) out.push('consent to be interviewed');
  else if (p.consentMode === '') out.push('how consent was given (written or verbal)');
  if (p.quoteConsent === '') out.push('whether anonymous quotes are agreed');
  return out;
}

function Select({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: ProjectSettings['agencyGroups']; onChange: (v: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">(not recorded)</option>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ParticipantFields({
  idPrefix,
  title,
  group,
  draft,
  settings,
  onChange,
}: {
  idPrefix: string;
  title: string;
  /** A focus group: one block for everyone; consent means every participant consented. */
  group: boolean;
  draft: ParticipantDraft;
  settings: ProjectSettings;
  onChange: (draft: ParticipantDraft) => void;
}) {
  const set = <K extends keyof ParticipantDraft>(key: K, value: ParticipantDraft[K]) => onChange({ ...draft, [key]: value });
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <fieldset className="participant" data-testid="participant">
      <legend>{title}</legend>
      <div className="row-fields">
        <div className="field">
          <label htmlFor={id('org')}>Organisation number</label>
          <input id={id('org')} inputMode="numeric" autoComplete="off" value={draft.organisationNumber} onChange={(e) => set('organisationNumber', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={id('loc')}>Location number</label>
          <input id={id('loc')} inputMode="numeric" autoComplete="off" value={draft.locationNumber} onChange={(e) => set('locationNumber', e.target.value)} />
        </div>
        <Select id={id('agency')} label="Agency group" value={draft.agencyGroup} options={settings.agencyGroups} onChange={(v) => set('agencyGroup', v)} />
        <Select id={id('type')} label="Organisation type" value={draft.organisationType} options={settings.organisationTypes} onChange={(v) => set('organisationType', v)} />
        <Select id={id('focus')} label="Focus of work" value={draft.focusOfWork} options={settings.focusOfWork} onChange={(v) => set('focusOfWork', v)} />
      </div>
      <div className="consent-fields">
        <div className="field checkbox">
          <input id={id('consent')} type="checkbox" required checked={draft.consentGiven} onChange={(e) => set('consentGiven', e.target.checked)} />
          <label htmlFor={id('consent')}>{group ? 'Every participant gave consent to be interviewed' : 'Consent to be interviewed given'}</label>
        </div>
        <fieldset className="radio-row">
          <legend>Consent given</legend>
          {(['written', 'verbal'] as const).map((mode) => (
            <label key={mode} className="inline-check">
              <input type="radio" name={id('mode')} value={mode} checked={draft.consentMode === mode} onChange={() => set('consentMode', mode)} /> {mode === 'written' ? 'Written' : 'Verbal'}
            </label>
          ))}
        </fieldset>
        <fieldset className="radio-row">
          <legend>{group ? 'Anonymous quotes agreed by all' : 'Agrees to anonymous quotes'}</legend>
          {(['yes', 'no'] as const).map((answer) => (
            <label key={answer} className="inline-check">
              <input type="radio" name={id('quotes')} value={answer} checked={draft.quoteConsent === answer} onChange={() => set('quoteConsent', answer)} /> {answer === 'yes' ? 'Yes' : 'No'}
            </label>
          ))}
        </fieldset>
      </div>
    </fieldset>
  );
}
