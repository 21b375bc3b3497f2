import { defineRule, docsUrlFor, noOptions, personName, type RuleResult, type TeamState } from '../src/rule.js';
import { looksLikeEmail, personFormsFor, personOf, type RosterPerson } from '../src/roster/people.js';

const id = 'team-owners';

const ROLES = { productOwners: 'Product Owner', productManagers: 'Product Manager' } as const;

export default defineRule({
  meta: {
    id,
    description: 'Each roster team with items in scope needs an active Product Owner (stories) and Product Manager (epics, roadmap items), written so the tracker knows them.',
    appliesTo: ['team'],
    defaultSeverity: 'error',
    messages: {
      noProductOwner:
        'Team {team} has {stories} in scope with no Product Owner of their own, and the roster names no active Product Owner for the team. The PO owns the team backlog: name one, so each story has someone to clarify it and accept it against its acceptance criteria.',
      noProductManager:
        'Team {team} has {epics} in scope with no Product Manager of their own, and the roster names no active Product Manager for the team. The PM owns the product area\'s roadmap: name one, so its epics and roadmap items have a strategic owner.',
      inactivePerson:
        '{role} {name} of team {team} in the roster is a deactivated account. Replace them with the team\'s current {role}, so its backlog (PO) or roadmap (PM) has an owner who can act.',
      unknownPerson:
        '{role} "{written}" of team {team} in the roster is not known to {tracker}{suggestions}. Write them as their {forms}, so the team\'s PO or PM is a person the tracker knows.',
      ambiguousPerson:
        '{role} "{written}" of team {team} in the roster matches several people in {tracker} ({names}). Write their {forms}, so the team\'s PO or PM is one person.',
    },
    schema: noOptions,
    docsUrl: docsUrlFor(id),
  },
  // One finding per problem, on the team rather than on each of its items (SPEC §4).
  checkTeam(team): RuleResult[] {
    const results: RuleResult[] = [];
    const data = { team: team.name };
    if (team.storiesRelying > 0 && !hasActive(team.productOwners)) {
      results.push({ messageId: 'noProductOwner', data: { ...data, stories: plural(team.storiesRelying, 'story', 'stories') }, key: 'noProductOwner' });
    }
    if (team.epicsRelying > 0 && !hasActive(team.productManagers)) {
      results.push({ messageId: 'noProductManager', data: { ...data, epics: plural(team.epicsRelying, 'epic or roadmap item', 'epics and roadmap items') }, key: 'noProductManager' });
    }
    for (const role of ['productOwners', 'productManagers'] as const) {
      // A role with nothing in scope is not the team's problem today.
      if ((role === 'productOwners' ? team.stories : team.epics) === 0) continue;
      for (const entry of team[role]) {
        const problem = personProblem(entry, role, team);
        if (problem) results.push(problem);
      }
    }
    return results;
  },
});

function personProblem(entry: RosterPerson, role: keyof typeof ROLES, team: TeamState): RuleResult | null {
  const data = { role: ROLES[role], team: team.name, tracker: team.tracker ?? 'the tracker', forms: personFormsFor(team.tracker) };
  const key = `${role}:${entry.written.trim().toLowerCase()}`;
  switch (entry.status) {
    case 'found':
    case 'unchecked':
      return entry.person.active ? null : { messageId: 'inactivePerson', data: { ...data, name: personName(entry.person) }, key };
    case 'unknown': {
      const suggestions = entry.suggestions.length > 0 ? ` (did you mean ${entry.suggestions.slice(0, 3).join(', ')}?)` : '';
      // Jira Cloud's user search answers active accounts only: an email it does not know may be a deactivated
      // or deleted account's, which only its account id finds. "Write them as their email" would be no help.
      const forms = team.tracker === 'Jira' && looksLikeEmail(entry.written) ? "account id (Jira's user search finds no deactivated or deleted account by email)" : data.forms;
      return { messageId: 'unknownPerson', data: { ...data, forms, written: entry.written, suggestions }, key };
    }
    case 'ambiguous':
      return { messageId: 'ambiguousPerson', data: { ...data, written: entry.written, names: entry.candidates.map((person) => person.email ?? person.id).join(', ') }, key };
  }
}

const hasActive = (people: readonly RosterPerson[]) => people.some((entry) => personOf(entry)?.active === true);
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
