import { useMemo } from 'react';
import { describeExpression, ExpressionError, parseExpression } from '../../../shared/schedule/xpath';
import { defaultText, INTAKE_ATTRIBUTE_TEXT, INTAKE_ATTRIBUTES, languageKey, questionsOf, QUESTION_TYPES, UNTRANSLATED, type Item, type Labels, type Schedule } from '../../../shared/schedule/model';

/** One column of texts in the designer: a language, or the text shown in every language. */
export interface TextColumn {
  readonly key: string;
  readonly title: string;
  readonly lang?: string;
}

/**
 * The languages as columns, plus "Every language" for untranslated text (a plain `hint`
 * column, docs/xlsform.md) when some of these texts have it, or "Text" when the schedule
 * has no languages at all.
 */
export function textColumns(schedule: Schedule, texts: readonly Labels[]): TextColumn[] {
  const columns: TextColumn[] = schedule.languages.map((l) => ({ key: languageKey(l), title: l.name, lang: l.code || undefined }));
  if (schedule.languages.length === 0) return [{ key: UNTRANSLATED, title: 'Text' }];
  if (texts.some((labels) => (labels[UNTRANSLATED] ?? '') !== '')) columns.unshift({ key: UNTRANSLATED, title: 'Every language' });
  return columns;
}

/** The texts with one column's text set; an emptied text is removed rather than kept as ''. */
export function withText(labels: Labels, key: string, text: string): Labels {
  const { [key]: _old, ...rest } = labels;
  return text === '' ? rest : { ...rest, [key]: text };
}

/** "Asked when: Agency group is Police and Q4 is Yes", or the problem with the expression. */
export function describeRelevance(schedule: Schedule, source: string): { ok: true; words: string } | { ok: false; message: string; position: number } {
  try {
    const expression = parseExpression(source);
    const questions = new Map(questionsOf(schedule).map((q) => [q.name, q]));
    const labelOf = (name: string) => {
      const q = questions.get(name);
      return q ? defaultText(schedule, q.label) || name : name;
    };
    const choiceLabel = (question: string, code: string) => {
      const q = questions.get(question);
      const list = q ? schedule.choiceLists.find((l) => l.name === q.listName) : undefined;
      const choice = list?.choices.find((c) => c.name === code);
      return choice ? defaultText(schedule, choice.label) || undefined : undefined;
    };
    return { ok: true, words: describeExpression(expression, labelOf, choiceLabel) };
  } catch (error) {
    if (error instanceof ExpressionError) return { ok: false, message: error.message, position: error.position };
    return { ok: false, message: 'This condition cannot be read.', position: 0 };
  }
}

