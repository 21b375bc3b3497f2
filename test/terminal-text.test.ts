// The print boundary and per-value cleaning of outside text (issue 9, point 1): no CI log command
// survives in any line, however it is spelled; backlint's own colours do.
import { describe, expect, it } from 'vitest';
import { guardPrinted } from '../src/safe-output.js';
import { breakCiCommands, escapeJsonForLogs, neutralisePrinted, toTerminalLines, toTerminalText } from '../src/terminal-text.js';

/** The lines a CI agent reads: .NET ReadLine ends a line at \n, \r and \r\n. */
const agentLines = (text: string) => text.split(/\r\n|\r|\n/);
/** What a culture-sensitive comparison skips: default-ignorable, format and control characters. */
const withoutIgnorables = (line: string) => line.replace(/[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/gu, '');

/** True when some agent would run a command in `text`: ##vso[ / ##teamcity[ / ##[ anywhere, :: first on a line after whitespace. */
function runsACommand(text: string): boolean {
  return agentLines(text).some((raw) => {
    const line = withoutIgnorables(raw).toLowerCase().replace(/ſ/g, 's');
    return line.includes('##vso[') || line.includes('##teamcity[') || line.includes('##[') || /^[\s\u0085]*::/.test(line);
  });
}

const ATTACKS = [
  'Fix login ##vso[task.setvariable variable=X]y',
  '##vso[task.prependpath]/tmp/evil',
  '##VSO[task.setvariable variable=X]y',
  '##Vso[task.complete result=Succeeded]',
  '#\u200b#vso[task.setvariable variable=X]y',
  '##v\u00adso[task.setvariable variable=X]y',
  '##vſo[task.setvariable variable=X]y',
  '###vso[task.setvariable variable=X]y',
  '##[error]x',
  '##[group]x',
  "##teamcity[setParameter name='env.X' value='y']",
  "  ##teamcity[buildStatus status='SUCCESS' text='ok']",
  "Fix login ##teamcity[message text='x' status='ERROR']",
  "##TeamCity[buildProblem description='x']",
  "#\u200b#team\u00adcity[setParameter name='x' value='y']",
  "title\r##teamcity[publishArtifacts '/etc/passwd']",
  '#\ufeff#[error]x',
  '::error file=a::x',
  '   ::error file=a::x',
  '\t\u00a0\u2003\u3000::error::x',
  '\u0085::error::x',
  ':\u200b:error::x',
  '\u200b::error::x',
  'title\r::error file=a::x',
  'title\n::add-mask::x',
  'title\r\n  ::set-output name=x::y',
];

describe('neutralisePrinted, the print boundary', () => {
  it.each(ATTACKS)('no agent runs %j', (attack) => {
    expect(runsACommand(attack)).toBe(true); // the check itself sees the attack
    expect(runsACommand(neutralisePrinted(attack))).toBe(false);
    expect(runsACommand(guardPrinted(attack))).toBe(false);
  });

  it('keeps ordinary text, tabs, newlines, CRLF and SGR colour codes', () => {
    const text = '\u001b[1mPAY-1\u001b[22m  Story\ttitle: a::b, #1, [x], issue #[2]\r\nnext line\n';
    expect(neutralisePrinted(text)).toBe(text);
  });

  it('turns a lone CR into a line break, and makes every other escape and control character inert', () => {
    expect(neutralisePrinted('a\rb')).toBe('a\nb');
    expect(neutralisePrinted('\u001b[2J\u001b]8;;https://x\u0007link\u001b\\')).toBe('\ufffd[2J\ufffd]8;;https://x\ufffdlink\ufffd\\');
    for (const char of ['\u0000', '\u0007', '\u0008', '\u007f', '\u0085', '\u009b', '\u202e', '\u2066', '\u200f', '\u061c', '\u2028', '\u2029']) {
      expect(neutralisePrinted(`a${char}b`), JSON.stringify(char)).toBe('a\ufffdb');
    }
  });

  it('puts nothing a terminal takes for a line break after a value: VT, FF, NEL, LS, PS', () => {
    for (const char of ['\u000b', '\f', '\u0085', '\u2028', '\u2029']) expect(neutralisePrinted(`a${char}::error::x`)).toBe('a\ufffd::error::x');
  });

  it('is idempotent', () => {
    for (const attack of ATTACKS) expect(neutralisePrinted(neutralisePrinted(attack))).toBe(neutralisePrinted(attack));
  });
});

describe('toTerminalText, one value on one line', () => {
  it.each(ATTACKS)('no agent runs %j, even at the start of a line', (attack) => {
    const value = toTerminalText(attack);
    expect(value).not.toMatch(/[\r\n]/);
    expect(runsACommand(value)).toBe(false);
  });

  it.each([
    ['\u001b[31mred\u001b[0m', 'red'],
    ['C1 \u009b2J CSI and NEL\u0085here', 'C1 CSI and NEL here'],
    ['bidi \u202egnp.exe\u202c \u2067x\u2069 \u200f\u200e\u061c', 'bidi gnp.exe x'],
  ])('%j → %j', (input, expected) => {
    expect(toTerminalText(input)).toBe(expected);
  });
});

describe('toTerminalLines, a multi-line message', () => {
  it('keeps its lines, breaks commands on each', () => {
    const out = toTerminalLines('Server said:\r\n  ::error::x\rnext ##vso[task.setvariable variable=X]y\u202e\u001b[8m');
    expect(out.split('\n')).toHaveLength(3);
    expect(runsACommand(out)).toBe(false);
    expect(out).not.toMatch(/[\r\u001b\u202e]/);
  });
});

describe('breakCiCommands', () => {
  it('changes one character of each command and nothing else', () => {
    expect(breakCiCommands('a ##vso[x] b')).toBe('a #\uff03vso[x] b');
    expect(breakCiCommands("##teamcity[message text='x']")).toBe("#\uff03teamcity[message text='x']");
    expect(breakCiCommands('#teamcity[x] ##teamcity ##team[x]')).toBe('#teamcity[x] ##teamcity ##team[x]');
    expect(breakCiCommands('  ::error::x')).toBe('  \uff1a:error::x');
    expect(breakCiCommands('see #[1], a::b')).toBe('see #[1], a::b');
  });
});

describe('escapeJsonForLogs', () => {
  const value = {
    title: "Fix ##vso[task.setvariable variable=X]y ##[error]x #\u200b#VSO[ ::error::x ##teamcity[message text='x']",
    name: 'NEL\u0085 CSI\u009b RLO\u202e LRI\u2066 RLM\u200f ALM\u061c LS\u2028 PS\u2029 DEL\u007f ESC\u001b CR\r',
  };
  const json = escapeJsonForLogs(JSON.stringify(value, null, 2));

  it('parses back to exactly the same values', () => {
    expect(JSON.parse(json)).toEqual(value);
  });

  it('holds no command and none of those characters raw', () => {
    expect(runsACommand(json)).toBe(false);
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    expect(json).toContain('\\u0023vso[');
    expect(json).toContain('\\u0023teamcity[');
    expect(json).toContain('\\u202e');
  });

  it('leaves JSON without such text as JSON.stringify wrote it', () => {
    const plain = JSON.stringify({ a: 'issue #12 [x] a::b café 日本', b: [1, null, true] }, null, 2);
    expect(escapeJsonForLogs(plain)).toBe(plain);
  });
});
