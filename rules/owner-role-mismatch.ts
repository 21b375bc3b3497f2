import type { Person } from '../src/model.js';
import { defineRule, docsUrlFor, noOptions, personName, type RuleResult } from '../src/rule.js';

const id = 'owner-role-mismatch';

export default defineRule({
  meta: {
    id,
    description: "A story's PO should be a Product Owner, an epic's or roadmap item's PM a Product Manager (needs `roles`).",
    appliesTo: ['story', 'epic', 'roadmap'],
    defaultSeverity: 'warn',
    messages: {
      pmAsProductOwner:
        "Product Owner {name} is listed only as a Product Manager. Stories need a PO: the tactical owner who works with the team sprint by sprint and accepts the story's acceptance criteria.",
      pmsAsProductOwners:
        "None of this story's Product Owners ({names}) is listed as a Product Owner; {mismatched} listed only as a Product Manager. Stories need a PO: the tactical owner who works with the team sprint by sprint and accepts the story's acceptance criteria.",
      poAsProductManager:
        '{kind} owner {name} is listed only as a Product Owner. Epics and roadmap items need a PM: the strategic owner of the product vision and the roadmap.',
      posAsProductManagers:
        "None of this {lowerKind}'s Product Managers ({names}) is listed as a Product Manager; {mismatched} listed only as a Product Owner. Epics and roadmap items need a PM: the strategic owner of the product vision and the roadmap.",
    },
    schema: noOptions,
    docsUrl: docsUrlFor(id),
    requiresFields: ['productOwner', 'productManager'],
    requiresRoles: true,
  },
  // With several owners: a mismatch when no owner holds the right role and at least one is listed only in
  // the other (SPEC §5). A person on no list is never a mismatch.
  check(item, _options, { roles }): RuleResult[] {
    const story = item.kind === 'story';
    const owners = story ? item.productOwners : item.productManagers;
    // Roster owners count as listed in the role the roster gives them, unless `roles` lists them (SPEC §4).
    const fromRoster = (story ? item.roster?.productOwners : item.roster?.productManagers) === 'roster';
    const rosterRole = { productOwner: story, productManager: !story };
    const listed = owners.map((owner) => ({ owner, roles: roles.rolesOf(owner) ?? (fromRoster ? rosterRole : null) }));
    const holdsRole = listed.some(({ roles: held }) => (story ? held?.productOwner : held?.productManager) === true);
    const mismatched = listed.filter(({ roles: held }) => (story ? held?.productManager : held?.productOwner) === true).map(({ owner }) => owner);
    if (holdsRole || mismatched.length === 0) return [];
    const kind = item.kind === 'epic' ? 'Epic' : 'Roadmap item';
    if (owners.length === 1) {
      const name = personName(owners[0]!);
      return [story ? { messageId: 'pmAsProductOwner', data: { name } } : { messageId: 'poAsProductManager', data: { name, kind } }];
    }
    const data = { names: owners.map(personName).join(', '), mismatched: mismatchedText(mismatched) };
    return [story ? { messageId: 'pmsAsProductOwners', data } : { messageId: 'posAsProductManagers', data: { ...data, lowerKind: kind.toLowerCase() } }];
  },
});

/** "Ana is" / "Ana and Li are": the owners listed in the other role, as the message's subject. */
function mismatchedText(people: readonly Person[]): string {
  const names = people.map(personName);
  return names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are`;
}
