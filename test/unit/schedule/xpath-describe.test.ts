import { describe, expect, it } from 'vitest';
import { describeExpression, parseExpression } from '../../../shared/schedule/xpath';

const labels: Record<string, string> = { agency: 'Agency group', q4: 'Q4', age: 'Age', services: 'Services used', notes: 'Notes' };
const choices: Record<string, Record<string, string>> = {
  agency: { police: 'Police', health: 'Health' },
  q4: { '1': 'Yes', '0': 'No' },
  services: { shelter: 'Shelter', legal: 'Legal aid' },
};
const say = (source: string) =>
  describeExpression(
    parseExpression(source),
    (name) => labels[name] ?? name,
    (question, code) => choices[question]?.[code],
  );

describe('describeExpression', () => {
  it.each([
    ["${agency} = 'police' and ${q4} = '1'", 'Agency group is Police and Q4 is Yes'],
    ["${agency} != 'health'", 'Agency group is not Health'],
    ['${q4} = 1', 'Q4 is Yes'],
    ["'police' = ${agency}", 'Agency group is Police'],
    ['${age} >= 18', 'Age is at least 18'],
    ['${age} < 65', 'Age is less than 65'],
    ['18 < ${age}', 'Age is more than 18'],
    ['${age} <= 3', 'Age is at most 3'],
    ["${agency} = 'other'", 'Agency group is "other"'],
    ["selected(${services}, 'legal')", 'Services used includes Legal aid'],
    ["not(selected(${services}, 'shelter'))", 'Services used does not include Shelter'],
    ["not(${agency} = 'police')", 'Agency group is not Police'],
    ['not(${age} > 3)', 'Age is not more than 3'],
    ["${notes} != ''", 'Notes is answered'],
    ["${notes} = ''", 'Notes is not answered'],
    ["not(${notes} = '')", 'Notes is answered'],
    ['${notes}', 'Notes is answered'],
    ['not(${notes})', 'Notes is not answered'],
    ["${q4} = '1' or ${q4} = '0'", 'Q4 is Yes or Q4 is No'],
    ["${agency} = 'police' and (${q4} = '1' or ${age} > 30)", 'Agency group is Police and (Q4 is Yes or Age is more than 30)'],
    ["${agency} = 'police' or ${q4} = '1' and ${age} > 30", 'Agency group is Police or (Q4 is Yes and Age is more than 30)'],
    ["not(${q4} = '1' and ${age} > 3)", 'not (Q4 is Yes and Age is more than 3)'],
    ['. > 0', 'This answer is more than 0'],
    ['true()', 'always'],
  ])('%s → %s', (source, expected) => {
    expect(say(source)).toBe(expected);
  });

  it.each([
    '${age} + 1 > 18',
    'count-selected(${services}) >= 2',
    "${agency} = ${q4}",
    "string-length(${notes}) > 3 and ${q4} = '1'",
    "  if(${q4} = '1', true(), false())  ",
  ])('falls back to the source text for anything complex: %s', (source) => {
    expect(say(source)).toBe(source.trim());
  });
});
