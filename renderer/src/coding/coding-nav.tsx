/** The way between the coding screens and back to the project, the same on each of them. */
import { useNavigation } from '../navigation';

export type CodingScreen = 'workbench' | 'analysis' | 'quotes' | 'agreement';

const SCREENS: readonly { key: CodingScreen; screen: 'coding' | 'analysis' | 'quotes' | 'agreement'; label: string }[] = [
  { key: 'workbench', screen: 'coding', label: 'Code the notes' },
  { key: 'analysis', screen: 'analysis', label: 'Analysis' },
  { key: 'quotes', screen: 'quotes', label: 'Quotes and codebook' },
  { key: 'agreement', screen: 'agreement', label: 'Second coder' },
];

export function CodingNav({ current }: { current: CodingScreen }) {
  const { open } = useNavigation();
  return (
    <>
      {SCREENS.filter((s) => s.key !== current).map((s) => (
        <button key={s.key} type="button" onClick={() => open({ name: s.screen })}>
          {s.label}
        </button>
      ))}
      <button type="button" onClick={() => open({ name: 'home' })}>
        Project home
      </button>
    </>
  );
}
