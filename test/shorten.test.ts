// Text cut for a message, a title or a label never splits a character (src/shorten.ts): a lone surrogate
// is malformed UTF-16 (an invalid XML character in JUnit and SARIF, a broken glyph in Slack and Teams).
import { describe, expect, it } from 'vitest';
import { cutAt, shorten } from '../src/shorten.js';

const wellFormed = (text: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

describe('cutAt and shorten', () => {
  it('leave text that fits alone and cut ASCII where asked', () => {
    expect(shorten('Checkout', 8)).toBe('Checkout');
    expect(shorten('Checkout page', 8)).toBe('Checkou…');
    expect(cutAt('abcdef', 3)).toBe('abc');
    expect(cutAt('abc', 0)).toBe('');
  });

  it('never cut inside a surrogate pair, an emoji sequence or a letter with its marks', () => {
    expect(cutAt('ab😀cd', 3)).toBe('ab');
    expect(cutAt('ab😀cd', 4)).toBe('ab😀');
    expect(cutAt('x🇩🇪y', 3)).toBe('x');
    expect(cutAt('x👩‍👩‍👧y', 6)).toBe('x');
    expect(cutAt('Cafe\u0301s', 4)).toBe('Caf');
    for (let max = 1; max < 40; max++) {
      const text = `Checkout 🇩🇪 ${'😀'.repeat(20)} é\u0301 ok`;
      const cut = shorten(text, max);
      expect(wellFormed(cut), `max ${max}: ${cut}`).toBe(true);
      expect(cut.length).toBeLessThanOrEqual(max);
    }
  });
});