export function ItemEditor({ schedule, item, onChange }: { schedule: Schedule; item: Item; onChange: (patch: Record<string, unknown>) => void }) {
  const rowsOfTexts = (item.kind === 'question' ? (['label', 'hint', 'constraintMessage'] as const) : (['label', 'hint'] as const)).filter(
    (field) => field !== 'constraintMessage' || (item.kind === 'question' && (item.constraint !== '' || Object.keys(item.constraintMessage).length > 0)),
  );
  const fieldTitle = { label: 'Label', hint: 'Hint', constraintMessage: 'Message when the constraint fails' } as const;
  const relevance = useMemo(() => (item.relevant.trim() ? describeRelevance(schedule, item.relevant) : null), [schedule, item.relevant]);
  const isQuestion = item.kind === 'question';

  return (
    <section className="item-editor" aria-label="Selected item" data-testid="item-editor">
      <div className="row-fields">
        <div className="field">
          <label htmlFor="item-name">Name (variable name)</label>
          <input id="item-name" value={item.name} onChange={(e) => onChange({ name: e.target.value })} spellCheck={false} />
        </div>
        {isQuestion ? (
          <div className="field">
            <label htmlFor="item-type">Type</label>
            <select id="item-type" value={item.type} onChange={(e) => onChange({ type: e.target.value })}>
              {QUESTION_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="muted">Group (section)</p>
        )}
        {isQuestion && (item.type === 'select_one' || item.type === 'select_multiple') ? (
          <div className="field">
            <label htmlFor="item-list">Choice list</label>
            <select id="item-list" value={item.listName} onChange={(e) => onChange({ listName: e.target.value })}>
              <option value="">(choose a list)</option>
              {schedule.choiceLists.map((l) => (
                <option key={l.name} value={l.name}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>

      {isQuestion ? (
        <div className="field checkbox">
          <input id="item-probe" type="checkbox" checked={item.priority === 'probe'} onChange={(e) => onChange({ priority: e.target.checked ? 'probe' : 'primary' })} />
          <label htmlFor="item-probe">Probing question (skipped when only primary questions are asked)</label>
        </div>
      ) : null}
      {isQuestion ? (
        <div className="field">
          <label htmlFor="item-attribute">Filled from intake</label>
          <select id="item-attribute" value={item.attribute ?? ''} onChange={(e) => onChange({ attribute: e.target.value === '' ? undefined : e.target.value })}>
            <option value="">No: asked in the interview</option>
            {INTAKE_ATTRIBUTES.map((a) => (
              <option key={a} value={a}>
                {INTAKE_ATTRIBUTE_TEXT[a]} ({a})
              </option>
            ))}
          </select>
        </div>
      ) : null}

      {/* One row per language under each text, so every field gets the editor's full width. */}
      <table className="labels-table">
        <colgroup>
          <col className="labels-language" />
          <col />
        </colgroup>
        <tbody>
          {rowsOfTexts.map((field) => {
            const labels: Labels = field === 'constraintMessage' ? (item.kind === 'question' ? item.constraintMessage : {}) : item[field];
            return [
              <tr key={field} className="labels-field">
                <th scope="colgroup" colSpan={2}>
                  {fieldTitle[field]}
                </th>
              </tr>,
              ...textColumns(schedule, [labels]).map((l) => (
                <tr key={`${field}-${l.key}`}>
                  <th scope="row">{l.title}</th>
                  <td>
                    <textarea
                      aria-label={`${fieldTitle[field]} (${l.title})`}
                      value={labels[l.key] ?? ''}
                      rows={field === 'label' ? 2 : 1}
                      lang={l.lang}
                      onChange={(e) => onChange({ [field]: withText(labels, l.key, e.target.value) })}
                    />
                  </td>
                </tr>
              )),
            ];
          })}
        </tbody>
      </table>

      <div className="field">
        <label htmlFor="item-relevant">Asked only when (relevance)</label>
        <input
          id="item-relevant"
          value={item.relevant}
          spellCheck={false}
          placeholder="${q4} = '1'"
          aria-invalid={relevance?.ok === false}
          aria-describedby="item-relevant-words"
          onChange={(e) => onChange({ relevant: e.target.value })}
        />
        <div id="item-relevant-words" className={relevance?.ok === false ? 'hint error-text' : 'hint'} data-testid="relevance-words">
          {relevance === null ? 'Always asked.' : relevance.ok ? `Asked when: ${relevance.words}` : `Column ${relevance.position + 1}: ${relevance.message}`}
        </div>
      </div>

      {isQuestion ? (
        <div className="row-fields">
          <div className="field checkbox">
            <input id="item-required" type="checkbox" checked={item.required === 'yes'} onChange={(e) => onChange({ required: e.target.checked ? 'yes' : '' })} />
            <label htmlFor="item-required">Required</label>
          </div>
          <div className="field">
            <label htmlFor="item-constraint">Constraint</label>
            <input id="item-constraint" value={item.constraint} spellCheck={false} placeholder=". >= 0" onChange={(e) => onChange({ constraint: e.target.value })} />
          </div>
        </div>
      ) : null}
    </section>
  );
}
