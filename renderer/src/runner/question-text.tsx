/** A label or hint in the interview language(s): one column, or two side by side. */
import type { Labels, Schedule } from '../../../shared/schedule/model';
import { langAttribute, textsToShow } from './language';

export function InLanguages({ schedule, labels, languages, className, as = 'div' }: { schedule: Schedule; labels: Labels; languages: readonly string[]; className: string; as?: 'div' | 'span' }) {
  const texts = textsToShow(schedule, labels, languages);
  if (texts.length === 0) return null;
  const Tag = as;
  if (texts.length === 1) {
    return (
      <Tag className={className} lang={langAttribute(texts[0]!.key)}>
        {texts[0]!.text}
      </Tag>
    );
  }
  return (
    <Tag className={`${className} side-by-side`}>
      {texts.map((t) => (
        <span key={t.key} lang={langAttribute(t.key)} className="in-language">
          {t.text}
        </span>
      ))}
    </Tag>
  );
}
