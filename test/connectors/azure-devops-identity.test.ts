// Azure DevOps identity strings and field names from hostile payloads (issue 9): `Name <email>` parsed in
// linear time with the results the old regex gave, and no key reaching Object.prototype.
import { describe, expect, it } from 'vitest';
import { resolveAdoFields } from '../../src/connectors/azure-devops/fields.js';
import { mapAdoWorkItem, splitNameAndAddress, toPerson } from '../../src/connectors/azure-devops/map.js';
import { adoWorkItemSchema } from '../../src/connectors/azure-devops/payload.js';

/** What identity strings were split with before: quadratic on many `<` or spaces (kept here as the oracle). */
const OLD = /^(.*?)\s*<([^>]+)>\s*$/;

function* strings(alphabet: readonly string[], length: number, prefix = ''): Generator<string> {
  if (length === 0) {
    yield prefix;
    return;
  }
  for (const c of alphabet) yield* strings(alphabet, length - 1, prefix + c);
}

describe('Name <email> identity strings', () => {
  it.each([
    ['Jamal Hartnett <fabrikamfiber4@hotmail.com>', { id: 'fabrikamfiber4@hotmail.com', displayName: 'Jamal Hartnett', email: 'fabrikamfiber4@hotmail.com', active: true }],
    ['  Ana Souza   < ana@fabrikam.example >  ', { id: 'ana@fabrikam.example', displayName: 'Ana Souza', email: 'ana@fabrikam.example', active: true }],
    ['FABRIKAM\\jamal <FABRIKAM\\jamal>', { id: 'FABRIKAM\\jamal', displayName: 'FABRIKAM\\jamal', active: true }],
    ['<li.wei@fabrikam.example>', { id: 'li.wei@fabrikam.example', displayName: 'li.wei@fabrikam.example', email: 'li.wei@fabrikam.example', active: true }],
    ['Chuck Reinhart', { id: 'Chuck Reinhart', displayName: 'Chuck Reinhart', active: true }],
    ['a <b> <c@d>', { id: 'c@d', displayName: 'a <b>', email: 'c@d', active: true }],
    ['Two\nlines <x@y>', { id: 'Two\nlines <x@y>', displayName: 'Two\nlines <x@y>', active: true }],
  ])('%j', (identity, person) => {
    expect(toPerson(identity)).toEqual(person);
  });

  it('splits every string of up to 6 characters from a hostile alphabet as the old regex did', () => {
    const alphabet = ['a', ' ', '<', '>', '\n', '\u00a0', '@'];
    let compared = 0;
    for (let length = 0; length <= 6; length++) {
      for (const identity of strings(alphabet, length)) {
        const match = OLD.exec(identity);
        expect(splitNameAndAddress(identity), JSON.stringify(identity)).toEqual(match ? { name: match[1], address: match[2] } : null);
        compared += 1;
      }
    }
    expect(compared).toBe((7 ** 7 - 1) / 6);
  });

  // Linear by construction: trimEnd, lastIndexOf, indexOf and one character-class test, no backtracking.
  // The old regex needs about n²/2 steps on each of these (hours at 1 MB).
  const MB = 1024 * 1024;
  it.each<[string, string, (identity: string) => object]>([
    ['1 MB of <', '<'.repeat(MB), (identity) => ({ id: identity, displayName: identity, active: true })],
    ['1 MB of spaces then <x', `${' '.repeat(MB)}<x`, () => ({ id: '<x', displayName: '<x', active: true })],
    ['1 MB of < then >', `${'<'.repeat(MB)}>`, () => ({ id: '<'.repeat(MB - 1), displayName: '<'.repeat(MB - 1), active: true })],
    // The first "<" opens the address, as the old regex chose.
    ['1 MB of "a <" then x@y>', `${'a <'.repeat(MB / 4)}x@y>`, (identity) => ({ id: identity.slice(3, -1), displayName: 'a', email: identity.slice(3, -1), active: true })],
    ['1 MB of spaces inside <>', `a <${' '.repeat(MB)}>`, () => ({ id: 'a', displayName: 'a', active: true })],
  ])('%s: handled, with the right result', (_name, identity, person) => {
    expect(toPerson(identity)).toEqual(person(identity));
  });
});

describe('field names that are Object.prototype keys', () => {
  it("'constructor' / '__proto__' in the config are field names, not Object.prototype's", () => {
    const fields = resolveAdoFields('boards', { productOwner: 'constructor', productManager: '__proto__', acceptanceCriteria: 'toString' }, null, new Set());
    expect(fields).toMatchObject({ productOwner: ['Custom.constructor'], productManager: ['Custom.__proto__'], acceptanceCriteria: ['Custom.toString'] });
  });

  it('a payload mapped with such references reads only its own keys', () => {
    const item = adoWorkItemSchema.parse(
      JSON.parse(
        '{"id":7,"fields":{"System.WorkItemType":"User Story","System.Title":"t","System.State":"New","constructor":"<p>Given a cart, when I pay, then I get a receipt</p>"},"multilineFieldsFormat":{"System.Description":"html"}}',
      ),
    );
    const work = mapAdoWorkItem(item, {
      source: 'boards',
      orgUrl: 'https://dev.azure.com/fabrikam',
      project: 'Fabrikam Fiber',
      // 'constructor' is this payload's own field (an HTML string); the others are only Object.prototype's.
      fields: { productOwner: ['__proto__'], productManager: ['toString'], acceptanceCriteria: ['constructor'], team: ['hasOwnProperty'], iteration: '__proto__' },
      kindOf: () => 'story',
      stateCategoryOf: () => 'todo',
      where: (path) => path.join('.'),
    });
    expect(work).toMatchObject({ productOwners: [], productManagers: [], productOwner: null, productManager: null, team: null, iteration: null });
    expect(work.acceptanceCriteria).not.toBeNull();
  });
});
