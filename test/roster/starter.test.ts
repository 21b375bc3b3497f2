// The starter roster's text (issue 10): the roster's shape, owners as entries, suggestions only as
// comments, names any tracker may hold written so that YAML reads them back as they were.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { teamsSchema } from '../../src/roster/schema.js';
import { renderStarterRoster, type Discovery } from '../../src/roster/starter.js';

const discovery = (source: string, teams: Discovery['teams'], notes: string[] = []): Discovery => ({ source, tracker: 'jira', teams, notes });

describe('renderStarterRoster', () => {
  it('writes the roster shape: entries for role actors, comments for leads', () => {
    const text = renderStarterRoster([
      discovery('pay', [
        {
          name: 'Payments',
          match: { project: 'PAY' },
          owners: [
            { role: 'productOwner', person: 'tomas.ortega@acme.example', why: 'Tomás Ortega, project role Product Owner' },
            { role: 'productOwner', person: '712020:00000007-aaaa-4bbb-8ccc-000000000006', why: 'Mei Tanaka, project role Product Owner' },
            { role: 'productManager', person: 'li.wei@acme.example', why: 'Li Wei, project role Product Manager' },
          ],
          suggestions: [{ role: 'productOwner', person: 'ana.souza@acme.example', why: 'Ana Souza, project lead' }],
          notes: ['Jira project PAY'],
        },
      ]),
    ]);
    expect(YAML.parse(text)).toEqual({
      teams: [{ name: 'Payments', match: { project: 'PAY' }, productOwner: ['tomas.ortega@acme.example', '712020:00000007-aaaa-4bbb-8ccc-000000000006'], productManager: 'li.wei@acme.example' }],
    });
    expect(text).toMatch(/^ {4}# productOwner: ana\.souza@acme\.example {3}# Ana Souza, project lead — confirm$/m);
    expect(text.startsWith("# backlint team roster: who owns each team's backlog (Product Owner) and product area (Product Manager).\n")).toBe(true);
  });

  it("lists a project's component and Team field teams before the project-wide one, so that they can match", () => {
    const team = (name: string, match: Discovery['teams'][number]['match']) => ({ name, match, owners: [], suggestions: [], notes: [] });
    const text = renderStarterRoster([
      discovery('pay', [team('Payments', { project: 'PAY' }), team('Payments Checkout', { project: 'PAY', component: 'Checkout' }), team('Web', { project: 'WEB' }), team('Storefront Squad', { team: 'Storefront Squad' })]),
    ]);
    expect((YAML.parse(text) as { teams: { name: string }[] }).teams.map((entry) => entry.name)).toEqual(['Payments Checkout', 'Storefront Squad', 'Payments', 'Web']);
  });

  it('reads back names that need quoting, and keeps comments on one line', () => {
    const odd = ['Team: "Core" # 1', '- dash', 'yes', '0123', 'Fabrikam Fiber\\Payments', '@here'];
    const text = renderStarterRoster([
      discovery(
        'x',
        odd.map((name) => ({ name, match: { areaPath: [name, `${name}\\Sub`], component: name }, owners: [], suggestions: [{ role: 'productManager', person: name, why: 'line one\nline two' }], notes: ['a\nb'] })),
      ),
    ]);
    const parsed = YAML.parse(text) as { teams: { name: string; match: { areaPath: string[]; component: string } }[] };
    expect(teamsSchema.safeParse(parsed.teams).success).toBe(true);
    expect(parsed.teams.map((team) => team.name)).toEqual(odd);
    expect(parsed.teams.map((team) => team.match.component)).toEqual(odd);
    expect(parsed.teams[4]!.match.areaPath).toEqual(['Fabrikam Fiber\\Payments', 'Fabrikam Fiber\\Payments\\Sub']);
    expect(text).not.toMatch(/^line two/m);
  });

  it('gives a name two sources share the source name, and writes an empty list when nothing was found', () => {
    const team = { name: 'Payments', match: { project: 'PAY' }, owners: [], suggestions: [], notes: [] };
    const parsed = YAML.parse(renderStarterRoster([discovery('cloud', [team]), discovery('dc', [team])])) as { teams: { name: string }[] };
    expect(parsed.teams.map((entry) => entry.name)).toEqual(['Payments', 'Payments (dc)']);
    expect(teamsSchema.safeParse(parsed.teams).success).toBe(true); // the roster refuses a name twice
    expect(YAML.parse(renderStarterRoster([discovery('cloud', [], ['nothing'])]))).toEqual({ teams: [] });
  });
});
